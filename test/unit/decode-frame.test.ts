import assert from 'node:assert/strict';
import {describe, it} from 'node:test';

import {LINKTYPE} from '../../src/capture/frame.js';
import {decodeFrame} from '../../src/decode/decode-frame.js';
import {ether, fillIcmp6Checksum, guardReads, hex, MAC_A, MAC_A_NUM, MAC_B, MAC_B_NUM} from './decode-fixtures.js';

/** 28-byte Ethernet-style ARP request: 198.51.100.1 asks for 198.51.100.2. */
const ARP_BODY = `0001 0800 06 04 0001 ${MAC_B} c6336401 000000000000 c6336402`;
const IPV4_BODY = '4500 001c 0000 4000 4011 0000 c6336401 c6336402';

function decodeEthernet(text: string) {
  return decodeFrame(hex(text), LINKTYPE.ETHERNET);
}

describe('decodeFrame on Ethernet II', () => {
  it('reads source and destination and dispatches IPv4', () => {
    const event = decodeEthernet(ether(MAC_A, MAC_B, `0800 ${IPV4_BODY}`));
    assert.deepEqual(event, {
      kind: 'ipv4',
      src: MAC_B_NUM,
      dst: MAC_A_NUM,
      vlan: '',
      arp: null,
      nd: null,
      rssi: null,
      transmitter: -1,
      ifindex: null,
      ipDst: 0xc6336402,
      outgoing: false,
      toOtherHost: false,
      skip: null,
      malformed: null,
    });
  });

  it('labels RARP and other ethertypes as skipped, keeping the MACs', () => {
    const rarp = decodeEthernet(ether(MAC_A, MAC_B, `8035 ${ARP_BODY}`));
    assert.equal(rarp.kind, 'other');
    assert.equal(rarp.skip, 'RARP');
    assert.equal(rarp.src, MAC_B_NUM);
    const lldp = decodeEthernet(ether(MAC_A, MAC_B, '88cc 0207 0400 1b63 0a0b 0c'));
    assert.equal(lldp.kind, 'other');
    assert.equal(lldp.skip, 'ETHERTYPE_OTHER');
    assert.equal(lldp.dst, MAC_A_NUM);
  });

  it('treats type values between 1501 and 1535 as an unknown ethertype, not a length', () => {
    assert.equal(decodeEthernet(ether(MAC_A, MAC_B, '05dd 0000')).skip, 'ETHERTYPE_OTHER');
  });

  it('reports a frame shorter than its MACs with no addresses', () => {
    for (const text of ['', '00', `${MAC_A} 02005e1000`]) {
      const event = decodeEthernet(text);
      assert.equal(event.malformed, 'ETHERNET_TRUNCATED');
      assert.equal(event.src, -1);
      assert.equal(event.dst, -1);
      assert.equal(event.kind, 'other');
    }
  });

  it('keeps the addresses of a frame cut inside its type field', () => {
    const event = decodeEthernet(ether(MAC_A, MAC_B, '08'));
    assert.equal(event.malformed, 'ETHERNET_TRUNCATED');
    assert.equal(event.src, MAC_B_NUM);
    assert.equal(event.dst, MAC_A_NUM);
  });
});

