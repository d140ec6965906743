import assert from 'node:assert/strict';
import {describe, it} from 'node:test';

import {LINKTYPE} from '../../src/capture/frame.js';
import {decodeFrame} from '../../src/decode/decode-frame.js';
import type {LinkEvent} from '../../src/decode/link-event.js';
import {ether, fillIcmp6Checksum, guardReads, hex, MAC_A, MAC_A_NUM, MAC_B, MAC_B_NUM} from './decode-fixtures.js';

const FE80_1 = 'fe80 0000 0000 0000 0000 0000 0000 0001';
const FE80_2 = 'fe80 0000 0000 0000 0000 0000 0000 0002';
const GLOBAL_1 = '2001 0db8 0000 0000 0000 0000 0000 0001';
const GLOBAL_2 = '2001 0db8 0000 0000 0000 0000 0000 0002';
const UNSPECIFIED = '0000 0000 0000 0000 0000 0000 0000 0000';
const ALL_NODES = 'ff02 0000 0000 0000 0000 0000 0000 0001';
const SOLICITED_FE80_2 = 'ff02 0000 0000 0000 0000 0001 ff00 0002';
const SLLAO = `01 01 ${MAC_B}`;
const TLLAO = `02 01 ${MAC_B}`;

const ip6 = (text: string) => text.replaceAll(' ', '');

interface Packet {
  src?: string;
  dst?: string;
  hopLimit?: number;
  /** IPv6 payload length; defaults to the ICMPv6 bytes given. */
  payloadLength?: number;
  nextHeader?: number;
  /** Leave the checksum as given in `icmp` instead of computing it as a sender would. */
  keepChecksum?: boolean;
}

/** Where the ICMPv6 message starts: after the Ethernet (14) and IPv6 (40) headers. */
const ICMP_OFFSET = 54;

/** An Ethernet + IPv6 frame from MAC_B to MAC_A carrying `icmp` (hex), its checksum computed. */
function ipv6Frame(icmp: string, packet: Packet = {}): Buffer {
  const body = hex(icmp);
  const {
    src = FE80_1,
    dst = ALL_NODES,
    hopLimit = 255,
    payloadLength = body.length,
    nextHeader = 58,
    keepChecksum = false,
  } = packet;
  const header = `60000000 ${payloadLength.toString(16).padStart(4, '0')} ${nextHeader.toString(16).padStart(2, '0')}`;
  const frame = Buffer.concat([
    hex(
      ether(MAC_A, MAC_B, `86dd ${header} ${hopLimit.toString(16).padStart(2, '0')} ${src} ${dst}`),
    ),
    body,
  ]);
  const end = ICMP_OFFSET + payloadLength;
  return keepChecksum || end > frame.length || body.length < 4 ? frame : fillIcmp6Checksum(frame, 14, ICMP_OFFSET, end);
}

function decode(icmp: string, packet: Packet = {}): LinkEvent {
  return decodeFrame(ipv6Frame(icmp, packet), LINKTYPE.ETHERNET);
}

const rs = (options = '') => `85 00 0000 00000000 ${options}`;
const ra = (flags: string, lifetime: string, options = '') =>
  `86 00 0000 40 ${flags} ${lifetime} 00000000 00000000 ${options}`;
const ns = (target: string, options = '') => `87 00 0000 00000000 ${target} ${options}`;
const na = (flags: string, target: string, options = '') =>
  `88 00 0000 ${flags}000000 ${target} ${options}`;
const redirect = (target: string, destination: string, options = '') =>
  `89 00 0000 00000000 ${target} ${destination} ${options}`;

/** Asserts the message was rejected with `code` while the Ethernet addresses were kept. */
function assertRejected(
  event: LinkEvent,
  field: 'skip' | 'malformed',
  code: string,
  name = code,
): void {
  assert.equal(event.kind, 'ipv6', name);
  assert.equal(event.nd, null, name);
  assert.equal(event[field], code, name);
  assert.equal(event.src, MAC_B_NUM, `${name}: any IPv6 frame refreshes its source`);
  assert.equal(event.dst, MAC_A_NUM, name);
}

