// Fuzz: damaged capture files (mutated small corpus pcap and pcapng files) through the file reader
// and on into the model: only LlreachError may escape, frames keep the Frame contract, and the
// model's invariants hold at the end of every file.
import assert from 'node:assert/strict';
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {describe, it} from 'node:test';

import fc from 'fast-check';

import {readCaptureBytes} from '../../src/capture/file-reader.js';
import {findInvariantViolations} from '../../src/core/invariants.js';
import {ReachabilityModel} from '../../src/core/model.js';
import {seededRandom32} from '../../src/core/random.js';
import {decodeFrame} from '../../src/decode/decode-frame.js';
import {LlreachError} from '../../src/errors.js';
import {corpusDir} from '../helpers/paths.js';
import {applyMutation, type Mutation} from './fuzz-frames.js';

const FILES = 10_000;
const SEED = 0x6669_6c65;
/** Small files keep each run cheap; they still cover pcap, pcapng, both byte orders and ns times. */
const MAX_FILE_BYTES = 4096;

function loadSmallFiles(): Buffer[] {
  return readdirSync(corpusDir)
    .filter((name) => /\.pcap(ng)?$/.test(name) && statSync(join(corpusDir, name)).size <= MAX_FILE_BYTES)
    .sort()
    .map((name) => readFileSync(join(corpusDir, name)));
}

/** Mutations anywhere in the file: block and record headers sit throughout, not only up front. */
const fileMutation: fc.Arbitrary<Mutation> = fc.oneof(
  {weight: 3, arbitrary: fc.record({kind: fc.constant('flip' as const), pos: fc.nat(), bit: fc.integer({min: 0, max: 7})})},
  {weight: 1, arbitrary: fc.record({kind: fc.constant('truncate' as const), len: fc.nat({max: MAX_FILE_BYTES})})},
  {weight: 3, arbitrary: fc.record({
    kind: fc.constant('length' as const),
    pos: fc.nat({max: MAX_FILE_BYTES}),
    width: fc.constantFrom(1 as const, 2 as const),
    littleEndian: fc.boolean(),
    value: fc.oneof(fc.constantFrom(0, 1, 4, 8, 12, 16, 0x7fff, 0xffff), fc.nat({max: 0xffff})),
  })},
  {weight: 1, arbitrary: fc.record({kind: fc.constant('splice' as const), other: fc.nat(), from: fc.nat(), len: fc.nat({max: 64}), at: fc.nat()})},
  {weight: 1, arbitrary: fc.record({kind: fc.constant('random' as const), pos: fc.nat(), bytes: fc.uint8Array({minLength: 1, maxLength: 8})})},
);

function readIntoModel(bytes: Buffer): string[] {
  const model = new ReachabilityModel({arpBaseSec: 30, nd6BaseSec: 30, maxRecords: 4, random32: seededRandom32(1)});
  const problems: string[] = [];
  try {
    readCaptureBytes(bytes, (frame) => {
      if (!(frame.tsNsec >= 0 && frame.tsNsec <= 999_999_999)) problems.push(`tsNsec ${frame.tsNsec}`);
      if (!Number.isFinite(frame.tsSec)) problems.push(`tsSec ${frame.tsSec}`);
      model.ingest(frame, decodeFrame(frame.data, frame.linkType, frame.origLen));
    }, (iface) => model.addInterface(iface));
  } catch (error) {
    if (!(error instanceof LlreachError)) throw error;
  }
  return [...problems, ...findInvariantViolations(model)];
}

describe('fuzzing the capture-file reader', () => {
  const files = loadSmallFiles();

  it(`${FILES} damaged files: only LlreachError escapes, frames keep the contract, invariants hold`, {timeout: 60_000}, () => {
    assert.ok(files.length >= 10, `${files.length} small corpus files`);
    const damagedFile = fc.record({file: fc.nat(), mutations: fc.array(fileMutation, {minLength: 1, maxLength: 4})});
    fc.assert(
      fc.property(damagedFile, ({file, mutations}) => {
        let bytes = files[file % files.length]!;
        for (const mutation of mutations) bytes = applyMutation(bytes, mutation, files);
        assert.deepEqual(readIntoModel(bytes), []);
      }),
      {numRuns: FILES, seed: SEED},
    );
  });
});