describe('decodeFrame on VLAN tags', () => {
  it('records one 802.1Q tag by the low 12 bits of the TCI', () => {
    // TCI 0xa07b: priority 5, DEI 0, VID 123.
    const event = decodeEthernet(ether(MAC_A, MAC_B, `8100 a07b 0806 ${ARP_BODY}`));
    assert.equal(event.vlan, '123');
    assert.equal(event.kind, 'arp');
    assert.notEqual(event.arp, null);
  });

  it('records stacked 802.1ad and 802.1Q tags outer to inner', () => {
    const event = decodeEthernet(ether(MAC_A, MAC_B, `88a8 00c8 8100 07d1 0806 ${ARP_BODY}`));
    assert.equal(event.vlan, '200/2001');
    assert.equal(event.arp?.spa, 0xc6_33_64_01);
  });

  it('follows the pre-standard 0x9100 tag and three-deep stacks', () => {
    const event = decodeEthernet(
      ether(MAC_A, MAC_B, `9100 0001 88a8 f002 8100 1fff 0800 ${IPV4_BODY}`),
    );
    assert.equal(event.vlan, '1/2/4095');
    assert.equal(event.kind, 'ipv4');
  });

  it('treats a priority tag (VID 0) as untagged', () => {
    const event = decodeEthernet(ether(MAC_A, MAC_B, `8100 a000 0806 ${ARP_BODY}`));
    assert.equal(event.vlan, '');
    assert.equal(event.kind, 'arp');
    assert.equal(decodeEthernet(ether(MAC_A, MAC_B, `88a8 00c8 8100 6000 0800`)).vlan, '200');
  });

  it('reports a frame cut inside a tag or before the inner type as truncated', () => {
    for (const types of ['8100', '8100 00', '8100 007b', '8100 007b 08', '88a8 00c8 8100 07d1']) {
      const event = decodeEthernet(ether(MAC_A, MAC_B, types));
      assert.equal(event.malformed, 'ETHERNET_TRUNCATED', types);
      assert.equal(event.src, MAC_B_NUM);
    }
  });

  it('accepts an 802.3 length after a tag', () => {
    assert.equal(
      decodeEthernet(ether(MAC_A, MAC_B, '8100 000a 0026 424203 0000')).skip,
      'LLC_NOT_SNAP',
    );
  });
});

describe('decodeFrame on IEEE 802.3 with LLC', () => {
  it('takes the ethertype from SNAP with OUI 00-00-00 (ARP with hardware type 6)', () => {
    const body = `0006 0800 06 04 0002 ${MAC_B} c6336401 ${MAC_A} c6336402`;
    const event = decodeEthernet(ether(MAC_A, MAC_B, `0024 aaaa03 000000 0806 ${body}`));
    assert.equal(event.kind, 'arp');
    assert.deepEqual(event.arp, {
      op: 2,
      sha: MAC_B_NUM,
      spa: 0xc6_33_64_01,
      tha: MAC_A_NUM,
      tpa: 0xc6_33_64_02,
    });
  });

  it('follows a VLAN tag carried inside SNAP', () => {
    const event = decodeEthernet(
      ether(MAC_A, MAC_B, `0024 aaaa03 000000 8100 0064 0806 ${ARP_BODY}`),
    );
    assert.equal(event.vlan, '100');
    assert.equal(event.kind, 'arp');
  });

  it('skips LLC that is not SNAP, and SNAP with another OUI', () => {
    // Spanning tree (SAP 0x42), then 802.1H bridge tunnel encapsulation (OUI 00-00-f8).
    for (const llc of ['0026 424203 0000 00', `0024 aaaa03 0000f8 0806 ${ARP_BODY}`]) {
      const event = decodeEthernet(ether(MAC_A, MAC_B, llc));
      assert.equal(event.kind, 'other');
      assert.equal(event.skip, 'LLC_NOT_SNAP');
      assert.equal(event.malformed, null);
    }
  });

  it('reports LLC or SNAP headers cut short', () => {
    for (const llc of [
      '0024',
      '0024 aa',
      '0024 aaaa03',
      '0024 aaaa03 000000 08',
      '0024 aaaa03 000000 8100 0064',
    ]) {
      assert.equal(decodeEthernet(ether(MAC_A, MAC_B, llc)).malformed, 'LLC_TRUNCATED', llc);
    }
  });
});

