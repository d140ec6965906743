// Fuzz: every decoder reads only the captured bytes and always answers with a well-formed event,
// whatever mutated corpus frame or random bytes it gets, for every link type.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';

import fc from 'fast-check';

import {decodeFrame} from '../../src/decode/decode-frame.js';
import {guardReads} from '../unit/decode-fixtures.js';
import {buildFrame, frameRecipeArbitrary, loadSeeds} from './fuzz-frames.js';

/** Reads go through a Proxy here, which is slow: fewer frames than the model fuzz. */
const FRAMES = 20_000;
const SEED = 0x6465_636f;

describe('fuzzing decodeFrame alone', () => {
  const seeds = loadSeeds();

  it(`${FRAMES} mutated or random frames: no throw, no read past the captured bytes, a well-formed event`, {timeout: 60_000}, () => {
    fc.assert(
      fc.property(frameRecipeArbitrary, (recipe) => {
        const bytes = buildFrame(recipe, seeds);
        const {data, overreads} = guardReads(bytes);
        const event = decodeFrame(data, recipe.linkType, bytes.length + recipe.wireExtra);
        assert.deepEqual(overreads, [], `link type ${recipe.linkType}: ${bytes.toString('hex')}`);
        assert.ok(event.malformed === null || event.skip === null, 'malformed or skipped, not both');
        assert.ok(Number.isInteger(event.src) && Number.isInteger(event.dst));
        if (event.arp) assert.equal(event.kind, 'arp', 'ARP fields only on an ARP event');
        if (event.nd) assert.equal(event.kind, 'ipv6', 'ND fields only on an IPv6 event');
      }),
      {numRuns: FRAMES, seed: SEED},
    );
  });
});
