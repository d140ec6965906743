// diffSnapshots: the changes and events between two snapshots, as pure data.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';

import {diffSnapshots, EVENT_SCHEMA_VERSION} from '../../src/watch/diff.js';
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
    assert.deepEqual(changes.map((c) => [c.kind, c.row.addr]), [['added', B], ['removed', A]]);
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

  it('counts a probe change as a change without an event', () => {
    const before = snapshotAt(101, [row({addr: A, probes: 0})]);
    const after = snapshotAt(102, [row({addr: A, probes: 2})]);
    const {changes, events} = diffSnapshots(before, after);
    assert.deepEqual(changes.map((c) => c.kind), ['changed']);
    assert.deepEqual(events, []);
  });
});
