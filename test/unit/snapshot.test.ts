// takeSnapshot keeps each record's formatted text between exports; these tests make sure the
// kept text follows every change of the record's addresses and moves.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';

import {ReachabilityModel} from '../../src/core/model.js';
import {takeSnapshot, type RecordRow} from '../../src/core/snapshot.js';
import type {LinkEvent} from '../../src/decode/link-event.js';
import {arpEvent, frameAt, ip4, mac} from '../helpers/events.js';

const A = mac('02:00:00:00:00:0a');
const B = mac('02:00:00:00:00:0b');

function newModel() {
  return new ReachabilityModel({arpBaseSec: 30, nd6BaseSec: 30, random32: () => 0});
}

function feed(model: ReachabilityModel, tsSec: number, event: LinkEvent) {
  model.ingest(frameAt(tsSec, 0), event);
}

/** The exported rows by MAC text. */
function rowsOf(model: ReachabilityModel): Map<string, RecordRow> {
  return new Map(takeSnapshot(model).interfaces.flatMap((c) => c.records).map((r) => [r.addr, r]));
}

describe('takeSnapshot text kept between exports', () => {
  it('follows addresses attached, moved away and moved back, and reuses unchanged text', () => {
    const model = newModel();
    feed(model, 100, arpEvent({sha: A, spa: ip4('198.51.100.1')}));
    assert.deepEqual(rowsOf(model).get('02:00:00:00:00:0a')?.addresses, ['198.51.100.1']);

    feed(model, 101, arpEvent({sha: A, spa: ip4('198.51.100.2')}));
    assert.deepEqual(rowsOf(model).get('02:00:00:00:00:0a')?.addresses, ['198.51.100.1', '198.51.100.2']);

    feed(model, 102, arpEvent({sha: B, spa: ip4('198.51.100.2'), op: 2}));
    let rows = rowsOf(model);
    assert.deepEqual(rows.get('02:00:00:00:00:0a')?.addresses, ['198.51.100.1']);
    assert.deepEqual(rows.get('02:00:00:00:00:0b')?.moved.map((m) => [m.address, m.from]), [['198.51.100.2', '02:00:00:00:00:0a']]);

    feed(model, 103, arpEvent({sha: A, spa: ip4('198.51.100.2'), op: 2}));
    rows = rowsOf(model);
    const a = rows.get('02:00:00:00:00:0a')!;
    assert.deepEqual(a.addresses, ['198.51.100.1', '198.51.100.2']);
    assert.deepEqual(a.moved.map((m) => [m.address, m.from]), [['198.51.100.2', '02:00:00:00:00:0b']]);
    assert.equal(rows.has('02:00:00:00:00:0b'), false, 'B lost its only address, so its record went');
  });

  it('shares a record\'s address list between exports while its entries stay the same', () => {
    const model = newModel();
    feed(model, 100, arpEvent({sha: A, spa: ip4('198.51.100.1')}));
    const first = rowsOf(model).get('02:00:00:00:00:0a')!;
    model.advanceTo(105);
    const second = rowsOf(model).get('02:00:00:00:00:0a')!;
    assert.equal(second.addresses, first.addresses);
    assert.notEqual(second.expiresIn, first.expiresIn, 'the numbers are read afresh');
  });
});

describe('an interface described again (a live interface reopened)', () => {
  it('updates the contexts that already exist: a recreated interface shows its new index', () => {
    const model = newModel();
    model.addInterface({id: 0, name: 'veth0', linkType: 1, ifindex: 15});
    feed(model, 100, arpEvent({sha: A, spa: ip4('198.51.100.1')}));
    model.addInterface({id: 0, name: 'veth0', linkType: 1, ifindex: 17});
    const [ctx] = takeSnapshot(model).interfaces;
    assert.deepEqual([ctx?.interface, ctx?.ifindex, ctx?.records[0]?.ifindex], ['veth0', 17, 17]);
  });

  it('shows a name with control characters escaped, whatever the file put in it', () => {
    const model = newModel();
    model.addInterface({id: 0, name: 'e\u001B]2;x\u0007\n1', linkType: 1});
    feed(model, 100, arpEvent({sha: A, spa: ip4('198.51.100.1')}));
    assert.equal(takeSnapshot(model).interfaces[0]?.interface, 'e\\x1b]2;x\\x07\\x0a1');
    model.addInterface({id: 1, name: 'lo\u202Egpj.exe', linkType: 1});
    model.ingest({...frameAt(101, 1)}, arpEvent({sha: B, spa: ip4('198.51.100.2')}));
    assert.equal(takeSnapshot(model).interfaces[1]?.interface, 'lo\\u202egpj.exe', 'a bidi override cannot reorder the line');
  });
});
