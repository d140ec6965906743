// diffSnapshots: the changes and events between two snapshots, as pure data.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';

import fc from 'fast-check';

import type {RecordRow, Snapshot} from '../../src/core/snapshot.js';
import {diffSnapshots, EVENT_SCHEMA_VERSION, recordKey} from '../../src/watch/diff.js';
import {OFFSET, row, snapshotAt} from './watch-fixtures.js';

const A = '02:00:00:00:00:0a';
const B = '02:00:00:00:00:0b';

describe('diffSnapshots', () => {
  it('reports every record of the first snapshot as created, with its addresses attached at the frame time', () => {
    const next = snapshotAt(105, [row({addr: A, lastrcvd: 103, addresses: ['198.51.100.1', '198.51.100.2']})]);
    const {changes, events} = diffSnapshots(undefined, next);
    assert.deepEqual(changes.map((c) => [c.kind, c.row.addr]), [['added', A]]);
    assert.deepEqual(events.map((e) => [e.type, e.time, e.address]), [
      ['record-created', 103 + OFFSET, undefined],
      ['address-attached', 103 + OFFSET, '198.51.100.1'],
      ['address-attached', 103 + OFFSET, '198.51.100.2'],
    ]);
    assert.ok(events.every((e) => e.schemaVersion === EVENT_SCHEMA_VERSION && e.proto === 'ipv4' && e.addr === A));
  });

  it('reports nothing when only the clock moved and nothing expired', () => {
    const records = [row({addr: A, lastrcvd: 100})];
    const diff = diffSnapshots(snapshotAt(101, records), snapshotAt(102, records));
    assert.deepEqual(diff, {changes: [], events: []});
  });

  it('reports expiry at the record expiry time, and hearing it again at the time it was heard', () => {
    const before = snapshotAt(120, [row({addr: A, lastrcvd: 100, reachable: 30})]);
    const expired = snapshotAt(131, [row({addr: A, lastrcvd: 100, reachable: 30})]);
    const first = diffSnapshots(before, expired);
    assert.deepEqual(first.changes.map((c) => c.kind), ['expired']);
    assert.deepEqual(first.events.map((e) => [e.type, e.time]), [['record-expired', 130 + OFFSET]]);

    const heard = snapshotAt(140, [row({addr: A, lastrcvd: 139, reachable: 30})]);
    const second = diffSnapshots(expired, heard);
    assert.deepEqual(second.changes.map((c) => c.kind), ['reachable']);
    assert.deepEqual(second.events.map((e) => [e.type, e.time]), [['record-heard-again', 139 + OFFSET]]);
  });

  it('reports attached and detached addresses as a change of the record', () => {
    const before = snapshotAt(101, [row({addr: A, addresses: ['198.51.100.1', '198.51.100.2']})]);
    const after = snapshotAt(102, [row({addr: A, addresses: ['198.51.100.1', '198.51.100.3']})]);
    const {changes, events} = diffSnapshots(before, after);
    assert.deepEqual(changes.map((c) => c.kind), ['changed']);
    assert.deepEqual(events.map((e) => [e.type, e.address, e.time]), [
      ['address-attached', '198.51.100.3', 102 + OFFSET],
      ['address-detached', '198.51.100.2', 102 + OFFSET],
    ]);
  });

  it('reports a move once, as address-moved at the move time, not as attach plus detach', () => {
    const before = snapshotAt(101, [row({addr: A, addresses: ['198.51.100.1']})]);
    const moved = [{address: '198.51.100.1', from: A, at: 102}];
    const after = snapshotAt(103, [row({addr: B, lastrcvd: 102, addresses: ['198.51.100.1'], moved})]);
    const {changes, events} = diffSnapshots(before, after);
    // Changes come in tree order: A's removal before B's creation.
    assert.deepEqual(changes.map((c) => [c.kind, c.row.addr]), [['removed', A], ['added', B]]);
    assert.deepEqual(events.map((e) => [e.type, e.addr, e.address ?? '', e.from ?? '', e.time]), [
      ['record-created', B, '', '', 102 + OFFSET],
      ['address-moved', B, '198.51.100.1', A, 102 + OFFSET],
      ['record-removed', A, '', '', 103 + OFFSET],
    ]);
  });

  it('does not report an old move again in later snapshots', () => {
    const moved = [{address: '198.51.100.1', from: A, at: 102}];
    const records = [row({addr: B, lastrcvd: 102, addresses: ['198.51.100.1'], moved})];
    assert.deepEqual(diffSnapshots(snapshotAt(103, records), snapshotAt(104, records)).events, []);
  });

  it('keeps records of different interfaces, VLANs and protocols apart', () => {
    const before = snapshotAt(101, [row({addr: A})]);
    const after = snapshotAt(101, [row({addr: A}), row({addr: A, proto: 0x86dd, addresses: ['2001:db8::a']})]);
    const {changes} = diffSnapshots(before, after);
    assert.deepEqual(changes.map((c) => [c.kind, c.row.proto]), [['added', 0x86dd]]);
  });

  it('keeps apart two interfaces of a file that share a name, by their index', () => {
    const twin = (ifindex: number) => ({interface: '-', ifindex, vlan: null, frames: 1, records: [row({addr: A, interface: '-', ifindex})]});
    const next = {...snapshotAt(101, []), interfaces: [twin(1), twin(2)]};
    const {changes, events} = diffSnapshots(undefined, next);
    assert.deepEqual(changes.map((c) => [c.kind, c.row.ifindex]), [['added', 1], ['added', 2]]);
    assert.deepEqual(events.filter((e) => e.type === 'record-created').map((e) => e.ifindex), [1, 2]);
  });

  it('counts a probe change as a change without an event', () => {
    const before = snapshotAt(101, [row({addr: A, probes: 0})]);
    const after = snapshotAt(102, [row({addr: A, probes: 2})]);
    const {changes, events} = diffSnapshots(before, after);
    assert.deepEqual(changes.map((c) => c.kind), ['changed']);
    assert.deepEqual(events, []);
  });
});

