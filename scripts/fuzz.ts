// The long fuzz run: `node --import tsx scripts/fuzz.ts --frames 5000000 --seed 42`. Feeds mutated
// corpus frames and random bytes of every link type through decodeFrame and a small model, as
// test/fuzz/model-fuzz.test.ts does in CI, and prints the seed (and fast-check's path) to replay a failure.
import {parseArgs} from 'node:util';

import fc from 'fast-check';

import {frameRecipeArbitrary, loadSeeds, modelRecipeArbitrary, runSequence} from '../test/fuzz/fuzz-frames.js';

const FRAMES_PER_SEQUENCE = 100;

function readOptions() {
  const {values} = parseArgs({
    options: {
      frames: {type: 'string', default: '1000000'},
      seed: {type: 'string'},
      path: {type: 'string'},
      'check-every': {type: 'string', default: '1'},
    },
  });
  const frames = Number(values.frames);
  const seed = values.seed === undefined ? Math.floor(Math.random() * 0x7fff_ffff) : Number(values.seed);
  const checkEvery = Number(values['check-every']);
  if (!Number.isInteger(frames) || frames < 1 || !Number.isInteger(seed) || !(checkEvery >= 1)) {
    console.error('usage: scripts/fuzz.ts [--frames N] [--seed S] [--path P] [--check-every K]');
    process.exit(2);
  }
  return {frames, seed, checkEvery, path: values.path};
}

function main(): void {
  const {frames, seed, checkEvery, path} = readOptions();
  const seeds = loadSeeds();
  const numRuns = Math.ceil(frames / FRAMES_PER_SEQUENCE);
  console.log(`fuzz: ${numRuns * FRAMES_PER_SEQUENCE} frames in ${numRuns} sequences, seed ${seed}`);
  const startedMs = Date.now();
  const sequence = fc.array(frameRecipeArbitrary, {minLength: FRAMES_PER_SEQUENCE, maxLength: FRAMES_PER_SEQUENCE});
  const property = fc.property(modelRecipeArbitrary, sequence, (model, recipes) => {
    const problems = runSequence(model, recipes, seeds, checkEvery);
    if (problems.length > 0) throw new Error(problems.join('\n'));
  });
  const result = fc.check(property, {numRuns, seed, path, endOnFailure: false});
  const seconds = ((Date.now() - startedMs) / 1000).toFixed(1);
  if (!result.failed) {
    console.log(`fuzz: passed in ${seconds} s (seed ${seed})`);
    return;
  }
  console.error(`fuzz: FAILED after ${result.numRuns} sequences in ${seconds} s`);
  console.error(`replay: node --import tsx scripts/fuzz.ts --frames ${frames} --seed ${seed} --path "${result.counterexamplePath}"`);
  console.error(String(result.errorInstance));
  process.exitCode = 1;
}

main();
