import assert from 'node:assert/strict';
import {join} from 'node:path';
import {describe, it} from 'node:test';

import {LINKTYPE} from '../../src/capture/frame.js';
import {parseMac} from '../../src/decode/address.js';
import {decodeFrame} from '../../src/decode/decode-frame.js';
import {corpusDir as CORPUS} from '../helpers/paths.js';
import {hex, MAC_B, MAC_B_NUM, readCaptureFile} from './decode-fixtures.js';
import {arpRequest, assertCutsMalformed, decodeEveryCut, SNAP_ARP} from './decode-link-fixtures.js';

/** LINUX_SLL header: packet type, ARPHRD, address length, 8-byte address, protocol. */
function sll(packetType: string, arphrd: string, addrLen: string, addr: string, protocol: string) {
  return `${packetType} ${arphrd} ${addrLen} ${addr} ${protocol}`;
}

/** LINUX_SLL2 header: protocol, reserved, ifindex, ARPHRD, packet type, address length, address. */
function sll2(protocol: string, ifindex: string, arphrd: string, packetType: string, addr: string) {
  return `${protocol} 0000 ${ifindex} ${arphrd} ${packetType} 06 ${addr}`;
}

const ETHER_ADDR = `${MAC_B} 0000`;
const SLL_ARP = sll('0000', '0001', '0006', ETHER_ADDR, `0806 ${arpRequest(MAC_B)}`);
const SLL2_ARP = `${sll2('0806', '0000001a', '0001', '00', ETHER_ADDR)} ${arpRequest(MAC_B)}`;
const TAGGED_ARP = `8100 007b 0806 ${arpRequest(MAC_B)}`;
const SLL_TAGGED_ARP = sll('0000', '0001', '0006', ETHER_ADDR, TAGGED_ARP);
const IPV4_BODY = '4500 001c 0000 4000 4011 0000 c6336401 c6336402';

function decodeSll(text: string) {
  return decodeFrame(hex(text), LINKTYPE.LINUX_SLL);
}

function decodeSll2(text: string) {
  return decodeFrame(hex(text), LINKTYPE.LINUX_SLL2);
}

describe('decodeFrame on LINUX_SLL', () => {
  it('takes the Ethernet source from the address field and has no destination', () => {
    const event = decodeFrame(hex(SLL_ARP), LINKTYPE.LINUX_SLL);
    assert.deepEqual(
      [event.kind, event.src, event.dst, event.arp?.sha, event.ifindex],
      ['arp', MAC_B_NUM, -1, MAC_B_NUM, null],
    );
  });

  it('marks sent frames as outgoing and unicast frames for other hosts as such', () => {
    const byType = (type: string) =>
      decodeSll(sll(type, '0001', '0006', ETHER_ADDR, `0800 ${IPV4_BODY}`));
    const flags = (type: string) => [byType(type).outgoing, byType(type).toOtherHost];
    assert.deepEqual(flags('0000'), [false, false]); // to us
    assert.deepEqual(flags('0001'), [false, false]); // broadcast
    assert.deepEqual(flags('0002'), [false, false]); // multicast
    assert.deepEqual(flags('0003'), [false, true]); // another host's
    assert.deepEqual(flags('0004'), [true, false]); // ours, sent
    assert.equal(byType('0004').kind, 'ipv4');
  });

  it('counts loopback frames as skipped, with no source', () => {
    const event = decodeSll(sll('0000', '0304', '0006', '00'.repeat(8), `0800 ${IPV4_BODY}`));
    assert.deepEqual([event.kind, event.skip, event.src], ['other', 'LOOPBACK', -1]);
  });

  it('reads no MAC from a non-Ethernet device or an address that is not 6 bytes', () => {
    const ppp = decodeSll(sll('0004', '0200', '0000', '00'.repeat(8), `0800 ${IPV4_BODY}`));
    assert.deepEqual([ppp.kind, ppp.src, ppp.outgoing], ['ipv4', -1, true]);
    const long = decodeSll(sll('0000', '0001', '0008', `${MAC_B} 0102`, '0800'));
    assert.equal(long.src, -1);
  });

  it('decodes 802.2 LLC (protocol 0x0004) through SNAP and counts other pseudo-protocols', () => {
    const fromB = (protocolAndPayload: string) =>
      decodeSll(sll('0000', '0001', '0006', ETHER_ADDR, protocolAndPayload));
    assert.equal(fromB(`0004 ${SNAP_ARP} ${arpRequest(MAC_B)}`).arp?.sha, MAC_B_NUM);
    assert.equal(fromB('0004 424203 0000').skip, 'LLC_NOT_SNAP');
    const novell = fromB('0001 ffff');
    assert.deepEqual(
      [novell.kind, novell.skip, novell.src],
      ['other', 'SLL_PROTOCOL_OTHER', MAC_B_NUM],
    );
  });

  it('reads a VLAN tag libpcap put back in place of the protocol', () => {
    const event = decodeSll(SLL_TAGGED_ARP);
    assert.deepEqual([event.vlan, event.arp?.sha], ['123', MAC_B_NUM]);
  });

  it('is malformed, never read past its end, when cut at any offset', () => {
    assertCutsMalformed(decodeEveryCut(hex(SLL_ARP), LINKTYPE.LINUX_SLL));
    assertCutsMalformed(decodeEveryCut(hex(SLL_TAGGED_ARP), LINKTYPE.LINUX_SLL));
  });

  it('td-nano-invalid-ts: PPP-device IPv4 frames, sent ones marked, with no MAC', () => {
    const events = readCaptureFile(join(CORPUS, 'td-nano-invalid-ts.pcap')).map((frame) =>
      decodeFrame(frame.data, frame.linkType, frame.origLen),
    );
    assert.deepEqual(
      events.map((event) => [event.kind, event.src, event.outgoing]),
      [['ipv4', -1, true], ['ipv4', -1, false], ['ipv4', -1, true]],
    );
  });
});