describe('decodeFrame on IPv6 without ND', () => {
  it('marks any IPv6 frame as ipv6 with its Ethernet source', () => {
    const udp = decode('d431 0035 0008 0000', {nextHeader: 17});
    assert.deepEqual(
      [udp.kind, udp.src, udp.nd, udp.skip, udp.malformed],
      ['ipv6', MAC_B_NUM, null, null, null],
    );
    const echo = decode('80 00 0000 0001 0001');
    assert.deepEqual([echo.kind, echo.nd, echo.skip, echo.malformed], ['ipv6', null, null, null]);
  });

  it('reports a cut IPv6 header, an empty ICMPv6 payload, and a wrong version', () => {
    const cut = decodeFrame(ipv6Frame(rs()).subarray(0, 53), LINKTYPE.ETHERNET);
    assertRejected(cut, 'malformed', 'IPV6_TRUNCATED');
    assertRejected(decode('', {payloadLength: 0}), 'malformed', 'ICMPV6_TRUNCATED');
    const frame = ipv6Frame(rs(SLLAO));
    frame[14] = 0x40;
    assertRejected(decodeFrame(frame, LINKTYPE.ETHERNET), 'skip', 'IPV6_VERSION');
  });
});

describe('decodeFrame on ND behind IPv6 extension headers', () => {
  /** An NS from FE80_1 behind `headers` (hex, each naming the next), the checksum computed. */
  function behind(headers: string[], nextHeader: number, keepChecksum = false): LinkEvent {
    const extension = hex(headers.join(''));
    const icmp = hex(ns(FE80_2, SLLAO));
    const header = `60000000 ${(extension.length + icmp.length).toString(16).padStart(4, '0')} ${nextHeader.toString(16).padStart(2, '0')} ff`;
    const frame = Buffer.concat([hex(ether(MAC_A, MAC_B, `86dd ${header} ${FE80_1} ${SOLICITED_FE80_2}`)), extension, icmp]);
    const icmpOffset = ICMP_OFFSET + extension.length;
    if (!keepChecksum) fillIcmp6Checksum(frame, 14, icmpOffset, frame.length);
    return decodeFrame(frame, LINKTYPE.ETHERNET);
  }
  const HOP_BY_HOP_TO_DEST = '3c 00 01 04 00000000'; // next: destination options; PadN
  const DEST_TO_ICMPV6 = '3a 00 01 04 00000000';
  const ROUTING_16_TO_ICMPV6 = '3a 01 00 00 00000000 00000000 00000000';

  it('walks hop-by-hop, destination-options and routing headers (with their lengths) to the NS', () => {
    const chained = behind([HOP_BY_HOP_TO_DEST, DEST_TO_ICMPV6], 0);
    assert.equal(chained.nd?.sllao, MAC_B_NUM);
    assert.equal(behind([ROUTING_16_TO_ICMPV6], 43).nd?.target, ip6(FE80_2));
    assert.equal(behind([DEST_TO_ICMPV6], 60, true).malformed, 'ICMPV6_BAD_CHECKSUM', 'the checksum is still checked');
  });

  it('leaves a fragment alone (ND is never fragmented) and calls a cut chain malformed', () => {
    const fragment = behind(['3a 00 0000 00000001'], 44);
    assert.deepEqual([fragment.kind, fragment.nd, fragment.skip, fragment.malformed], ['ipv6', null, null, null]);
    const frame = Buffer.concat([hex(ether(MAC_A, MAC_B, `86dd 60000000 0010 00 ff ${FE80_1} ${SOLICITED_FE80_2}`)), hex('3c')]);
    assert.equal(decodeFrame(frame, LINKTYPE.ETHERNET).malformed, 'IPV6_EXTENSION_TRUNCATED');
  });
});

