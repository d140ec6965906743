import assert from 'node:assert/strict';
import {readdirSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';

import {parseMac} from '../../src/decode/address.js';
import {decodeFrame} from '../../src/decode/decode-frame.js';
import type {LinkEvent} from '../../src/decode/link-event.js';
import {guardReads, readCaptureFile} from './decode-fixtures.js';

const CORPUS = join(dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus');

function decodeFile(name: string): LinkEvent[] {
  return readCaptureFile(join(CORPUS, name)).map((frame) =>
    decodeFrame(frame.data, frame.linkType),
  );
}

const mac = (text: string) => parseMac(text)!;

describe('decodeFrame on the capture corpus', () => {
  it('decodes every frame of every file without a throw or a read past the captured bytes', () => {
    const files = readdirSync(CORPUS).filter((name) => /\.pcap(ng)?$/.test(name));
    assert.ok(files.length >= 20, `corpus at ${CORPUS} has ${files.length} files`);
    for (const name of files) {
      const frames = readCaptureFile(join(CORPUS, name));
      assert.ok(frames.length > 0, name);
      for (const [i, frame] of frames.entries()) {
        const {data, overreads} = guardReads(frame.data);
        assert.doesNotThrow(() => decodeFrame(data, frame.linkType), `${name} frame ${i + 1}`);
        assert.deepEqual(overreads, [], `${name} frame ${i + 1}`);
      }
    }
  });

  it('zk-nd-short-options: drops the 8 cut messages and ignores the SLLAO in the NA for fe80::3', () => {
    const events = decodeFile('zk-nd-short-options.pcap');
    assert.equal(events.length, 16);
    assert.equal(events.filter((event) => event.malformed === 'ND_TRUNCATED').length, 8);
    assert.equal(events.filter((event) => event.nd !== null).length, 8);
    const naFe80_3 = events.filter(
      (event) => event.nd?.type === 136 && event.nd.target === 'fe800000000000000000000000000003',
    );
    assert.ok(naFe80_3.length > 0);
    for (const event of naFe80_3)
      assert.deepEqual([event.nd?.tllao, event.nd?.sllao], [null, null]);
    const ra = events.find((event) => event.nd?.type === 134 && event.nd.sllao !== null);
    assert.deepEqual(
      [ra?.nd?.sllao, ra?.nd?.routerLifetime, ra?.nd?.routerPreference],
      [mac('00:11:22:33:44:55'), 1800, 1],
    );
  });

  it('td-dad-ns-nonce: a valid DAD probe whose nonce option is skipped, binding nothing', () => {
    const [event] = decodeFile('td-dad-ns-nonce.pcap');
    assert.equal(event.nd?.type, 135);
    assert.equal(event.nd?.src, '00000000000000000000000000000000');
    assert.equal(event.nd?.sllao, null);
  });

  it('td-ra-7opts: the SLLAO found as the 5th option', () => {
    const ra = decodeFile('td-ra-7opts.pcap').find((event) => event.nd?.type === 134);
    assert.deepEqual([ra?.nd?.sllao, ra?.nd?.routerLifetime], [mac('b0:99:28:c8:d6:6c'), 15]);
  });

  it('zk-redirect-hdr-opt: a valid Redirect past its Redirected Header option, from an all-zero MAC', () => {
    const [event] = decodeFile('zk-redirect-hdr-opt.pcap');
    assert.equal(event.nd?.type, 137);
    assert.equal(event.nd?.target, 'fe80000000000000000000000000cafe');
    assert.equal(event.src, 0);
  });

  it('td-qinq-arp and zk-dot1q-arp: ARP under stacked and single VLAN tags', () => {
    const qinq = decodeFile('td-qinq-arp.pcap').filter((event) => event.arp !== null);
    assert.ok(qinq.length >= 2);
    for (const event of qinq) assert.equal(event.vlan, '200/2001');
    const dot1q = decodeFile('zk-dot1q-arp.pcap').filter((event) => event.arp !== null);
    assert.ok(dot1q.length > 0);
    for (const event of dot1q) assert.equal(event.vlan, '123');
  });

  it('zk-snap-arp-2if: hardware-type-6 ARP inside LLC/SNAP binds its senders', () => {
    const senders = new Set(
      decodeFile('zk-snap-arp-2if.pcapng').flatMap((event) => (event.arp ? [event.arp.sha] : [])),
    );
    assert.deepEqual(
      [...senders].sort(),
      [mac('c2:3c:19:6c:00:01'), mac('c2:3d:19:6c:00:01')].sort(),
    );
  });

  it('td-arp-too-long-tha and td-rarp-hw65280-trunc: odd ARP and RARP are skipped, not bound', () => {
    const [tooLong] = decodeFile('td-arp-too-long-tha.pcap');
    assert.deepEqual(
      [tooLong.kind, tooLong.arp, tooLong.skip, tooLong.vlan],
      ['arp', null, 'ARP_NOT_ETHERNET', '48'],
    );
    assert.deepEqual(
      decodeFile('td-rarp-hw65280-trunc.pcap').map((event) => event.skip),
      ['RARP'],
    );
  });
});
