import assert from 'node:assert/strict';
import {describe, it} from 'node:test';

import {LINKTYPE} from '../../src/capture/frame.js';
import {decodeFrame} from '../../src/decode/decode-frame.js';
import {ether, guardReads, hex, MAC_A, MAC_A_NUM, MAC_B, MAC_B_NUM} from './decode-fixtures.js';

/** An ARP frame from MAC_B (198.51.100.1) to broadcast; `fixed` is htype, ptype, hlen, plen, op. */
function arpFrame(fixed: string, addresses = `${MAC_B} c6336401 000000000000 c6336402`): Buffer {
  return hex(ether('ff:ff:ff:ff:ff:ff', MAC_B, `0806 ${fixed} ${addresses}`));
}

describe('decodeFrame on ARP', () => {
  it('decodes an Ethernet-style request', () => {
    const event = decodeFrame(arpFrame('0001 0800 06 04 0001'), LINKTYPE.ETHERNET);
    assert.equal(event.kind, 'arp');
    assert.equal(event.src, MAC_B_NUM);
    assert.equal(event.dst, 0xff_ff_ff_ff_ff_ff);
    assert.deepEqual(event.arp, {
      op: 1,
      sha: MAC_B_NUM,
      spa: 0xc6_33_64_01,
      tha: 0,
      tpa: 0xc6_33_64_02,
    });
    assert.equal(event.skip, null);
    assert.equal(event.malformed, null);
  });

  it('decodes a reply with hardware type 6 (IEEE 802)', () => {
    const frame = arpFrame('0006 0800 06 04 0002', `${MAC_B} cb007101 ${MAC_A} cb007102`);
    assert.deepEqual(decodeFrame(frame, LINKTYPE.ETHERNET).arp, {
      op: 2,
      sha: MAC_B_NUM,
      spa: 0xcb_00_71_01,
      tha: MAC_A_NUM,
      tpa: 0xcb_00_71_02,
    });
  });

  it('keeps semantic oddities for the model (broadcast sender, 0.0.0.0 probe)', () => {
    const frame = arpFrame('0001 0800 06 04 0001', 'ffffffffffff 00000000 000000000000 c6336402');
    assert.deepEqual(decodeFrame(frame, LINKTYPE.ETHERNET).arp, {
      op: 1,
      sha: 0xff_ff_ff_ff_ff_ff,
      spa: 0,
      tha: 0,
      tpa: 0xc6_33_64_02,
    });
  });

  it('skips ARP that is not Ethernet-style, for each field that makes it so', () => {
    const cases: Array<[string, string, string]> = [
      ['hardware type 32 (IPoIB)', '0020 0800 06 04 0001', ''],
      ['hardware type 0', '0000 0800 06 04 0001', ''],
      ['protocol IPv6', '0001 86dd 06 04 0001', ''],
      ['hardware length 8', '0001 0800 08 04 0001', '0000 0000'],
      [
        'protocol length 16',
        '0001 0800 06 10 0001',
        '0000000000000000 0000000000000000 0000000000000000',
      ],
    ];
    for (const [name, fixed, extra] of cases) {
      const event = decodeFrame(
        arpFrame(fixed, `${MAC_B} c6336401 000000000000 c6336402 ${extra}`),
        LINKTYPE.ETHERNET,
      );
      assert.equal(event.kind, 'arp', name);
      assert.equal(event.arp, null, name);
      assert.equal(event.skip, 'ARP_NOT_ETHERNET', name);
      assert.equal(event.malformed, null, name);
      assert.equal(event.src, MAC_B_NUM, name);
    }
  });

  it('skips a complete ARCNET-style ARP (1-byte hardware addresses) as not Ethernet, not as truncated', () => {
    const event = decodeFrame(
      arpFrame('0007 0800 01 04 0001', '0a c6336401 0b c6336402'),
      LINKTYPE.ETHERNET,
    );
    assert.equal(event.skip, 'ARP_NOT_ETHERNET');
    assert.equal(event.malformed, null);
  });

  it('skips opcodes other than request and reply (RARP and InARP opcodes too)', () => {
    for (const op of ['0000', '0003', '0004', '0008', 'ffff']) {
      const event = decodeFrame(arpFrame(`0001 0800 06 04 ${op}`), LINKTYPE.ETHERNET);
      assert.equal(event.skip, 'ARP_OPCODE', op);
      assert.equal(event.arp, null, op);
    }
  });

  it('reports a non-Ethernet ARP cut before its declared addresses as truncated', () => {
    const frame = arpFrame('0001 0800 0e 04 0001', '');
    assert.equal(decodeFrame(frame, LINKTYPE.ETHERNET).malformed, 'ARP_TRUNCATED');
  });

  it('is cut at every byte offset without a throw or a read past the end', () => {
    const frame = arpFrame('0001 0800 06 04 0001');
    for (let length = 0; length <= frame.length; length++) {
      const {data, overreads} = guardReads(frame.subarray(0, length));
      const event = decodeFrame(data, LINKTYPE.ETHERNET);
      assert.deepEqual(overreads, [], `length ${length}`);
      const expected = length < 14 ? 'ETHERNET_TRUNCATED' : length < 42 ? 'ARP_TRUNCATED' : null;
      assert.equal(event.malformed, expected, `length ${length}`);
      assert.equal(event.arp === null, length < 42, `length ${length}`);
      assert.equal(event.src, length < 12 ? -1 : MAC_B_NUM, `length ${length}`);
    }
  });

  it('ignores Ethernet padding after the 28-byte body', () => {
    const padded = Buffer.concat([arpFrame('0001 0800 06 04 0002'), Buffer.alloc(18, 0xee)]);
    assert.equal(decodeFrame(padded, LINKTYPE.ETHERNET).arp?.op, 2);
  });
});