describe('decodeFrame on other link types', () => {
  it('skips a link type it does not decode yet, with no addresses', () => {
    const event = decodeFrame(hex(ether(MAC_A, MAC_B, `0806 ${ARP_BODY}`)), LINKTYPE.ARCNET_LINUX);
    assert.deepEqual(event, {
      kind: 'other',
      src: -1,
      dst: -1,
      vlan: '',
      arp: null,
      nd: null,
      rssi: null,
      transmitter: -1,
      ifindex: null,
      ipDst: null,
      outgoing: false,
      toOtherHost: false,
      skip: 'LINKTYPE_129',
      malformed: null,
    });
  });
});

describe('decodeFrame on arbitrary bytes', () => {
  it('never throws and never reads past the captured length', () => {
    // A fixed-seed generator (xorshift32) so a failure reproduces; frames are biased towards the
    // type fields the decoders branch on, so random bytes reach ARP, ND and VLAN code.
    let state = 0x2545_f491;
    const next = () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return state >>> 0;
    };

    const seen = new Map<string, number>();
    const count = (code: string) => seen.set(code, (seen.get(code) ?? 0) + 1);
    /** Makes the bytes after an 86dd type a plausible ND packet: version 6, ICMPv6, hop limit 255, code 0. */
    const makeNdLike = (frame: Buffer, type: number) => {
      frame[14] = 0x60;
      frame[18] = 0;
      frame[19] = next() % 64;
      frame[20] = 58;
      frame[21] = 255;
      frame[22] = 0xfe;
      frame[23] = 0x80;
      frame[54] = type;
      frame[55] = 0;
      frame[62] = 0x20; // a unicast target for NS, NA and Redirect
      const firstOption = 54 + [8, 16, 24, 24, 40][type - 133];
      if (firstOption + 1 < frame.length) frame[firstOption + 1] = next() % 3;
      // Most senders compute their checksum; one in eight here does not.
      const end = 54 + frame[19]!;
      if (end <= frame.length && next() % 8 !== 0) fillIcmp6Checksum(frame, 14, 54, end);
    };
    /** Keeps ARP address lengths small so that some random ARP bodies are complete. */
    const makeArpLike = (frame: Buffer) => {
      frame[18] = next() % 8;
      frame[19] = next() % 8;
    };

    const prefixes = ['0806', '86dd', '8100', '88a8', '0030aaaa03000000', '8035', '0800'];
    for (let i = 0; i < 4000; i++) {
      const body = Buffer.from(Array.from({length: next() % 120}, () => next() & 0xff));
      const frame = Buffer.concat([hex(ether(MAC_A, MAC_B, prefixes[i % prefixes.length])), body]);
      if (i % 7 === 1 && body.length > 42) makeNdLike(frame, 133 + (next() % 5));
      if (i % 7 === 0 && body.length > 6) makeArpLike(frame);
      const {data, overreads} = guardReads(frame.subarray(0, next() % (frame.length + 1)));
      let event;
      assert.doesNotThrow(() => (event = decodeFrame(data, LINKTYPE.ETHERNET)));
      assert.deepEqual(overreads, [], `frame ${i}: ${frame.toString('hex')}`);
      count(event!.malformed ?? event!.skip ?? (event!.nd ? 'ND' : event!.kind));
    }

    // The random frames must have reached the deep branches, or the test proves little.
    for (const code of [
      'ARP_TRUNCATED',
      'ARP_NOT_ETHERNET',
      'ND_TRUNCATED',
      'ND_OPTION_TRUNCATED',
      'ND_OPTION_LEN_ZERO',
      'ICMPV6_BAD_CHECKSUM',
      'ETHERNET_TRUNCATED',
      'LLC_TRUNCATED',
      'ND',
    ]) {
      assert.ok((seen.get(code) ?? 0) > 0, `${code} never reached: ${JSON.stringify([...seen])}`);
    }
  });

  it('has a read guard that notices reads past the end', () => {
    const {data, overreads} = guardReads(Buffer.alloc(4));
    assert.equal(data[3], 0);
    assert.equal(data[4], undefined);
    data.toString('hex', 0, 5);
    assert.equal(overreads.length, 2);
  });
});
