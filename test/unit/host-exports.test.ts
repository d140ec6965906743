// The exports (if_llreach_info, rt_reach_info, ifnet_llreach_info), the §3.5 conversions, the
// sysctl's index and copy rules, and Apple's three layouts (§7) character for character.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';

import {takeHostSnapshot} from '../../src/core/host-snapshot.js';
import {
  calendarExpiry, checkIfindex, encodeIfLlreachInfo, ifLlreachInfo, ifnetLlreachInfo, IF_LLREACH_INFO_BYTES,
  readSysctl, rtReachInfo,
} from '../../src/core/llreach-info.js';
import {ETHERTYPE_IP, LQM_OFF, ReachabilityTree} from '../../src/core/reachability-tree.js';
import {LlreachError} from '../../src/errors.js';
import {EXIT} from '../../src/exit-codes.js';
import {expireCell, renderArp, renderNdp, renderNetstat} from '../../src/render/apple-formats.js';
import {ND_NEIGHBOR_SOLICIT} from '../../src/decode/link-event.js';
import {arpEvent, ip6, ndEvent} from '../helpers/events.js';
import {hostModel, PEER, PEER4, PEER6, US, US4, US6} from './host-fixtures.js';

const requestToUs = () => arpEvent({op: 1, sha: PEER, spa: PEER4, tpa: US4});

/** A host model with one ARP entry (record, never used) and one static entry (no record). */
function twoArpEntries() {
  const h = hostModel({statics: ['198.51.100.9=00:1b:63:0a:0b:0c']});
  h.feed(0, requestToUs());
  return h;
}

describe('exports and time conversions (§1.4–§1.6, §3.5)', () => {
  it('E21: a never-used entry has KPI send expiry = lr_reachable, calendar send expiry 0, and arp prints (none)', () => {
    const h = twoArpEntries();
    const entry = h.ctx().arp.get(PEER4)!;
    entry.lastused = 0; // the request set it at the reply stage; a never-used entry has 0
    const now = h.model.clock;
    assert.equal(ifnetLlreachInfo(entry, now).sndExpire, entry.record!.reachable);
    assert.equal(rtReachInfo(entry, now).sndExpire, 0);
    const snap = takeHostSnapshot(h.model, h.view);
    const line = renderArp(snap.contexts, now.calendarSec).split('\n')[1];
    assert.equal(line.slice(42, 51), '(none)   ');
  });

  it('E22: stepping the wall clock 1 h forward moves every calendar expiry by +1 h and keeps time left', () => {
    const tree = new ReachabilityTree();
    const record = tree.attach(ETHERTYPE_IP, PEER, 30, {uptimeSec: 10, calendarSec: 5000}, () => 0)!;
    const before = {uptimeSec: 20, calendarSec: 5010};
    const stepped = {uptimeSec: 20, calendarSec: 5010 + 3600};
    const e1 = calendarExpiry(record, record.lastrcvd, before);
    assert.equal(e1, 10 + 14 + 4990);
    const e2 = calendarExpiry(record, record.lastrcvd, stepped);
    assert.equal(e2 - e1, 3600);
    assert.equal(e2 - stepped.calendarSec, e1 - before.calendarSec);
    assert.equal(record.basecal, stepped.calendarSec - (20 - 10), 'basecal was re-anchored');
  });

  it('E23: lri_expire is 0 only when lastrcvd is 0, and netstat prints "permanent" for it', () => {
    const tree = new ReachabilityTree();
    const record = tree.attach(ETHERTYPE_IP, PEER, 30, {uptimeSec: 0, calendarSec: 5000}, () => 0)!;
    const info = ifLlreachInfo(record, 1, {uptimeSec: 0, calendarSec: 5000});
    assert.equal(info.expire, 0);
    const text = renderNetstat([{name: 'en0', infos: [info]}], 5000);
    assert.match(text.split('\n')[1], / permanent {1}/);
    record.lastrcvd = 1;
    assert.notEqual(ifLlreachInfo(record, 1, {uptimeSec: 1, calendarSec: 5001}).expire, 0);
  });

  it('if_llreach_info is 120 bytes with the fields at their §1.4 offsets', () => {
    const tree = new ReachabilityTree();
    const record = tree.attach(ETHERTYPE_IP, 0x001b630a0b0c, 30, {uptimeSec: 5, calendarSec: 1000}, () => 0)!;
    const bytes = encodeIfLlreachInfo(ifLlreachInfo(record, 4, {uptimeSec: 5, calendarSec: 1000}));
    assert.equal(bytes.length, IF_LLREACH_INFO_BYTES);
    assert.equal(bytes.readUInt32LE(0), 1);
    assert.equal(bytes.readUInt32LE(4), 4);
    assert.equal(bytes.readBigUInt64LE(8), BigInt(5 + 14 + 995));
    assert.equal(bytes.readUInt16LE(22), 0x0800);
    assert.equal(bytes.subarray(24, 30).toString('hex'), '001b630a0b0c');
    assert.equal(bytes.readInt32LE(88), -2147483648);
    assert.equal(bytes.readInt32LE(92), -1);
    assert.equal(bytes.readInt32LE(96), -1);
  });

  it('E30: sysctl index 0 or past the highest interface is an error with exit code NO_SUCH_INDEX', () => {
    const known = (index: number) => index === 1 || index === 2;
    for (const index of [0, 3, 4_294_967_295]) {
      assert.throws(() => checkIfindex(index, known), (error: unknown) =>
        error instanceof LlreachError && error.code === 'NO_SUCH_INDEX' && error.oclif.exit === EXIT.NO_SUCH_INDEX);
    }
    assert.doesNotThrow(() => checkIfindex(2, known));
  });

  it('E32: a buffer one byte short of N records gives ENOMEM with N−1 whole records copied', () => {
    const tree = new ReachabilityTree();
    const now = {uptimeSec: 5, calendarSec: 1000};
    for (let i = 1; i <= 3; i++) tree.attach(ETHERTYPE_IP, i, 30, now, () => 0);
    const infos = [...tree.inOrder()].map((record) => ifLlreachInfo(record, 1, now));
    const short = readSysctl(infos, 3 * IF_LLREACH_INFO_BYTES - 1);
    assert.equal(short.error, 'ENOMEM');
    assert.equal(short.bytes.length, 2 * IF_LLREACH_INFO_BYTES);
    assert.equal(readSysctl(infos, 3 * IF_LLREACH_INFO_BYTES).error, null);
  });

  it('rt_reach_info of an entry without a record reports LQM off (−2), not unknown', () => {
    const h = twoArpEntries();
    const info = rtReachInfo(h.ctx().arp.get(0xc6336409)!, h.model.clock);
    assert.deepEqual([info.refcnt, info.lqm, info.rssi, info.npm], [0, LQM_OFF, -2147483648, -1]);
  });
});