describe('decodeFrame on valid ND messages', () => {
  it('decodes a Router Solicitation with its SLLAO', () => {
    const event = decode(rs(SLLAO), {dst: 'ff02 0000 0000 0000 0000 0000 0000 0002'});
    assert.deepEqual(event.nd, {
      type: 133,
      src: ip6(FE80_1),
      dst: 'ff020000000000000000000000000002',
      target: null,
      sllao: MAC_B_NUM,
      tllao: null,
      router: false,
      solicited: false,
      override: false,
      routerLifetime: 0,
      routerPreference: 0,
    });
    assert.equal(event.skip, null);
    assert.equal(event.malformed, null);
  });

  it('accepts a Router Solicitation from :: without an SLLAO', () => {
    const nd = decode(rs(), {src: UNSPECIFIED}).nd;
    assert.equal(nd?.src, ip6(UNSPECIFIED));
    assert.equal(nd?.sllao, null);
  });

  it('reads the Router Advertisement lifetime and each RFC 4191 preference', () => {
    const cases: Array<[string, number]> = [
      ['08', 1],
      ['00', 0],
      ['18', -1],
      ['10', 0],
      ['c8', 1],
    ];
    for (const [flags, preference] of cases) {
      const nd = decode(ra(flags, '0708', SLLAO)).nd;
      assert.equal(nd?.routerPreference, preference, `flags ${flags}`);
      assert.equal(nd?.routerLifetime, 1800);
      assert.equal(nd?.sllao, MAC_B_NUM);
    }

    assert.equal(decode(ra('00', '0000')).nd?.routerLifetime, 0);
    assert.equal(decode(ra('00', 'ffff')).nd?.routerLifetime, 65_535);
  });

  it('finds the SLLAO among other RA options (prefix, MTU, unknown)', () => {
    const prefix = `03 04 40 c0 00278d00 00093a80 00000000 ${GLOBAL_1}`;
    const event = decode(
      ra('00', '000f', `${prefix} 05 01 0000 000005dc 0e 01 0102 0304 0506 ${SLLAO}`),
    );
    assert.equal(event.nd?.sllao, MAC_B_NUM);
    assert.equal(event.nd?.routerLifetime, 15);
  });

  it('decodes a Neighbor Solicitation with target and SLLAO', () => {
    const nd = decode(ns(FE80_2, SLLAO), {dst: SOLICITED_FE80_2}).nd;
    assert.equal(nd?.type, 135);
    assert.equal(nd?.target, ip6(FE80_2));
    assert.equal(nd?.sllao, MAC_B_NUM);
    assert.equal(nd?.tllao, null);
  });

  it('accepts a DAD probe from :: to the solicited-node group, skipping a nonce option by its length', () => {
    const nd = decode(ns(FE80_2, '0e 01 6069 604c 0aaa'), {
      src: UNSPECIFIED,
      dst: SOLICITED_FE80_2,
    }).nd;
    assert.equal(nd?.src, ip6(UNSPECIFIED));
    assert.equal(nd?.target, ip6(FE80_2));
    assert.equal(nd?.sllao, null);
  });

  it('decodes Neighbor Advertisement flags and TLLAO', () => {
    const nd = decode(na('e0', FE80_1, TLLAO), {dst: FE80_2}).nd;
    assert.deepEqual(
      [nd?.router, nd?.solicited, nd?.override, nd?.tllao, nd?.target],
      [true, true, true, MAC_B_NUM, ip6(FE80_1)],
    );
    const unsolicited = decode(na('20', FE80_1, TLLAO)).nd;
    assert.deepEqual(
      [unsolicited?.router, unsolicited?.solicited, unsolicited?.override],
      [false, false, true],
    );
    assert.equal(decode(na('80', FE80_1)).nd?.router, true);
  });

  it('ignores an SLLAO in a Neighbor Advertisement (the NA binds nothing from it)', () => {
    const event = decode(na('a0', FE80_1, SLLAO), {dst: FE80_2});
    assert.notEqual(event.nd, null);
    assert.equal(event.nd?.sllao, null);
    assert.equal(event.nd?.tllao, null);
    assert.equal(event.skip, null);
  });

  it('ignores a TLLAO in solicitations and a link-layer option that is not 8 bytes', () => {
    assert.equal(decode(ns(FE80_2, TLLAO), {dst: SOLICITED_FE80_2}).nd?.tllao, null);
    const long = decode(ns(FE80_2, `01 02 ${MAC_B} 0000 00000000 0000`), {
      dst: SOLICITED_FE80_2,
    }).nd;
    assert.equal(long?.sllao, null);
  });

  it('keeps the first of two SLLAOs', () => {
    assert.equal(decode(rs(`${SLLAO} 01 01 ${MAC_A}`)).nd?.sllao, MAC_B_NUM);
  });

  it('decodes a Redirect with a TLLAO and a Redirected Header option', () => {
    // Type 4, 3 units: 6 reserved bytes, then the first 16 bytes of the redirected packet.
    const redirected = '04 03 000000000000 60000000 0008 1140 20010db800000000';
    assert.equal(hex(redirected).length, 24);
    const event = decode(redirect(FE80_2, GLOBAL_2, `${redirected} ${TLLAO}`), {dst: GLOBAL_1});
    assert.equal(event.nd?.type, 137);
    assert.equal(event.nd?.target, ip6(FE80_2));
    assert.equal(event.nd?.tllao, MAC_B_NUM);
    assert.equal(event.nd?.sllao, null);
  });

  it('accepts a Redirect whose target is the destination itself (on-link)', () => {
    assert.notEqual(decode(redirect(GLOBAL_2, GLOBAL_2), {dst: GLOBAL_1}).nd, null);
  });

  it('bounds the message by the IPv6 payload length, not by Ethernet padding', () => {
    const frame = Buffer.concat([
      ipv6Frame(ns(FE80_2, SLLAO), {dst: SOLICITED_FE80_2, payloadLength: 24}),
      hex(SLLAO),
    ]);
    const event = decodeFrame(frame, LINKTYPE.ETHERNET);
    assert.notEqual(event.nd, null);
    assert.equal(event.nd?.sllao, null, 'bytes after the payload length are not options');
  });
});

