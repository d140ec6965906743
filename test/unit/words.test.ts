import assert from 'node:assert/strict';
import {describe, it} from 'node:test';

import {formatExpires, formatSeconds, lqmWord, npmWord, rssiWord} from '../../src/render/words.js';

describe('Apple time and metric words (spec §7)', () => {
  it('E25: sec2str examples', () => {
    assert.equal(formatSeconds(0), '0s');
    assert.equal(formatSeconds(44), '44s');
    assert.equal(formatSeconds(59), '59s');
    assert.equal(formatSeconds(60), '1m0s');
    assert.equal(formatSeconds(3600), '1h0m0s');
    assert.equal(formatSeconds(3601), '1h0m1s');
    assert.equal(formatSeconds(86399), '23h59m59s');
    assert.equal(formatSeconds(86400), '1d0h0m0s');
    assert.equal(formatSeconds(90061), '1d1h1m1s');
  });

  it('E29: metric words, other values as numbers', () => {
    assert.equal(rssiWord(-2147483648), 'unknown');
    assert.equal(rssiWord(-74), '-74');
    assert.deepEqual([-2, -1, 50, 100, 10, 20].map(lqmWord), ['off', 'unknown', 'poor', 'good', '10', '20']);
    assert.deepEqual([-1, 30, 70, 100, 50].map(npmWord), ['unknown', 'near', 'general', 'far', '50']);
  });

  it('E24: an expiry equal to now prints expired', () => {
    process.env.TZ = 'UTC';
    assert.equal(formatExpires(1_000_000_000, 0), '2001-09-09 01:46:40 (expired)');
    assert.equal(formatExpires(1_000_000_000, 61), '2001-09-09 01:46:40 (1m1s)');
    assert.equal(formatExpires(0, -5), 'permanent');
  });
});
