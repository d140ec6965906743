// Fuzz: mutated corpus frames and random bytes of every link type through decodeFrame and a small
// ReachabilityModel; nothing may throw and the invariants must hold after every frame.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';

import fc from 'fast-check';

import {FUZZ_LINK_TYPES, frameRecipeArbitrary, loadSeeds, modelRecipeArbitrary, runSequence} from './fuzz-frames.js';

/** CI's share of the 200,000 mutated frames; scripts/fuzz.ts runs longer. */
const SEQUENCES = 2100;
const FRAMES_PER_SEQUENCE = 100;
/** Fixed, so a failure in CI reproduces; scripts/fuzz.ts --seed explores others. */
const SEED = 0x6c6c_7365;

describe('fuzzing the decoders and the model', () => {
  const seeds = loadSeeds();

  it('has seed frames for every link type llreach decodes', () => {
    for (const linkType of FUZZ_LINK_TYPES.filter((t) => t !== 129)) {
      assert.ok((seeds.get(linkType)?.length ?? 0) > 0, `no seeds for link type ${linkType}`);
    }
  });

  it(`${SEQUENCES * FRAMES_PER_SEQUENCE} mutated frames: no exception, invariants hold after every frame`, {timeout: 120_000}, () => {
    let frames = 0;
    const sequence = fc.array(frameRecipeArbitrary, {minLength: FRAMES_PER_SEQUENCE, maxLength: FRAMES_PER_SEQUENCE});
    fc.assert(
      fc.property(modelRecipeArbitrary, sequence, (model, recipes) => {
        frames += recipes.length;
        assert.deepEqual(runSequence(model, recipes, seeds), []);
      }),
      {numRuns: SEQUENCES, seed: SEED},
    );
    assert.ok(frames >= 200_000, `only ${frames} frames ran`);
  });
});
