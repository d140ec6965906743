import assert from 'node:assert/strict';
import {join} from 'node:path';
import {describe, it} from 'node:test';

import {LINKTYPE} from '../../src/capture/frame.js';
import {parseMac} from '../../src/decode/address.js';
import {decodeFrame} from '../../src/decode/decode-frame.js';
import {corpusDir} from '../helpers/paths.js';
import {hex, MAC_A, MAC_B, MAC_B_NUM, readCaptureFile} from './decode-fixtures.js';
import {arpRequest, assertCutsMalformed, decodeEveryCut, SNAP_ARP} from './decode-link-fixtures.js';

/** Present-word bits (radiotap.org). */
const TSFT = 1 << 0;
const FLAGS = 1 << 1;
const CHANNEL = 1 << 3;
const SIGNAL = 1 << 5;
const ANTENNA = 1 << 11;
const TLV = 1 << 28;
const RADIOTAP_NS = 1 << 29;
const VENDOR_NS = 1 << 30;
const EXT = 2 ** 31;
/** Flags field bits: FCS at end, header padded to 4 bytes, FCS failed. */
const FCS_AT_END = '10';

const le16 = (value: number) => Buffer.from([value & 0xff, value >>> 8]).toString('hex');
const le32 = (value: number) => {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value >>> 0);
  return bytes.toString('hex');
};

/** A radiotap header: version 0, its length, the present words, then `fields` exactly as given. */
function radiotap(words: number[], fields: string): string {
  const length = 4 + 4 * words.length + hex(fields).length;
  return `00 00 ${le16(length)} ${words.map((word) => le32(word)).join(' ')} ${fields}`;
}

/** A station (MAC_B) sends an ARP request to the AP (MAC_A): ToDS, so SA = TA = MAC_B. */
const TO_AP_ADDRESSES = `${MAC_A} ${MAC_B} ${'ff'.repeat(6)} 1000`;
const SNAP_ARP_FROM_B = `${SNAP_ARP} ${arpRequest(MAC_B)}`;
const TO_AP_ARP = `0801 0000 ${TO_AP_ADDRESSES} ${SNAP_ARP_FROM_B}`;
/** The same in a QoS data frame: QoS control after the addresses, 26 header bytes. */
const TO_AP_QOS_ARP = `8801 0000 ${TO_AP_ADDRESSES} 0000 ${SNAP_ARP_FROM_B}`;

function decodeRadiotap(text: string, origLen?: number) {
  return decodeFrame(hex(text), LINKTYPE.IEEE802_11_RADIOTAP, origLen);
}

