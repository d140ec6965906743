import assert from 'node:assert/strict';
import {describe, it} from 'node:test';

import {
  formatIp4,
  formatIp6,
  formatMac,
  formatMacApple,
  ip4FromBytes,
  ip6FromBytes,
  isBroadcastMac,
  isMulticastMac,
  isZeroMac,
  macFromBytes,
  parseIp4,
  parseIp6,
  parseMac,
} from '../../src/decode/address.js';

describe('MAC addresses', () => {
  it('formats with two lowercase digits per byte', () => {
    assert.equal(formatMac(0x00_1b_63_0a_0b_0c), '00:1b:63:0a:0b:0c');
    assert.equal(formatMac(0), '00:00:00:00:00:00');
    assert.equal(formatMac(0xff_ff_ff_ff_ff_ff), 'ff:ff:ff:ff:ff:ff');
  });

  it('formats without zero padding in the ether_ntoa style Apple tools print', () => {
    assert.equal(formatMacApple(0x00_1b_63_0a_0b_0c), '0:1b:63:a:b:c');
    assert.equal(formatMacApple(0xc2_00_54_f5_00_00), 'c2:0:54:f5:0:0');
  });

  it('parses colon, dash and unpadded forms in either case', () => {
    assert.equal(parseMac('00:1b:63:0a:0b:0c'), 0x00_1b_63_0a_0b_0c);
    assert.equal(parseMac('00-1B-63-0A-0B-0C'), 0x00_1b_63_0a_0b_0c);
    assert.equal(parseMac('0:1b:63:a:b:c'), 0x00_1b_63_0a_0b_0c);
    assert.equal(parseMac('ff:ff:ff:ff:ff:ff'), 0xff_ff_ff_ff_ff_ff);
  });

  it('refuses malformed text', () => {
    for (const text of [
      '',
      '00:1b:63:0a:0b',
      '00:1b:63:0a:0b:0c:0d',
      '00:1b:63:0a:0b:0g',
      '001:1b:63:0a:0b:0c',
      '00:1b-63:0a:0b:0c',
      '00::63:0a:0b:0c',
      '001b630a0b0c',
    ]) {
      assert.equal(parseMac(text), null, text);
    }
  });

  it('round-trips through both formats', () => {
    for (const mac of [0, 1, 0x01_00_5e_00_00_01, 0x80_00_00_00_00_00, 0xfe_dc_ba_98_76_54]) {
      assert.equal(parseMac(formatMac(mac)), mac);
      assert.equal(parseMac(formatMacApple(mac)), mac);
    }
  });

  it('reads six bytes big-endian, including a high first byte', () => {
    assert.equal(macFromBytes(Buffer.from('99fedcba987654ff', 'hex'), 1), 0xfe_dc_ba_98_76_54);
  });

  it('classifies group, broadcast and zero MACs by the I/G bit of the first byte', () => {
    assert.equal(isMulticastMac(0x01_00_5e_00_00_01), true);
    assert.equal(isMulticastMac(0x33_33_ff_e1_00_0f), true);
    assert.equal(isMulticastMac(0xff_ff_ff_ff_ff_ff), true);
    assert.equal(isMulticastMac(0x00_1b_63_0a_0b_0c), false);
    assert.equal(isMulticastMac(0x02_00_00_00_00_01), false, 'the local bit is not the group bit');
    assert.equal(
      isMulticastMac(0x00_00_00_01_00_00),
      false,
      'a set bit in a later byte is not the group bit',
    );
    assert.equal(isBroadcastMac(0xff_ff_ff_ff_ff_ff), true);
    assert.equal(isBroadcastMac(0xff_ff_ff_ff_ff_fe), false);
    assert.equal(isZeroMac(0), true);
    assert.equal(isZeroMac(1), false);
  });
});

