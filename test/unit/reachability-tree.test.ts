import assert from 'node:assert/strict';
import {describe, it} from 'node:test';

import {ETHERTYPE_IP, ETHERTYPE_IPV6, ReachabilityTree} from '../../src/core/reachability-tree.js';
import {InvariantError} from '../../src/errors.js';
import {mac} from '../helpers/events.js';

const at = (uptimeSec: number) => ({uptimeSec, calendarSec: 1_700_000_000 + uptimeSec});
const zero = () => 0;

describe('ReachabilityTree primitives (spec §2.1)', () => {
  it('attach creates a record with reqcnt 1, default metrics and a reachable time from the formula', () => {
    const tree = new ReachabilityTree();
    const record = tree.attach(ETHERTYPE_IP, mac('02:00:00:00:00:01'), 30, at(5), () => 0xffffffff)!;
    assert.equal(record.reqcnt, 1);
    assert.equal(record.lastrcvd, 5);
    assert.equal(record.baseup, 5);
    assert.equal(record.basecal, 1_700_000_005);
    assert.equal(record.reachable, 44);
    assert.equal(record.rssi, -2147483648);
    assert.equal(record.lqm, -1);
    assert.equal(record.npm, -1);
  });

  it('E6: base 0 creates nothing', () => {
    const tree = new ReachabilityTree();
    assert.equal(tree.attach(ETHERTYPE_IP, 1, 0, at(1), zero), undefined);
    assert.equal(tree.size, 0);
  });

  it('E19: a second attach adds a reference and sets lastrcvd := now', () => {
    const tree = new ReachabilityTree();
    const first = tree.attach(ETHERTYPE_IP, 7, 30, at(1), zero)!;
    first.probes = 3;
    const second = tree.attach(ETHERTYPE_IP, 7, 30, at(9), zero)!;
    assert.equal(second, first);
    assert.equal(first.reqcnt, 2);
    assert.equal(first.lastrcvd, 9);
  });

  it('E5: the reachable time of an existing record ignores a later base and random word', () => {
    const tree = new ReachabilityTree();
    const record = tree.attach(ETHERTYPE_IP, 7, 30, at(1), zero)!;
    tree.attach(ETHERTYPE_IP, 7, 120, at(2), () => 0xffffffff);
    assert.equal(record.reachable, 14);
    assert.equal(record.basereachable, 30);
  });

  it('release removes the record only at zero; E33: releasing at zero throws', () => {
    const tree = new ReachabilityTree();
    const record = tree.attach(ETHERTYPE_IP, 7, 30, at(1), zero)!;
    tree.attach(ETHERTYPE_IP, 7, 30, at(1), zero);
    assert.equal(tree.release(record), false);
    assert.equal(tree.size, 1);
    assert.equal(tree.release(record), true);
    assert.equal(tree.size, 0);
    assert.throws(() => tree.release(record), InvariantError);
  });

  it('E16: refresh updates lastrcvd and never creates', () => {
    const tree = new ReachabilityTree();
    assert.equal(tree.refresh(ETHERTYPE_IP, 7, 10), undefined);
    assert.equal(tree.size, 0);
    tree.attach(ETHERTYPE_IP, 7, 30, at(1), zero);
    assert.equal(tree.refresh(ETHERTYPE_IP, 7, 10)?.lastrcvd, 10);
  });

  it('E17: one MAC has separate IPv4 and IPv6 records', () => {
    const tree = new ReachabilityTree();
    tree.attach(ETHERTYPE_IP, 7, 30, at(1), zero);
    tree.attach(ETHERTYPE_IPV6, 7, 30, at(1), zero);
    assert.equal(tree.size, 2);
  });

  it('E31: all IPv4 records precede all IPv6 records, MACs ascending within each', () => {
    const tree = new ReachabilityTree();
    const macs = ['ff:00:00:00:00:01', '00:00:00:00:00:02', '80:00:00:00:00:00'].map(mac);
    for (const m of macs) {
      tree.attach(ETHERTYPE_IPV6, m, 30, at(1), zero);
      tree.attach(ETHERTYPE_IP, m, 30, at(1), zero);
    }
    const order = [...tree.inOrder()].map((r) => `${r.proto.toString(16)}/${r.mac.toString(16)}`);
    assert.deepEqual(order, [
      '800/2', '800/800000000000', '800/ff0000000001',
      '86dd/2', '86dd/800000000000', '86dd/ff0000000001',
    ]);
  });

  it('E45: there is no cap at 128 records', () => {
    const tree = new ReachabilityTree();
    for (let m = 1; m <= 129; m++) tree.attach(ETHERTYPE_IP, m, 30, at(1), zero);
    assert.equal(tree.size, 129);
  });
});