describe('decodeFrame on radiotap headers', () => {
  it('reads the dBm antenna signal after the Flags field, then the frame after the header', () => {
    const event = decodeRadiotap(`${radiotap([FLAGS | SIGNAL], '00 c4')} ${TO_AP_ARP}`);
    assert.deepEqual(
      [event.rssi, event.transmitter, event.src, event.arp?.sha],
      [-60, MAC_B_NUM, MAC_B_NUM, MAC_B_NUM],
    );
  });

  it('aligns fields to their size from the start of the header, after two present words', () => {
    // Data starts at 12; TSFT needs 8-byte alignment, so 4 padding bytes (0x99) come first.
    const fields = '99999999 0102030405060708 00 ce bf 01';
    const words = [TSFT | FLAGS | SIGNAL | RADIOTAP_NS | EXT, SIGNAL | ANTENNA];
    const event = decodeRadiotap(`${radiotap(words, fields)} ${TO_AP_ARP}`);
    assert.deepEqual([event.rssi, event.arp?.sha], [-50, MAC_B_NUM]);
  });

  it('takes the first word\'s signal over the per-antenna ones of three words', () => {
    // Data starts at 16: flags 16, channel 18 (2-aligned after 1 pad byte), signal 22, then the
    // per-antenna signal and antenna pairs of words 2 and 3; 27 bytes, so the frame is unaligned.
    const fields = '00 99 7c15 a000 c9 bb 00 b1 01';
    const words = [
      FLAGS | CHANNEL | SIGNAL | RADIOTAP_NS | EXT,
      SIGNAL | ANTENNA | RADIOTAP_NS | EXT,
      SIGNAL | ANTENNA,
    ];
    const event = decodeRadiotap(`${radiotap(words, fields)} ${TO_AP_QOS_ARP}`);
    assert.deepEqual([event.rssi, event.arp?.sha, event.malformed], [-55, MAC_B_NUM, null]);
  });

  it('steps over a vendor namespace by its skip length', () => {
    // flags 16, signal 17, vendor field at 18 (OUI 00:11:22, sub-namespace 0, skip 4), the 4
    // vendor bytes at 24, then the radiotap namespace again: a signal at 28. Reading the vendor
    // word's bits 0 and 1 as TSFT and Flags would run past the 29-byte header.
    const words = [FLAGS | SIGNAL | VENDOR_NS | EXT, TSFT | FLAGS | RADIOTAP_NS | EXT, SIGNAL];
    const fields = '00 d3 001122 00 0400 deadbeef b0';
    const event = decodeRadiotap(`${radiotap(words, fields)} ${TO_AP_ARP}`);
    assert.deepEqual([event.rssi, event.malformed, event.arp?.sha], [-45, null, MAC_B_NUM]);
    const tooLong = '00 d3 001122 00 0500 deadbeef b0';
    const overrun = decodeRadiotap(`${radiotap(words, tooLong)} ${TO_AP_ARP}`);
    assert.equal(overrun.malformed, 'RADIOTAP_INVALID');
  });

  it('stops walking at TLVs or fields it cannot place, keeping what the first word gave', () => {
    const tlvHeader = radiotap([SIGNAL | TLV], 'c4 000000 0100 0200 abcd');
    const tlv = decodeRadiotap(`${tlvHeader} ${TO_AP_ARP}`);
    assert.deepEqual([tlv.rssi, tlv.malformed, tlv.arp?.sha], [-60, null, MAC_B_NUM]);
    // Without a namespace bit the second word numbers fields 32 and up, which are not defined.
    const extended = decodeRadiotap(`${radiotap([SIGNAL | EXT, 1], 'c4 00')} ${TO_AP_ARP}`);
    assert.deepEqual([extended.rssi, extended.malformed], [-60, null]);
  });

  it('strips the FCS only from a frame captured whole', () => {
    const header = radiotap([FLAGS], FCS_AT_END);
    const whole = hex(`${header} ${TO_AP_ARP} 1f0b60ce`);
    const wholeEvent = decodeFrame(whole, LINKTYPE.IEEE802_11_RADIOTAP, whole.length);
    assert.equal(wholeEvent.arp?.sha, MAC_B_NUM);
    // 4 ARP bytes short, then an FCS: stripped, the ARP is cut; left in place, it looks whole.
    const short = hex(`${header} ${TO_AP_ARP.slice(0, -8)} 1f0b60ce`);
    const stripped = decodeFrame(short, LINKTYPE.IEEE802_11_RADIOTAP, short.length);
    assert.equal(stripped.malformed, 'ARP_TRUNCATED');
    const cut = decodeFrame(short, LINKTYPE.IEEE802_11_RADIOTAP, short.length + 40);
    assert.deepEqual([cut.malformed, cut.arp?.tpa], [null, 0x1f_0b_60_ce]);
    assert.equal(decodeFrame(short, LINKTYPE.IEEE802_11_RADIOTAP).malformed, null);
  });

  it('skips the padding between the 802.11 header and the payload when the flag says so', () => {
    // 26 header bytes (addresses and QoS control), padded to 28.
    const padded = `8801 0000 ${TO_AP_ADDRESSES} 0000 9999 ${SNAP_ARP_FROM_B}`;
    assert.equal(decodeRadiotap(`${radiotap([FLAGS], '20')} ${padded}`).arp?.sha, MAC_B_NUM);
  });

  it('reports bad headers and frames whose FCS failed', () => {
    const malformed = (header: string) => decodeRadiotap(`${header} ${TO_AP_ARP}`).malformed;
    assert.equal(malformed(radiotap([FLAGS | SIGNAL], '40 c4')), 'RADIOTAP_BAD_FCS');
    assert.equal(decodeRadiotap(`01 00 0800 00000000 ${TO_AP_ARP}`).skip, 'RADIOTAP_VERSION');
    assert.equal(malformed('00 00 0600 00000000'), 'RADIOTAP_INVALID');
    assert.equal(decodeRadiotap('00 00 4000 00000000 0801').malformed, 'RADIOTAP_TRUNCATED');
    // An EXT bit whose next word lies past the header, and a field past the header's end.
    assert.equal(malformed(`00 00 0800 ${le32(EXT)}`), 'RADIOTAP_INVALID');
    assert.equal(malformed(`00 00 0900 ${le32(TSFT)} 00`), 'RADIOTAP_INVALID');
  });

  it('keeps the signal of management frames, which have no transmitter llreach reads', () => {
    const beaconFrame = `8000 0000 ${'ff'.repeat(6)} ${MAC_B} ${MAC_B} 1000`;
    const beacon = decodeRadiotap(`${radiotap([SIGNAL], 'c4')} ${beaconFrame}`);
    assert.deepEqual([beacon.skip, beacon.rssi, beacon.transmitter], ['WLAN_NOT_DATA', -60, -1]);
  });

  it('is malformed, never read past its end, when cut at any offset', () => {
    const words = [
      FLAGS | CHANNEL | SIGNAL | RADIOTAP_NS | EXT,
      SIGNAL | ANTENNA | VENDOR_NS | EXT,
      TSFT | RADIOTAP_NS | EXT,
      SIGNAL,
    ];
    // Data at 20: flags, pad, channel 22, signal 26; word 2: signal, antenna, pad, vendor field at
    // 30 (skip 3), vendor data at 36; word 4 (radiotap again): signal at 39.
    const fields = `${FCS_AT_END} 99 7c15 a000 c9 bb 00 99 001122 00 0300 aabbcc b1`;
    const frame = hex(`${radiotap(words, fields)} ${TO_AP_QOS_ARP} 1f0b60ce`);
    const full = decodeFrame(frame, LINKTYPE.IEEE802_11_RADIOTAP, frame.length);
    assert.deepEqual([full.rssi, full.arp?.sha], [-55, MAC_B_NUM]);
    // Cut by the snaplen (FCS left in place), and as if each cut were the whole frame (stripped).
    const cutByCapture = decodeEveryCut(frame, LINKTYPE.IEEE802_11_RADIOTAP, () => frame.length);
    assertCutsMalformed(cutByCapture.slice(0, -4));
    const cutWhole = decodeEveryCut(frame, LINKTYPE.IEEE802_11_RADIOTAP, (captured) => captured);
    assertCutsMalformed(cutWhole);
  });

  it('zk-radiotap-arp-rssi: -74 is the station\'s, -59 the relaying AP\'s; cut ARP kept', () => {
    const frames = readCaptureFile(join(corpusDir, 'zk-radiotap-arp-rssi.pcap'));
    const events = frames.map((frame) => decodeFrame(frame.data, frame.linkType, frame.origLen));
    const macs = ['78:31:c1:c6:3f:c2', '8a:15:14:9b:5a:e0', 'f8:ed:a5:c0:a4:f1'];
    const [station, ap, server] = macs.map((text) => parseMac(text)!);
    assert.deepEqual(
      events.map((event) => [event.rssi, event.transmitter, event.src, event.arp?.sha]),
      [
        [-74, station, station, station],
        [-59, ap, server, server],
      ],
    );
    // Both frames announce an FCS but were cut by the snaplen: taking their last 4 bytes as the
    // FCS would cut the request's ARP.
    const [request] = frames;
    assert.ok(request.origLen > request.data.length);
    const misread = decodeFrame(request.data, request.linkType, request.data.length);
    assert.equal(misread.malformed, 'ARP_TRUNCATED');
  });
});