describe('Apple layouts (§7)', () => {
  it('netstat -i -R -x: header and a row, column for column', () => {
    const tree = new ReachabilityTree();
    const record = tree.attach(ETHERTYPE_IP, 0x001b630a0b0c, 30, {uptimeSec: 5, calendarSec: 1000}, () => 0)!;
    record.probes = 2;
    const text = renderNetstat([{name: 'en0', infos: [ifLlreachInfo(record, 4, {uptimeSec: 5, calendarSec: 1000})]}], 1000);
    assert.equal(text,
      'Proto  Linklayer Address    Netif Expire    Refs Prbs    RSSI     LQM     NPM\n' +
      '0x800  0:1b:63:a:b:c          en0 14s          1    2 unknown unknown unknown\n');
  });

  it('E26: arp -a -l -x: an entry without a record prints (none) (none) and stops after Netif', () => {
    const h = twoArpEntries();
    const snap = takeHostSnapshot(h.model, h.view);
    const now = h.model.clock.calendarSec;
    assert.equal(renderArp(snap.contexts, now),
      'Neighbor                Linklayer Address Expire(O) Expire(I)    Netif Refs Prbs RSSI    LQM     NPM    \n' +
      '198.51.100.2            2:0:0:0:0:2       14s       14s            if0    1 none unknown unknown unknown\n' +
      '198.51.100.9            0:1b:63:a:b:c     (none)    (none)         if0\n');
  });

  it('E27: arp -a -l omits Prbs when 0; with -x "none" stands in its place', () => {
    const h = twoArpEntries();
    const snap = takeHostSnapshot(h.model, h.view);
    const now = h.model.clock.calendarSec;
    const plain = renderArp(snap.contexts, now, false).split('\n');
    assert.equal(plain[0], 'Neighbor                Linklayer Address Expire(O) Expire(I)    Netif Refs Prbs');
    assert.equal(plain[1], '198.51.100.2            2:0:0:0:0:2       14s       14s            if0    1');
    assert.match(renderArp(snap.contexts, now, true).split('\n')[1], / {4}1 none unknown/);
    h.ctx().arp.get(PEER4)!.record!.probes = 3;
    const probed = takeHostSnapshot(h.model, h.view);
    assert.match(renderArp(probed.contexts, now, false).split('\n')[1], / {4}1 {4}3$/);
  });

  it('E28: ndp -a -l -x shows LQM "off" for an entry without a record and "unknown" with one', () => {
    const h = hostModel();
    h.feed(0, ndEvent(PEER, {type: ND_NEIGHBOR_SOLICIT, src: PEER6, target: US6, sllao: PEER}));
    h.feed(0, {...ndEvent(US, {type: ND_NEIGHBOR_SOLICIT, src: US6, target: ip6('2001:db8::5'), sllao: US}), src: US});
    const snap = takeHostSnapshot(h.model, h.view);
    const lines = renderNdp(snap.contexts, h.model.clock.calendarSec).split('\n');
    assert.equal(lines[0], 'Neighbor                        Linklayer Address  Netif Expire(O) Expire(I) St Flgs Prbs RSSI    LQM     NPM    ');
    assert.equal(lines[1], '2001:db8::2                     2:0:0:0:0:2          if0 (none)    14s       S      none unknown unknown unknown');
    assert.equal(lines[2], '2001:db8::5                     (incomplete)         if0 (none)    (none)    I         1 unknown off     unknown');
  });

  it('E24 (host exports): an expiry equal to the tool\'s second prints "expired"; one later prints the time left', () => {
    assert.equal(expireCell(1, 1000, 1000), 'expired');
    assert.equal(expireCell(1, 1001, 1000), '1s');
    assert.equal(expireCell(0, 1001, 1000), '(none)');
    assert.equal(expireCell(1, 0, 1000), '(none)');
  });

  it('ndp gives a long address its extra width from the MAC and interface columns', () => {
    const h = hostModel();
    h.feed(0, ndEvent(PEER, {type: ND_NEIGHBOR_SOLICIT, src: PEER6, target: US6, sllao: PEER}));
    const snap = takeHostSnapshot(h.model, h.view);
    const long = '2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff'; // 38 characters: 7 past W_ADDR
    snap.contexts[0].nd[0].address = long;
    const row = renderNdp(snap.contexts, h.model.clock.calendarSec, false).split('\n')[1];
    // The MAC column shrinks from 17 to its own 11 characters, the interface column from 6 to 5.
    assert.equal(row.slice(0, 56), `${long} 2:0:0:0:0:2   if0`);
  });
});