/** A record of a small universe: two interfaces (one with a VLAN), two protocols, eight MACs. */
const arbitraryRecord = fc.record({
  context: fc.constantFrom(['eth0', null], ['eth0', '10'], ['eth1', null]),
  proto: fc.constantFrom(0x0800, 0x86dd),
  mac: fc.integer({min: 0, max: 7}),
  refcnt: fc.integer({min: 1, max: 2}),
  probes: fc.integer({min: 0, max: 1}),
  addresses: fc.subarray(['198.51.100.1', '198.51.100.2', '2001:db8::1']),
  lastrcvd: fc.constantFrom(60, 100),
});

type Drawn = typeof arbitraryRecord extends fc.Arbitrary<infer T> ? T : never;

/** A snapshot at uptime 110 of the drawn records (one per key), each context's rows in `order`. */
function drawnSnapshot(drawn: Drawn[], order: 'tree' | 'shuffled'): Snapshot {
  const contexts = new Map<string, RecordRow[]>();
  for (const d of drawn) {
    const [iface, vlan] = d.context as [string, string | null];
    const addr = `02:00:00:00:00:0${d.mac}`;
    const records = contexts.get(`${iface}|${vlan}`) ?? [];
    if (records.some((r) => r.addr === addr && r.proto === d.proto)) continue;
    records.push(row({addr, proto: d.proto, refcnt: d.refcnt, probes: d.probes, addresses: d.addresses, lastrcvd: d.lastrcvd, interface: iface, vlan}));
    contexts.set(`${iface}|${vlan}`, records);
  }
  const sorted = (rows: RecordRow[]) => order === 'shuffled' ? rows.reverse() : rows.sort((a, b) => a.proto - b.proto || (a.addr < b.addr ? -1 : 1));
  const base = snapshotAt(110, []);
  const interfaces = [...contexts.values()].map((records) => {
    const rows = snapshotAt(110, sorted(records)).interfaces[0]!;
    return {...rows, interface: records[0]!.interface, vlan: records[0]!.vlan};
  });
  return {...base, interfaces};
}

/** What changed for each key, found the slow way: both snapshots indexed by key. */
function expectedChanges(before: Snapshot, after: Snapshot): Map<string, string> {
  const index = (s: Snapshot) => new Map(s.interfaces.flatMap((c) => c.records).map((r) => [recordKey(r), r]));
  const [old, now] = [index(before), index(after)];
  const expired = (r: RecordRow) => r.expiresIn <= 0;
  const expected = new Map<string, string>();
  for (const [key, r] of now) {
    const o = old.get(key);
    if (!o) expected.set(key, 'added');
    else if (expired(o) !== expired(r)) expected.set(key, expired(r) ? 'expired' : 'reachable');
    else if (o.refcnt !== r.refcnt || o.probes !== r.probes || o.addresses.join() !== r.addresses.join()) expected.set(key, 'changed');
  }
  for (const key of old.keys()) if (!now.has(key)) expected.set(key, 'removed');
  return expected;
}

describe('diffSnapshots pairing records by walking both snapshots in tree order', () => {
  it('finds exactly the changes that indexing both snapshots by key finds, in order or not', () => {
    const snapshotPair = fc.tuple(fc.array(arbitraryRecord, {maxLength: 30}), fc.array(arbitraryRecord, {maxLength: 30}), fc.constantFrom('tree', 'shuffled'));
    fc.assert(fc.property(snapshotPair, ([a, b, order]) => {
      const before = drawnSnapshot(a, order as 'tree');
      const after = drawnSnapshot(b, order as 'tree');
      const {changes} = diffSnapshots(before, after);
      const found = new Map(changes.map((c) => [c.key, c.kind as string]));
      assert.equal(found.size, changes.length, 'one change per record at most');
      assert.deepEqual(found, expectedChanges(before, after));
    }), {numRuns: 500, seed: 7});
  });
});
