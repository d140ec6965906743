import assert from 'node:assert/strict';
import {join} from 'node:path';
import {describe, it} from 'node:test';

import {LINKTYPE} from '../../src/capture/frame.js';
import {parseMac} from '../../src/decode/address.js';
import {decodeFrame} from '../../src/decode/decode-frame.js';
import {corpusDir} from '../helpers/paths.js';
import {hex, MAC_A, MAC_A_NUM, MAC_B, MAC_B_NUM, readCaptureFile} from './decode-fixtures.js';
import {
  arpRequest,
  assertCutsMalformed,
  decodeEveryCut,
  MAC_C,
  MAC_C_NUM,
  MAC_D,
  MAC_D_NUM,
  SNAP_ARP,
} from './decode-link-fixtures.js';

/** Frame control, first byte: data and QoS data. */
const DATA = '08';
const QOS_DATA = '88';
/** Flags byte: ToDS 01, FromDS 02, protected 40, order 80. */
const TO_DS = 0x01;
const FROM_DS = 0x02;
const ORDER = 0x80;
/** The corpus exchange: a station, the access point relaying for it, the host it resolves. */
const [STATION, AP, SERVER] = ['78:31:c1:c6:3f:c2', '8a:15:14:9b:5a:e0', 'f8:ed:a5:c0:a4:f1'];

interface WlanParts {
  fc?: string;
  flags?: number;
  addr4?: string;
  /** QoS control bytes (QoS subtypes only) and HT control (QoS with the order flag). */
  qos?: string;
  htc?: string;
  sequence?: string;
  payload?: string;
}

/** An 802.11 data frame: addr1 MAC_A, addr2 MAC_B, addr3 MAC_C, optional addr4, then payload. */
function wlan(parts: WlanParts = {}): string {
  const flags = (parts.flags ?? 0).toString(16).padStart(2, '0');
  return [
    `${parts.fc ?? DATA}${flags} 0000`,
    `${MAC_A} ${MAC_B} ${MAC_C} ${parts.sequence ?? '1000'}`,
    parts.addr4 ?? '',
    parts.qos ?? '',
    parts.htc ?? '',
    parts.payload ?? `${SNAP_ARP} ${arpRequest(MAC_D)}`,
  ].join(' ');
}

/** Four addresses, QoS control and HT control: the longest data header. */
const LONGEST_HEADER: WlanParts = {
  fc: QOS_DATA,
  flags: TO_DS | FROM_DS | ORDER,
  addr4: MAC_D,
  qos: '0000',
  htc: '00000000',
};

function decodeWlan(parts: WlanParts = {}) {
  return decodeFrame(hex(wlan(parts)), LINKTYPE.IEEE802_11);
}