describe('decodeFrame on invalid ND messages (RFC 4861 validity checks)', () => {
  const everyType: Array<[string, string, Packet]> = [
    ['RS', rs(SLLAO), {}],
    ['RA', ra('00', '0708', SLLAO), {}],
    ['NS', ns(FE80_2, SLLAO), {dst: SOLICITED_FE80_2}],
    ['NA', na('20', FE80_1, TLLAO), {}],
    ['Redirect', redirect(FE80_2, GLOBAL_2, TLLAO), {dst: GLOBAL_1}],
  ];

  it('drops each type whose ICMPv6 checksum is wrong, as malformed, before any other check', () => {
    for (const [name, icmp, packet] of everyType) {
      const frame = ipv6Frame(icmp, packet);
      assert.ok(decodeFrame(frame, LINKTYPE.ETHERNET).nd, `${name} with its checksum decodes`);
      frame[ICMP_OFFSET + 2]! ^= 0x01;
      assert.equal(decodeFrame(frame, LINKTYPE.ETHERNET).malformed, 'ICMPV6_BAD_CHECKSUM', name);
      const zero = decodeFrame(ipv6Frame(icmp, {...packet, keepChecksum: true, hopLimit: 64}), LINKTYPE.ETHERNET);
      assert.equal(zero.malformed, 'ICMPV6_BAD_CHECKSUM', `${name}: checked before the hop limit`);
    }
  });

  it('sums an odd-length message with its last byte padded, and the pseudo-header addresses', () => {
    // A nonce option of 6 bytes counted by the payload length but not by the option (odd total).
    const odd = ipv6Frame(ns(FE80_2, `${SLLAO} 0e`), {dst: SOLICITED_FE80_2});
    assert.equal(decodeFrame(odd, LINKTYPE.ETHERNET).malformed, 'ND_OPTION_TRUNCATED', 'the checksum held');
    const moved = ipv6Frame(ns(FE80_2, SLLAO), {dst: SOLICITED_FE80_2});
    moved[14 + 8 + 15]! ^= 0x04; // another source address: the pseudo-header no longer matches
    assert.equal(decodeFrame(moved, LINKTYPE.ETHERNET).malformed, 'ICMPV6_BAD_CHECKSUM');
  });

  it('rejects each type with a hop limit other than 255', () => {
    for (const [name, icmp, packet] of everyType) {
      assert.notEqual(decode(icmp, packet).nd, null, `${name} is valid at 255`);
      assertRejected(
        decode(icmp, {...packet, hopLimit: 254}),
        'skip',
        'ND_INVALID_HOP_LIMIT',
        name,
      );
      assertRejected(decode(icmp, {...packet, hopLimit: 1}), 'skip', 'ND_INVALID_HOP_LIMIT', name);
    }
  });

  it('rejects each type with a non-zero ICMPv6 code', () => {
    for (const [name, icmp, packet] of everyType) {
      assertRejected(
        decode(`${icmp.slice(0, 3)}01${icmp.slice(5)}`, packet),
        'skip',
        'ND_INVALID_CODE',
        name,
      );
    }
  });

  it('reports each type cut before its fixed part, by payload length or by capture', () => {
    const fixedBytes = [8, 16, 24, 24, 40];
    for (const [i, [name, icmp, packet]] of everyType.entries()) {
      const short = decode(icmp, {...packet, payloadLength: fixedBytes[i] - 1});
      assertRejected(short, 'malformed', 'ND_TRUNCATED', name);
      const cut = decodeFrame(
        ipv6Frame(icmp, packet).subarray(0, 54 + fixedBytes[i] - 1),
        LINKTYPE.ETHERNET,
      );
      assertRejected(cut, 'malformed', 'ND_TRUNCATED', name);
    }
  });

  it('rejects a Router Advertisement from a global source', () => {
    assertRejected(decode(ra('00', '0708', SLLAO), {src: GLOBAL_1}), 'skip', 'ND_INVALID_SOURCE');
  });

  it('rejects a multicast target in NS and NA', () => {
    assertRejected(decode(ns(ALL_NODES, SLLAO)), 'skip', 'ND_INVALID_TARGET_MULTICAST', 'NS');
    assertRejected(decode(na('20', ALL_NODES, TLLAO)), 'skip', 'ND_INVALID_TARGET_MULTICAST', 'NA');
  });

  it('rejects a solicited NA sent to a multicast group', () => {
    assertRejected(decode(na('60', FE80_1, TLLAO)), 'skip', 'ND_INVALID_SOLICITED_MULTICAST');
  });

  it('rejects a DAD probe that is not sent to a solicited-node group', () => {
    assertRejected(
      decode(ns(FE80_2), {src: UNSPECIFIED}),
      'skip',
      'ND_INVALID_DAD_DESTINATION',
      'all-nodes',
    );
    assertRejected(
      decode(ns(FE80_2), {src: UNSPECIFIED, dst: FE80_2}),
      'skip',
      'ND_INVALID_DAD_DESTINATION',
      'unicast',
    );
  });

  it('rejects an SLLAO from the unspecified address in NS and RS', () => {
    assertRejected(
      decode(ns(FE80_2, SLLAO), {src: UNSPECIFIED, dst: SOLICITED_FE80_2}),
      'skip',
      'ND_INVALID_UNSPECIFIED_SLLAO',
    );
    assertRejected(decode(rs(SLLAO), {src: UNSPECIFIED}), 'skip', 'ND_INVALID_UNSPECIFIED_SLLAO');
  });

  it('rejects Redirects from a global source, to a multicast destination, or to a global target', () => {
    assertRejected(
      decode(redirect(FE80_2, GLOBAL_2), {src: GLOBAL_1}),
      'skip',
      'ND_INVALID_SOURCE',
    );
    assertRejected(
      decode(redirect(FE80_2, ALL_NODES), {dst: GLOBAL_1}),
      'skip',
      'ND_INVALID_DESTINATION_MULTICAST',
    );
    assertRejected(
      decode(redirect(GLOBAL_1, GLOBAL_2), {dst: GLOBAL_1}),
      'skip',
      'ND_INVALID_REDIRECT_TARGET',
    );
  });
});

