import assert from 'node:assert/strict';
import {join} from 'node:path';
import {describe, it} from 'node:test';

import {LINKTYPE} from '../../src/capture/frame.js';
import {decodeFrame, isSupportedLinkType, linkTypeName} from '../../src/decode/decode-frame.js';
import {corpusDir} from '../helpers/paths.js';
import {hex, readCaptureFile} from './decode-fixtures.js';

/** A BSD loopback frame: address family 2 (IPv4, host byte order), then an IPv4 header. */
const NULL_IPV4 = '02000000 4500 0014 0000 4000 4001 0000 c6336401 c6336401';

describe('decodeFrame on loopback link types', () => {
  it('counts NULL and LOOP frames as skipped, whatever they carry', () => {
    for (const linkType of [LINKTYPE.NULL, LINKTYPE.LOOP]) {
      for (const text of [NULL_IPV4, '', '02']) {
        const event = decodeFrame(hex(text), linkType);
        assert.deepEqual(
          [event.kind, event.skip, event.src, event.malformed],
          ['other', 'LOOPBACK', -1, null],
        );
      }
    }
  });

  it('gp-pcapng-3sect-mixed-endian: NULL interfaces\' frames skipped, Ethernet ones read', () => {
    const frames = readCaptureFile(join(corpusDir, 'gp-pcapng-3sect-mixed-endian.pcapng'));
    const events = frames.map((frame) => decodeFrame(frame.data, frame.linkType, frame.origLen));
    const loopback = events.filter((_, i) => frames[i].linkType === LINKTYPE.NULL);
    assert.ok(loopback.length > 0);
    for (const event of loopback) assert.equal(event.skip, 'LOOPBACK');
    const ethernet = events.filter((_, i) => frames[i].linkType === LINKTYPE.ETHERNET);
    assert.ok(ethernet.length > 0);
    for (const event of ethernet) assert.notEqual(event.skip, 'LOOPBACK');
  });
});

describe('link types by name', () => {
  it('tells the decoded link types from the others', () => {
    const supported = [
      LINKTYPE.ETHERNET,
      LINKTYPE.LINUX_SLL,
      LINKTYPE.LINUX_SLL2,
      LINKTYPE.IEEE802_11,
      LINKTYPE.IEEE802_11_RADIOTAP,
      LINKTYPE.IPOIB,
      LINKTYPE.NULL,
      LINKTYPE.LOOP,
    ];
    for (const linkType of supported) {
      assert.equal(isSupportedLinkType(linkType), true, String(linkType));
    }

    for (const linkType of [LINKTYPE.ARCNET_LINUX, LINKTYPE.RAW, 300]) {
      assert.equal(isSupportedLinkType(linkType), false, String(linkType));
    }
  });

  it('names a link type with its number, and an unknown one as unknown', () => {
    assert.equal(linkTypeName(129), 'ARCNET_LINUX (129)');
    assert.equal(linkTypeName(276), 'LINUX_SLL2 (276)');
    assert.equal(linkTypeName(300), 'unknown (300)');
  });

  it('td-arcnet-arp: every frame of the unsupported link type is skipped by its number', () => {
    const frames = readCaptureFile(join(corpusDir, 'td-arcnet-arp.pcap'));
    assert.ok(frames.length > 0);
    for (const frame of frames) {
      const event = decodeFrame(frame.data, frame.linkType, frame.origLen);
      assert.deepEqual([event.kind, event.skip, event.arp], ['other', 'LINKTYPE_129', null]);
    }
  });
});