describe('IPv4 addresses', () => {
  it('formats and parses dotted quads', () => {
    assert.equal(formatIp4(0xc6_33_64_01), '198.51.100.1');
    assert.equal(formatIp4(0xff_ff_ff_ff), '255.255.255.255');
    assert.equal(formatIp4(0), '0.0.0.0');
    assert.equal(parseIp4('203.0.113.254'), 0xcb_00_71_fe);
    assert.equal(parseIp4('255.255.255.255'), 0xff_ff_ff_ff);
    assert.equal(ip4FromBytes(Buffer.from('c6336401', 'hex'), 0), 0xc6_33_64_01);
  });

  it('refuses out-of-range, short, and leading-zero (octal-looking) text', () => {
    for (const text of [
      '',
      '1.2.3',
      '1.2.3.4.5',
      '256.1.1.1',
      '1.2.3.-1',
      '01.2.3.4',
      '1.2.3.4 ',
      'a.b.c.d',
      '1..3.4',
    ]) {
      assert.equal(parseIp4(text), null, text);
    }
  });
});

describe('IPv6 addresses', () => {
  const cases: Array<[string, string]> = [
    ['20010db8000000000000000000000001', '2001:db8::1'],
    ['00000000000000000000000000000000', '::'],
    ['00000000000000000000000000000001', '::1'],
    ['fe800000000000000000000000000000', 'fe80::'],
    // RFC 5952 §4.2.2: a single zero group is not shortened.
    ['20010db8000000010001000100010001', '2001:db8:0:1:1:1:1:1'],
    // RFC 5952 §4.2.3: the longest run wins; of equal runs, the first.
    ['20010db8000000000001000000000001', '2001:db8::1:0:0:1'],
    ['20010000000000010000000000000001', '2001:0:0:1::1'],
    // RFC 5952 §4.1 and §4.3: no leading zeros, lowercase.
    ['20010db800aa00bb00cc00dd00ee00ff', '2001:db8:aa:bb:cc:dd:ee:ff'],
    ['fe80000000000000c00054fffef50000', 'fe80::c000:54ff:fef5:0'],
    ['ff0200000000000000000001ffe1000f', 'ff02::1:ffe1:f'],
    // RFC 5952 §5: IPv4-mapped addresses end in a dotted quad.
    ['00000000000000000000ffffc6336401', '::ffff:198.51.100.1'],
  ];

  it('formats in RFC 5952 canonical text', () => {
    for (const [ip, text] of cases) assert.equal(formatIp6(ip), text);
  });

  it('parses every canonical form back', () => {
    for (const [ip, text] of cases) assert.equal(parseIp6(text), ip, text);
  });

  it('parses uncompressed, uppercase, zoned and embedded-IPv4 forms', () => {
    assert.equal(
      parseIp6('2001:0DB8:0000:0000:0000:0000:0000:0001'),
      '20010db8000000000000000000000001',
    );
    assert.equal(parseIp6('FE80::1%eth0'), 'fe800000000000000000000000000001');
    assert.equal(parseIp6('fe80::1%2'), 'fe800000000000000000000000000001');
    assert.equal(parseIp6('::198.51.100.1'), '000000000000000000000000c6336401');
    assert.equal(parseIp6('64:ff9b::203.0.113.5'), '0064ff9b0000000000000000cb007105');
    assert.equal(parseIp6('1:2:3:4:5:6:198.51.100.1'), '000100020003000400050006c6336401');
    assert.equal(parseIp6('1:2:3:4:5:6:7::'), '00010002000300040005000600070000');
  });

  it('refuses malformed text', () => {
    for (const text of [
      '',
      ':',
      ':::',
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7',
      '1:2:3:4:5:6:7:8::',
      '12345::',
      'g::',
      ':1::',
      '1::2:',
      '::1.2.3',
      '::256.1.1.1',
      '1.2.3.4::',
      '::1.2.3.4:5',
      '2001:db8::1 ',
    ]) {
      assert.equal(parseIp6(text), null, text);
    }
  });

  it('reads sixteen bytes as 32 lowercase hex digits', () => {
    assert.equal(
      ip6FromBytes(Buffer.from('00FE80000000000000000000000000000100', 'hex'), 1),
      'fe800000000000000000000000000001',
    );
  });
});
