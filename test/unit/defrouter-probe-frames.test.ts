// The --probe frames: an ARP request and a Neighbor Solicitation with SLLAO, read back by our own
// decoders and checked against a frame tshark 4.0.17 validated (checksum 0xc895 "correct").
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';

import {
  buildArpRequest,
  buildNeighborSolicit,
  chooseSender4,
  chooseSource6,
  icmpv6Checksum,
  solicitedNodeAddress,
} from '../../src/capture/probe-frames.js';
import {decodeFrame} from '../../src/decode/decode-frame.js';
import {ip4, ip6, mac} from '../helpers/events.js';

const OUR_MAC = mac('02:00:00:00:6d:02');
const OUR_LL = ip6('fe80::ff:fe00:6d02');
const ROUTER_LL = ip6('fe80::ff:fe00:6d01');
const ETHERNET = 1;

/** The NS from OUR_LL for ROUTER_LL that tshark decoded as valid (Wireshark's checksum check on). */
const TSHARK_CHECKED_NS =
  '3333ff006d01020000006d0286dd6000000000203afffe80000000000000000000fffe006d02ff02000000000000' +
  '00000001ff006d018700c89500000000fe80000000000000000000fffe006d010101020000006d02';

describe('buildArpRequest', () => {
  it('is a broadcast request from our MAC and address for the gateway', () => {
    const frame = buildArpRequest(OUR_MAC, ip4('198.51.100.2'), ip4('198.51.100.1'));
    const event = decodeFrame(frame, ETHERNET);
    assert.equal(event.kind, 'arp');
    assert.equal(event.dst, 0xffffffffffff);
    assert.equal(event.src, OUR_MAC);
    assert.deepEqual(event.arp, {op: 1, sha: OUR_MAC, spa: ip4('198.51.100.2'), tha: 0, tpa: ip4('198.51.100.1')});
  });
});

describe('buildNeighborSolicit', () => {
  it('matches the frame tshark validated byte for byte', () => {
    assert.equal(buildNeighborSolicit(OUR_MAC, OUR_LL, ROUTER_LL).toString('hex'), TSHARK_CHECKED_NS);
  });

  it('decodes as a valid NS to the solicited-node group, hop limit 255, with our MAC as SLLAO', () => {
    const frame = buildNeighborSolicit(OUR_MAC, OUR_LL, ip6('2001:db8:6d::1'));
    const event = decodeFrame(frame, ETHERNET);
    assert.equal(event.malformed, null);
    assert.equal(event.nd?.type, 135);
    assert.equal(event.nd?.src, OUR_LL);
    assert.equal(event.nd?.dst, ip6('ff02::1:ff00:1'));
    assert.equal(event.nd?.target, ip6('2001:db8:6d::1'));
    assert.equal(event.nd?.sllao, OUR_MAC);
    assert.equal(event.dst, mac('33:33:ff:00:00:01'));
    assert.equal(frame[14 + 7], 255);
  });

  it('carries a checksum that makes the one\'s-complement sum come out as 0xffff', () => {
    const frame = buildNeighborSolicit(OUR_MAC, OUR_LL, ip6('2001:db8:6d::1'));
    const ip = frame.subarray(14);
    assert.notEqual(ip.readUInt16BE(42), 0);
    // Summing the message with its checksum in place gives 0xffff, whose complement is 0.
    assert.equal(icmpv6Checksum(ip.subarray(8, 24), ip.subarray(24, 40), ip.subarray(40)), 0);
  });

  it('names the solicited-node group from the last 24 bits of the target', () => {
    assert.equal(solicitedNodeAddress(ip6('2001:db8::abcd:1234:5678')), ip6('ff02::1:ff34:5678'));
  });
});

describe('probe source addresses', () => {
  const ours4 = [{addr: ip4('203.0.113.9'), prefixLen: 24}, {addr: ip4('198.51.100.2'), prefixLen: 24}];

  it('ARP: the address whose prefix covers the gateway, else the first, else 0.0.0.0', () => {
    assert.equal(chooseSender4(ours4, ip4('198.51.100.1')), ip4('198.51.100.2'));
    assert.equal(chooseSender4(ours4, ip4('192.0.2.1')), ip4('203.0.113.9'));
    assert.equal(chooseSender4([], ip4('198.51.100.1')), 0);
  });

  it('NS: link-local for a link-local router, the covering global address otherwise', () => {
    const ours6 = [{addr: ip6('2001:db8:6d::2'), prefixLen: 64}, {addr: OUR_LL, prefixLen: 64}];
    assert.equal(chooseSource6(ours6, ROUTER_LL), OUR_LL);
    assert.equal(chooseSource6(ours6, ip6('2001:db8:6d::1')), ip6('2001:db8:6d::2'));
    assert.equal(chooseSource6(ours6, ip6('2001:db8:99::1')), OUR_LL);
    assert.equal(chooseSource6([], ROUTER_LL), undefined);
  });
});
