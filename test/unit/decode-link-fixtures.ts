// Test helpers for the non-Ethernet link decoders: common payloads and a cut-at-every-offset check.
import assert from 'node:assert/strict';

import {decodeFrame} from '../../src/decode/decode-frame.js';
import type {LinkEvent} from '../../src/decode/link-event.js';
import {guardReads} from './decode-fixtures.js';

export const MAC_C = '00:1b:63:0c:0c:0c';
export const MAC_D = '02:00:5e:10:00:0d';
export const MAC_C_NUM = 0x00_1b_63_0c_0c_0c;
export const MAC_D_NUM = 0x02_00_5e_10_00_0d;

/** A 28-byte Ethernet-style ARP request from `sha` (198.51.100.1 asks for 198.51.100.2). */
export function arpRequest(sha: string): string {
  return `0001 0800 06 04 0001 ${sha} c6336401 000000000000 c6336402`;
}

/** RFC 1042 LLC/SNAP header announcing an ARP payload. */
export const SNAP_ARP = 'aaaa03 000000 0806';

/**
 * Decodes every proper prefix of `frame` (lengths 0 .. length-1) behind the read guard, checking
 * that none throws or reads past its end, and returns their events. `origLenOf` gives the length
 * on the wire that decodeFrame is told for a prefix of `captured` bytes.
 */
export function decodeEveryCut(
  frame: Buffer,
  linkType: number,
  origLenOf: (captured: number) => number | undefined = () => frame.length,
): LinkEvent[] {
  const events: LinkEvent[] = [];
  for (let captured = 0; captured < frame.length; captured++) {
    const {data, overreads} = guardReads(frame.subarray(0, captured));
    let event: LinkEvent | undefined;
    assert.doesNotThrow(() => {
      event = decodeFrame(data, linkType, origLenOf(captured));
    }, `cut at ${captured}`);
    assert.deepEqual(overreads, [], `cut at ${captured}`);
    events.push(event!);
  }

  return events;
}

/** Every cut of an ARP frame is reported malformed and binds nothing. */
export function assertCutsMalformed(events: LinkEvent[]): void {
  for (const [captured, event] of events.entries()) {
    assert.equal(event.arp, null, `cut at ${captured}`);
    assert.notEqual(event.malformed, null, `cut at ${captured}: ${JSON.stringify(event)}`);
  }
}