describe('decodeFrame on malformed ND options', () => {
  it('discards the whole message for an option of length 0, even after a good SLLAO', () => {
    assertRejected(
      decode(ra('00', '0708', `${SLLAO} 03 00 0000 0000`)),
      'malformed',
      'ND_OPTION_LEN_ZERO',
    );
    assertRejected(
      decode(ns(FE80_2, '01 00 0000 0000 0000'), {dst: SOLICITED_FE80_2}),
      'malformed',
      'ND_OPTION_LEN_ZERO',
    );
  });

  it('reports an option running past the payload', () => {
    assertRejected(
      decode(na('20', FE80_1, `02 02 ${MAC_B}`)),
      'malformed',
      'ND_OPTION_TRUNCATED',
      'length past end',
    );
    assertRejected(
      decode(na('20', FE80_1, '02')),
      'malformed',
      'ND_OPTION_TRUNCATED',
      'lone type byte',
    );
    const padded = Buffer.concat([ipv6Frame(rs(SLLAO), {payloadLength: 12}), Buffer.alloc(20)]);
    assertRejected(
      decodeFrame(padded, LINKTYPE.ETHERNET),
      'malformed',
      'ND_OPTION_TRUNCATED',
      'payload length shorter than option',
    );
  });

  it('is cut at every byte offset of an NS with SLLAO without a throw or a read past the end', () => {
    const frame = ipv6Frame(ns(FE80_2, SLLAO), {dst: SOLICITED_FE80_2});
    assert.equal(frame.length, 86);
    for (let length = 0; length <= frame.length; length++) {
      const {data, overreads} = guardReads(frame.subarray(0, length));
      const event = decodeFrame(data, LINKTYPE.ETHERNET);
      assert.deepEqual(overreads, [], `length ${length}`);
      assert.equal(event.malformed, expectedNsCutCode(length), `length ${length}`);
      assert.equal(event.nd?.sllao ?? null, length === 86 ? MAC_B_NUM : null, `length ${length}`);
    }
  });
});

/** What an NS with SLLAO (14 Ethernet + 40 IPv6 + 24 fixed + 8 option bytes) cut to `length` reports. */
function expectedNsCutCode(length: number): string | null {
  if (length < 14) return 'ETHERNET_TRUNCATED';
  if (length < 54) return 'IPV6_TRUNCATED';
  if (length === 54) return 'ICMPV6_TRUNCATED';
  if (length < 78) return 'ND_TRUNCATED';
  if (length < 86) return 'ND_OPTION_TRUNCATED';
  return null;
}
