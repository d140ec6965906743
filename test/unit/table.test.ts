import assert from 'node:assert/strict';
import {describe, it} from 'node:test';

import {Chalk} from 'chalk';

import type {RecordRow, Snapshot} from '../../src/core/snapshot.js';
import {BOXED_ROWS_MAX, renderPlainColumns, renderShow} from '../../src/render/table.js';

const plain = new Chalk({level: 0});

function row(index: number, addresses: string[]): RecordRow {
  return {
    refcnt: addresses.length, ifindex: 1, expire: 1_000_000_030, probes: 0, proto: 0x0800,
    addr: `02:00:00:00:${String(Math.floor(index / 256) % 256).padStart(2, '0')}:${(index % 256).toString(16).padStart(2, '0')}`,
    rssi: -2147483648, lqm: -1, npm: -1, reachable: 30, lastrcvd: 1, expiresIn: 30, addresses,
    moved: [], local: false, interface: 'eth0', vlan: null,
  };
}

function snapshotOf(records: RecordRow[]): Snapshot {
  return {
    schemaVersion: 1, view: 'segment', uptime: 1, calendar: 1_000_000_000, frames: records.length,
    skipped: 0, malformed: 0, skipReasons: {}, malformedReasons: {},
    interfaces: [{interface: 'eth0', ifindex: 1, vlan: null, frames: 1, evicted: {records: 0, entries: 0}, records}],
  };
}

describe('show table', () => {
  it('draws a boxed table with one line per address', () => {
    const text = renderShow(snapshotOf([row(1, ['198.51.100.1', '198.51.100.2'])]), {sourceLabel: 'x', chalk: plain});
    assert.match(text, /│ ipv4  │ 02:00:00:00:00:01  │ 2    │ 0      │ 2001-09-09 01:47:10 \(30s\) │ unknown │ unknown │ unknown │ 198\.51\.100\.1 │/);
    assert.match(text, /│ +│ +│ +│ +│ +│ +│ +│ +│ 198\.51\.100\.2 │/);
  });

  it('lays out large contexts in plain columns, in linear time', () => {
    const rows = Array.from({length: 50_000}, (_, i) => row(i, ['203.0.113.1']));
    const started = process.hrtime.bigint();
    const text = renderShow(snapshotOf(rows), {sourceLabel: 'x', chalk: plain});
    assert.ok(rows.length > BOXED_ROWS_MAX);
    assert.ok(!text.includes('│'));
    assert.equal(text.split('\n').filter((line) => line.startsWith('ipv4')).length, 50_000);
    assert.ok(process.hrtime.bigint() - started < 10_000_000_000n, 'no quadratic layout');
  });

  it('plain columns pad to the widest cell and ignore colour codes when measuring', () => {
    const cells = ['ipv4', '02:00:00:00:00:01', '1', '0', '\u001B[32mlater\u001B[39m', 'unknown', 'unknown', 'unknown', 'q1\nq2'];
    const lines = renderPlainColumns([cells]).split('\n');
    assert.equal(lines.length, 3);
    assert.ok(lines[0].startsWith('Proto  Link-layer address  Refs'));
    assert.equal(lines[2].trim(), 'q2');
    const visible = (text: string) => text.replaceAll(/\u001B\[[0-9;]*m/g, '');
    assert.equal(visible(lines[1]).indexOf('q1'), lines[2].indexOf('q2'));
  });
});
