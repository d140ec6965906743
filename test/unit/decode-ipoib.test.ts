import assert from 'node:assert/strict';
import {join} from 'node:path';
import {describe, it} from 'node:test';

import {LINKTYPE} from '../../src/capture/frame.js';
import {decodeFrame} from '../../src/decode/decode-frame.js';
import {corpusDir} from '../helpers/paths.js';
import {hex, readCaptureFile} from './decode-fixtures.js';
import {decodeEveryCut} from './decode-link-fixtures.js';

/** The 40-byte pseudo-header: 20 zero bytes, then a 20-byte destination (QPN and GID). */
const PSEUDO_HEADER = `${'00'.repeat(20)} 00ffffff ff12401b 0000 0000 0000 0000 0000 0001`;
const IB_ADDR = '80000048 fe800000 00000000 0010e000 014ad211';
/** An IPoIB ARP request: hardware type 32 (InfiniBand), 20-byte hardware addresses. */
const IB_ARP = `0020 0800 14 04 0001 ${IB_ADDR} c6336401 ${'00'.repeat(20)} c6336402`;

describe('decodeFrame on IPoIB', () => {
  it('reads the type after the pseudo-header and has no MACs', () => {
    const event = decodeFrame(hex(`${PSEUDO_HEADER} 0800 0000 4500 0014`), LINKTYPE.IPOIB);
    assert.deepEqual([event.kind, event.src, event.dst, event.skip], ['ipv4', -1, -1, null]);
  });

  it('skips ARP with 20-byte hardware addresses as not Ethernet', () => {
    const event = decodeFrame(hex(`${PSEUDO_HEADER} 0806 0000 ${IB_ARP}`), LINKTYPE.IPOIB);
    assert.deepEqual([event.kind, event.arp, event.skip], ['arp', null, 'ARP_NOT_ETHERNET']);
  });

  it('is malformed, never read past its end, when cut at any offset', () => {
    const events = decodeEveryCut(hex(`${PSEUDO_HEADER} 0806 0000 ${IB_ARP}`), LINKTYPE.IPOIB);
    for (const [captured, event] of events.entries()) {
      const expected = captured < 44 ? 'IPOIB_TRUNCATED' : 'ARP_TRUNCATED';
      assert.equal(event.malformed, expected, `cut at ${captured}`);
    }
  });

  it('td-ipoib-arp-be: 4 ARP frames skipped as not Ethernet, the IPv4 frames still read', () => {
    const events = readCaptureFile(join(corpusDir, 'td-ipoib-arp-be.pcap')).map((frame) =>
      decodeFrame(frame.data, frame.linkType, frame.origLen),
    );
    const arp = events.filter((event) => event.kind === 'arp');
    assert.equal(arp.length, 4);
    for (const event of arp) assert.deepEqual([event.skip, event.arp], ['ARP_NOT_ETHERNET', null]);
    const ipv4 = events.filter((event) => event.kind === 'ipv4');
    assert.equal(ipv4.length, events.length - 4);
    for (const event of events) assert.deepEqual([event.src, event.malformed], [-1, null]);
  });
});
