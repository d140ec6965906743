import assert from 'node:assert/strict';
import {describe, it} from 'node:test';

import {LINKTYPE} from '../../src/capture/frame.js';
import {decodeFrame} from '../../src/decode/decode-frame.js';
import type {LinkEvent} from '../../src/decode/link-event.js';
import {guardReads, hex} from './decode-fixtures.js';
import {arpRequest, MAC_C, SNAP_ARP} from './decode-link-fixtures.js';

/** A fixed-seed xorshift32, so a failure reproduces. */
function createRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
}

/** A radiotap header with random present words (biased to real fields) and random field bytes. */
function randomRadiotap(next: () => number): Buffer {
  const count = 1 + (next() % 4);
  const words = Array.from({length: count}, (_, i) => {
    const fields = next() & (next() % 2 === 0 ? 0x0fff_ffff : 0x0000_08ff);
    const namespace = [0, 1 << 29, 1 << 30][next() % 3];
    return (fields | namespace | (i < count - 1 ? 0x8000_0000 : 0)) >>> 0;
  });
  const fields = Buffer.from(Array.from({length: next() % 48}, () => next() & 0xff));
  const header = Buffer.alloc(4 + 4 * words.length);
  for (const [i, word] of words.entries()) header.writeUInt32LE(word, 4 + 4 * i);
  const length = next() % 4 === 0 ? next() % 96 : header.length + fields.length;
  header.writeUInt16LE(length, 2);
  return Buffer.concat([header, fields]);
}

/** An 802.11 frame with a random frame control byte pair, mostly data frames, ARP payload. */
function randomWlan(next: () => number): Buffer {
  const fc = [0x08, 0x88, 0x48, 0xc8, 0x80, 0x09][next() % 6];
  const addr4 = next() % 2 === 0 ? '' : MAC_C;
  const body = `${'00'.repeat(22)} ${addr4} ${SNAP_ARP} ${arpRequest(MAC_C)}`;
  return Buffer.concat([Buffer.from([fc, next() & 0xff]), hex(body)]);
}

describe('decodeFrame on arbitrary bytes of the other link types', () => {
  it('never throws and never reads past the captured length', () => {
    const next = createRandom(0x1357_9bdf);
    const seen = new Set<string>();
    const linkTypes = [
      LINKTYPE.IEEE802_11_RADIOTAP,
      LINKTYPE.IEEE802_11,
      LINKTYPE.LINUX_SLL,
      LINKTYPE.LINUX_SLL2,
      LINKTYPE.IPOIB,
    ];
    for (let i = 0; i < 3000; i++) {
      const linkType = linkTypes[i % linkTypes.length];
      const wlan = randomWlan(next);
      const frame =
        linkType === LINKTYPE.IEEE802_11_RADIOTAP
          ? Buffer.concat([randomRadiotap(next), wlan])
          : linkType === LINKTYPE.IEEE802_11
            ? wlan
            : Buffer.from(Array.from({length: next() % 90}, () => next() & 0xff));
      const captured = next() % 3 === 0 ? next() % (frame.length + 1) : frame.length;
      const {data, overreads} = guardReads(frame.subarray(0, captured));
      let event: LinkEvent | undefined;
      assert.doesNotThrow(() => {
        event = decodeFrame(data, linkType, frame.length - (next() % 2));
      }, frame.toString('hex'));
      assert.deepEqual(overreads, [], `frame ${i}: ${frame.toString('hex')}`);
      seen.add(event!.malformed ?? event!.skip ?? (event!.arp ? 'ARP' : event!.kind));
    }

    // The random frames must have reached the deep branches, or the test proves little.
    const deep = ['RADIOTAP_INVALID', 'RADIOTAP_TRUNCATED', 'WLAN_NULL_DATA', 'SLL_TRUNCATED'];
    deep.push('ARP');
    for (const code of deep) {
      assert.ok(seen.has(code), `${code} never reached: ${JSON.stringify([...seen])}`);
    }
  });
});
