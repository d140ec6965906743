import assert from 'node:assert/strict';
import {describe, it} from 'node:test';

import {findInvariantViolations} from '../../src/core/invariants.js';
import {MAX_VLAN_CONTEXTS, ReachabilityModel} from '../../src/core/model.js';
import {ETHERTYPE_IP} from '../../src/core/reachability-tree.js';
import {seededRandom32} from '../../src/core/random.js';
import {arpEvent, frameAt, ip4, ipv4Event, mac} from '../helpers/events.js';

const LEGIT = mac('02:00:00:00:00:01');

function floodModel(maxRecords: number) {
  return new ReachabilityModel({arpBaseSec: 30, nd6BaseSec: 30, random32: () => 0, maxRecords});
}

/** A random unicast, locally administered MAC. */
function randomMac(random: () => number): number {
  return (((random() & 0xfc) | 0x02) * 2 ** 40) + random() * 256 + (random() & 0xff);
}

describe('bounded resources (--max-records)', () => {
  it('a flood of random source MACs never grows a context past the bound, and invariants hold', () => {
    const model = floodModel(100);
    const random = seededRandom32(3);
    model.ingest(frameAt(1), arpEvent({sha: LEGIT, spa: ip4('198.51.100.1')}));
    for (let i = 0; i < 5000; i++) {
      const t = 1 + Math.floor(i / 100);
      model.ingest(frameAt(t), ipv4Event(LEGIT)); // the real host keeps talking
      model.ingest(frameAt(t), arpEvent({sha: randomMac(random), spa: (0xcb007100 + (i % 250) + 1) >>> 0}));
      assert.ok(model.contextsInOrder()[0].tree.size <= 100);
    }
    const [ctx] = model.contextsInOrder();
    assert.deepEqual(findInvariantViolations(model), []);
    assert.ok(ctx.tree.find(ETHERTYPE_IP, LEGIT), 'a host that keeps talking is not evicted');
    assert.ok(ctx.evicted.records > 0);
  });

  it('a flood of addresses on one MAC is bounded too', () => {
    const model = floodModel(50);
    for (let i = 0; i < 1000; i++) {
      model.ingest(frameAt(1 + i), arpEvent({sha: LEGIT, spa: (0xc6336400 + 1 + i) >>> 0}));
    }
    const [ctx] = model.contextsInOrder();
    assert.ok(ctx.arp.entries.size <= 50);
    assert.equal(ctx.tree.find(ETHERTYPE_IP, LEGIT)?.reqcnt, ctx.arp.entries.size);
    assert.deepEqual(findInvariantViolations(model), []);
  });

  it('random VLAN tags cannot make contexts without bound', () => {
    const model = floodModel(10);
    for (let vlan = 1; vlan <= MAX_VLAN_CONTEXTS + 10; vlan++) {
      model.ingest(frameAt(1), arpEvent({sha: LEGIT, spa: ip4('198.51.100.1')}, 0xffffffffffff, `${vlan}`));
    }
    assert.equal(model.contextsInOrder().length, MAX_VLAN_CONTEXTS);
    assert.equal(model.counters.skipReasons.get('VLAN_CONTEXT_LIMIT'), 10);
  });
});