describe('decodeFrame on LINUX_SLL2', () => {
  it('reads the interface index, direction and source of each frame', () => {
    const event = decodeFrame(hex(SLL2_ARP), LINKTYPE.LINUX_SLL2);
    assert.deepEqual(
      [event.ifindex, event.outgoing, event.toOtherHost, event.src, event.dst, event.arp?.sha],
      [26, false, false, MAC_B_NUM, -1, MAC_B_NUM],
    );
    const other = decodeSll2(`${sll2('86dd', 'fedcba98', '0001', '03', ETHER_ADDR)} 6000 0000`);
    assert.deepEqual([other.ifindex, other.toOtherHost, other.kind], [0xfe_dc_ba_98, true, 'ipv6']);
  });

  it('counts loopback frames as skipped but keeps their interface', () => {
    const loopback = sll2('0800', '00000001', '0304', '00', '00'.repeat(8));
    const event = decodeSll2(`${loopback} ${IPV4_BODY}`);
    assert.deepEqual([event.skip, event.ifindex, event.src], ['LOOPBACK', 1, -1]);
  });

  it('decodes 802.2 LLC through SNAP', () => {
    const header = sll2('0004', '00000002', '0001', '00', ETHER_ADDR);
    const event = decodeSll2(`${header} ${SNAP_ARP} ${arpRequest(MAC_B)}`);
    assert.equal(event.arp?.sha, MAC_B_NUM);
  });

  it('is malformed, never read past its end, when cut at any offset', () => {
    assertCutsMalformed(decodeEveryCut(hex(SLL2_ARP), LINKTYPE.LINUX_SLL2));
  });

  it('zk-sll2-arp-rarp: loopback skipped, the sent ARP request on ifindex 26, RARP counted', () => {
    const events = readCaptureFile(join(CORPUS, 'zk-sll2-arp-rarp.pcap')).map((frame) =>
      decodeFrame(frame.data, frame.linkType, frame.origLen),
    );
    assert.deepEqual(
      events.map((event) => [event.skip, event.ifindex]),
      [
        ...Array.from({length: 4}, () => ['LOOPBACK', 1]),
        [null, 26],
        ['RARP', 26],
      ],
    );
    const arp = events[4];
    const host = parseMac('8e:36:06:44:ac:af');
    assert.deepEqual(
      [arp.kind, arp.outgoing, arp.src, arp.arp?.sha, arp.arp?.spa, arp.arp?.op],
      ['arp', true, host, host, 0xc0_00_02_01, 1],
    );
  });
});