describe('decodeFrame on IEEE 802.11 data frames', () => {
  it('maps the addresses by ToDS and FromDS: src is SA, dst is DA, transmitter is addr2', () => {
    const addresses = (flags: number, addr4?: string) => {
      const event = decodeWlan({flags, addr4});
      assert.equal(event.arp?.sha, MAC_D_NUM, `flags ${flags}`);
      return [event.src, event.dst, event.transmitter];
    };
    // Direct: SA is the TA. From the AP: the AP (addr2) relays SA. To the AP (addr1). WDS.
    assert.deepEqual(addresses(0), [MAC_B_NUM, MAC_A_NUM, MAC_B_NUM]);
    assert.deepEqual(addresses(FROM_DS), [MAC_C_NUM, MAC_A_NUM, MAC_B_NUM]);
    assert.deepEqual(addresses(TO_DS), [MAC_B_NUM, MAC_C_NUM, MAC_B_NUM]);
    assert.deepEqual(addresses(TO_DS | FROM_DS, MAC_D), [MAC_D_NUM, MAC_C_NUM, MAC_B_NUM]);
  });

  it('steps over QoS control, and HT control only in a QoS frame with the order flag', () => {
    assert.equal(decodeWlan({fc: QOS_DATA, qos: '0000'}).arp?.sha, MAC_D_NUM);
    const ht = decodeWlan({fc: QOS_DATA, flags: ORDER, qos: '0000', htc: '0000fffe'});
    assert.equal(ht.arp?.sha, MAC_D_NUM);
    // In a non-QoS data frame the order flag means strictly ordered service, with no HT control.
    assert.equal(decodeWlan({flags: ORDER}).arp?.sha, MAC_D_NUM);
    const wds = decodeWlan({...LONGEST_HEADER, qos: '0700'});
    assert.deepEqual([wds.src, wds.arp?.sha], [MAC_D_NUM, MAC_D_NUM]);
  });

  it('decodes IPv4 and IPv6 payloads and skips LLC that is not SNAP', () => {
    assert.equal(decodeWlan({payload: 'aaaa03 000000 0800 4500 0014'}).kind, 'ipv4');
    const ipv6 = decodeWlan({payload: `aaaa03 000000 86dd 6000 0000 0000 3bff ${'0'.repeat(64)}`});
    assert.deepEqual([ipv6.kind, ipv6.malformed, ipv6.src], ['ipv6', null, MAC_B_NUM]);
    assert.equal(decodeWlan({payload: '424203 0000'}).skip, 'LLC_NOT_SNAP');
  });

  it('counts null, protected, fragment and A-MSDU frames as skipped, keeping addresses', () => {
    const cases: [WlanParts, string][] = [
      [{fc: '48', payload: ''}, 'WLAN_NULL_DATA'],
      [{fc: 'c8', qos: '0000', payload: ''}, 'WLAN_NULL_DATA'],
      [{flags: 0x40, payload: '00112233 aabbccdd'}, 'WLAN_PROTECTED'],
      [{sequence: '1100', payload: '0806 0001'}, 'WLAN_FRAGMENT'],
      [{fc: QOS_DATA, qos: '8000'}, 'WLAN_AMSDU'],
    ];
    for (const [parts, skip] of cases) {
      const event = decodeWlan(parts);
      assert.deepEqual([event.kind, event.skip, event.arp], ['other', skip, null], skip);
      assert.equal(event.transmitter, MAC_B_NUM, skip);
    }
  });

  it('counts management and control frames and other protocol versions as skipped', () => {
    const beaconFrame = hex(`8000 0000 ${'ff'.repeat(6)} ${MAC_B} ${MAC_B} 1000`);
    const beacon = decodeFrame(beaconFrame, LINKTYPE.IEEE802_11);
    assert.deepEqual([beacon.skip, beacon.src, beacon.transmitter], ['WLAN_NOT_DATA', -1, -1]);
    const ack = decodeFrame(hex(`d400 0000 ${MAC_A}`), LINKTYPE.IEEE802_11);
    assert.equal(ack.skip, 'WLAN_NOT_DATA');
    assert.equal(decodeFrame(hex('0900 0000'), LINKTYPE.IEEE802_11).skip, 'WLAN_VERSION');
  });

  it('is malformed, never read past its end, when cut at any offset', () => {
    assertCutsMalformed(decodeEveryCut(hex(wlan()), LINKTYPE.IEEE802_11));
    assertCutsMalformed(decodeEveryCut(hex(wlan(LONGEST_HEADER)), LINKTYPE.IEEE802_11));
  });

  it('zk-80211-arp: the station\'s request and the reply the AP relayed, with no signal', () => {
    const events = readCaptureFile(join(corpusDir, 'zk-80211-arp.pcap')).map((frame) =>
      decodeFrame(frame.data, frame.linkType, frame.origLen),
    );
    const [station, ap, server] = [STATION, AP, SERVER].map((text) => parseMac(text)!);
    assert.deepEqual(
      events.map((event) => [event.src, event.transmitter, event.dst, event.arp?.sha, event.rssi]),
      [
        [station, station, 0xff_ff_ff_ff_ff_ff, station, null],
        [server, ap, station, server, null],
      ],
    );
  });
});
