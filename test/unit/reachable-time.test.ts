import assert from 'node:assert/strict';
import {describe, it} from 'node:test';

import {computeReachableSeconds, possibleReachableSeconds} from '../../src/core/reachable-time.js';
import {seededRandom32} from '../../src/core/random.js';

describe('reachable time (spec §3.1)', () => {
  it('E1: base 30 gives only the 16 listed values', () => {
    const expected = [14, 15, 18, 19, 23, 24, 27, 28, 31, 32, 35, 36, 39, 40, 43, 44];
    assert.deepEqual(possibleReachableSeconds(30), expected);
    const random = seededRandom32(7);
    const seen = new Set<number>();
    for (let i = 0; i < 20_000; i++) seen.add(computeReachableSeconds(30, random()));
    assert.deepEqual([...seen].sort((a, b) => a - b), expected);
  });

  it('E2: base 120 gives the 32-value set and never 61', () => {
    const values = possibleReachableSeconds(120);
    assert.equal(values.length, 32);
    assert.equal(values[0], 59);
    assert.equal(values.at(-1), 179);
    assert.ok(!values.includes(61));
    assert.deepEqual(values.slice(0, 8), [59, 60, 64, 65, 76, 77, 80, 81]);
  });

  it('E3: bases 1, 2, 10 and 60 give the worked values', () => {
    assert.deepEqual(possibleReachableSeconds(1), [0]);
    assert.deepEqual(possibleReachableSeconds(2), [0, 1]);
    assert.deepEqual(possibleReachableSeconds(10), [4, 5, 12, 13]);
    assert.deepEqual(possibleReachableSeconds(60), [29, 31, 37, 39, 46, 48, 54, 56, 62, 64, 70, 72, 78, 80, 87, 89]);
  });

  it('E4: base 4,294,968 wraps in 32-bit arithmetic to 0', () => {
    assert.equal(computeReachableSeconds(4_294_968, 0xffffffff), 0);
    assert.deepEqual(possibleReachableSeconds(4_294_968), [0]);
  });

  it('uses the random word only through the mask (all-ones gives the maximum)', () => {
    assert.equal(computeReachableSeconds(30, 0), 14);
    assert.equal(computeReachableSeconds(30, 0xffffffff), 44);
  });

  it('a seed gives the same sequence every time', () => {
    const a = seededRandom32(42);
    const b = seededRandom32(42);
    for (let i = 0; i < 5; i++) assert.equal(a(), b());
    assert.notEqual(seededRandom32(1)(), seededRandom32(2)());
  });
});
