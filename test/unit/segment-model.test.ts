import assert from 'node:assert/strict';
import {describe, it} from 'node:test';

import {ReachabilityModel} from '../../src/core/model.js';
import {ETHERTYPE_IP, ETHERTYPE_IPV6} from '../../src/core/reachability-tree.js';
import type {LinkEvent} from '../../src/decode/link-event.js';
import {arpEvent, frameAt, ip4, ip6, ipv4Event, ipv6Event, mac, ndEvent} from '../helpers/events.js';

const A = mac('02:00:00:00:00:0a');
const B = mac('02:00:00:00:00:0b');
const C = mac('02:00:00:00:00:0c');

function newModel(bases = {arpBaseSec: 30, nd6BaseSec: 30}) {
  return new ReachabilityModel({...bases, random32: () => 0});
}

function feed(model: ReachabilityModel, tsSec: number, event: LinkEvent, interfaceId = 0) {
  model.ingest(frameAt(tsSec, interfaceId), event);
}

function onlyContext(model: ReachabilityModel) {
  const contexts = model.contextsInOrder();
  assert.equal(contexts.length, 1);
  return contexts[0];
}

describe('segment view: ARP', () => {
  it('an ARP sender binds its address; the target of a request is not a binding', () => {
    const model = newModel();
    feed(model, 100, arpEvent({sha: A, spa: ip4('198.51.100.1'), tpa: ip4('198.51.100.2')}));
    const ctx = onlyContext(model);
    assert.equal(ctx.arp.entries.size, 1);
    assert.equal(ctx.tree.find(ETHERTYPE_IP, A)?.reqcnt, 1);
  });

  it('E17: two addresses on one MAC share one record with reqcnt 2', () => {
    const model = newModel();
    feed(model, 100, arpEvent({sha: A, spa: ip4('198.51.100.1')}));
    feed(model, 101, arpEvent({sha: A, spa: ip4('198.51.100.3')}));
    assert.equal(onlyContext(model).tree.find(ETHERTYPE_IP, A)?.reqcnt, 2);
  });

  it('E20: an announced move releases the old record and attaches the new one', () => {
    const model = newModel();
    feed(model, 100, arpEvent({sha: A, spa: ip4('198.51.100.1')}));
    feed(model, 110, arpEvent({sha: B, spa: ip4('198.51.100.1'), op: 2}));
    const ctx = onlyContext(model);
    assert.equal(ctx.tree.find(ETHERTYPE_IP, A), undefined);
    assert.equal(ctx.tree.find(ETHERTYPE_IP, B)?.reqcnt, 1);
    const entry = ctx.arp.get(ip4('198.51.100.1'))!;
    assert.equal(entry.previousMac, A);
    assert.equal(entry.lastused, 0);
    assert.equal(ctx.arp.moves, 1);
  });

  it('E36: a probe from 0.0.0.0 binds nothing but refreshes an existing record', () => {
    const model = newModel();
    feed(model, 100, arpEvent({sha: A, spa: 0, tpa: ip4('198.51.100.1')}));
    const ctx = onlyContext(model);
    assert.equal(ctx.tree.size, 0);
    feed(model, 100, arpEvent({sha: A, spa: ip4('198.51.100.1')}));
    feed(model, 120, arpEvent({sha: A, spa: 0, tpa: ip4('198.51.100.9')}));
    assert.equal(ctx.tree.find(ETHERTYPE_IP, A)?.lastrcvd, 21);
  });

  it('E14: an ARP sender of ff:ff:ff:ff:ff:ff, all-zero or multicast binds and refreshes nothing', () => {
    const model = newModel();
    feed(model, 100, arpEvent({sha: 0xffffffffffff, spa: ip4('198.51.100.1')}));
    feed(model, 100, arpEvent({sha: 0, spa: ip4('198.51.100.2')}));
    feed(model, 100, arpEvent({sha: mac('01:00:5e:00:00:01'), spa: ip4('198.51.100.3')}));
    assert.equal(onlyContext(model).tree.size, 0);
    assert.equal(onlyContext(model).arp.entries.size, 0);
  });

  it('E13: ARP refresh keys on the payload sender, IPv4 frames on the Ethernet source', () => {
    const model = newModel();
    feed(model, 100, arpEvent({sha: A, spa: ip4('198.51.100.1')}));
    feed(model, 100, arpEvent({sha: B, spa: ip4('198.51.100.2')}));
    const ctx = onlyContext(model);
    const arpWithOtherSource = {...arpEvent({sha: A, spa: 0}), src: B};
    feed(model, 105, arpWithOtherSource);
    assert.equal(ctx.tree.find(ETHERTYPE_IP, A)?.lastrcvd, 6);
    assert.equal(ctx.tree.find(ETHERTYPE_IP, B)?.lastrcvd, 1);
    feed(model, 107, ipv4Event(B, A)); // unicast to someone else still counts in the segment view
    assert.equal(ctx.tree.find(ETHERTYPE_IP, B)?.lastrcvd, 8);
  });

  it('resolution requests count as probes until the owner answers', () => {
    const model = newModel();
    feed(model, 100, arpEvent({sha: A, spa: ip4('198.51.100.1')}));
    feed(model, 101, arpEvent({sha: C, spa: ip4('198.51.100.3'), tpa: ip4('198.51.100.1')}));
    feed(model, 102, arpEvent({sha: C, spa: ip4('198.51.100.3'), tpa: ip4('198.51.100.1')}));
    const record = onlyContext(model).tree.find(ETHERTYPE_IP, A)!;
    assert.equal(record.probes, 2);
    feed(model, 103, arpEvent({op: 2, sha: A, spa: ip4('198.51.100.1'), tpa: ip4('198.51.100.3')}));
    assert.equal(record.probes, 0);
  });
});

describe('segment view: Neighbor Discovery', () => {
  const NS = 135;
  const NA = 136;
  const RA = 134;
  const REDIRECT = 137;

  it('an NS with a source link-layer option binds its source; a DAD NS binds nothing', () => {
    const model = newModel();
    feed(model, 1, ndEvent(A, {type: NS, src: ip6('::'), target: ip6('2001:db8::a')}));
    const ctx = onlyContext(model);
    assert.equal(ctx.nd.entries.size, 0);
    feed(model, 2, ndEvent(A, {type: NS, src: ip6('fe80::a'), target: ip6('fe80::b'), sllao: A}));
    assert.equal(ctx.tree.find(ETHERTYPE_IPV6, A)?.reqcnt, 1);
  });

  it('E39: an NS without the option and an NA for an unknown target without TLLA bind nothing', () => {
    const model = newModel();
    feed(model, 1, ndEvent(A, {type: NS, src: ip6('fe80::a'), target: ip6('fe80::b')}));
    feed(model, 1, ndEvent(A, {type: NA, src: ip6('fe80::a'), target: ip6('fe80::a')}));
    assert.equal(onlyContext(model).tree.size, 0);
  });

  it('an NA binds its target; E40: a non-override NA with another MAC does not move it', () => {
    const model = newModel();
    feed(model, 1, ndEvent(A, {type: NA, src: ip6('fe80::a'), target: ip6('fe80::a'), tllao: A}));
    feed(model, 2, ndEvent(B, {type: NA, src: ip6('fe80::a'), target: ip6('fe80::a'), tllao: B, override: false}));
    const ctx = onlyContext(model);
    assert.equal(ctx.nd.get(ip6('fe80::a'))?.mac, A);
    feed(model, 3, ndEvent(B, {type: NA, src: ip6('fe80::a'), target: ip6('fe80::a'), tllao: B, override: true}));
    assert.equal(ctx.nd.get(ip6('fe80::a'))?.mac, B);
    assert.equal(ctx.tree.find(ETHERTYPE_IPV6, A), undefined);
  });

  it('an RA binds its source and notes the router with lifetime and preference', () => {
    const model = newModel();
    feed(model, 1, ndEvent(A, {type: RA, src: ip6('fe80::1'), sllao: A, routerLifetime: 1800, routerPreference: 1}));
    const ctx = onlyContext(model);
    assert.equal(ctx.tree.find(ETHERTYPE_IPV6, A)?.reqcnt, 1);
    assert.deepEqual(ctx.routers.get(ip6('fe80::1')), {
      addr: ip6('fe80::1'), mac: A, lifetimeSec: 1800, preference: 1, lastSeenUptimeSec: 1,
    });
  });

  it('a Redirect binds its target to the target link-layer option', () => {
    const model = newModel();
    feed(model, 1, ndEvent(A, {type: REDIRECT, src: ip6('fe80::1'), target: ip6('fe80::c'), tllao: C}));
    assert.equal(onlyContext(model).nd.get(ip6('fe80::c'))?.mac, C);
  });

  it('any IPv6 frame refreshes its source record', () => {
    const model = newModel();
    feed(model, 1, ndEvent(A, {type: NS, src: ip6('fe80::a'), target: ip6('fe80::b'), sllao: A}));
    feed(model, 50, ipv6Event(A));
    assert.equal(onlyContext(model).tree.find(ETHERTYPE_IPV6, A)?.lastrcvd, 50);
  });
});

describe('segment view: contexts, time and counters', () => {
  it('E18: the same MAC on two interfaces and in a VLAN gives independent records', () => {
    const model = newModel();
    feed(model, 1, arpEvent({sha: A, spa: ip4('198.51.100.1')}), 0);
    feed(model, 1, arpEvent({sha: A, spa: ip4('198.51.100.1')}), 1);
    feed(model, 1, arpEvent({sha: A, spa: ip4('198.51.100.1')}, 0xffffffffffff, '123'), 0);
    const contexts = model.contextsInOrder();
    assert.deepEqual(contexts.map((c) => `${c.iface.id}/${c.vlan}`), ['0/', '0/123', '1/']);
    for (const ctx of contexts) assert.equal(ctx.tree.find(ETHERTYPE_IP, A)?.reqcnt, 1);
  });

  it('entries age out 1200 s after their last announcement, at the next 300 s sweep', () => {
    const model = newModel();
    feed(model, 1000, arpEvent({sha: A, spa: ip4('198.51.100.1')}));
    const ctx = onlyContext(model);
    feed(model, 1000 + 1199, ipv4Event(A));
    assert.equal(ctx.arp.entries.size, 1);
    feed(model, 1000 + 1200, ipv4Event(B));
    assert.equal(ctx.arp.entries.size, 1, 'not yet swept: sweeps run every 300 s of uptime');
    feed(model, 1000 + 1500, ipv4Event(B));
    assert.equal(ctx.arp.entries.size, 0);
    assert.equal(ctx.tree.size, 0);
  });

  it('a frame stamped earlier never moves the clock back', () => {
    const model = newModel();
    feed(model, 100, ipv4Event(A));
    feed(model, 90, ipv4Event(A));
    assert.equal(model.clock.calendarSec, 100);
    assert.equal(model.clock.uptimeSec, 1);
  });

  it('E6: base 0 creates no records and refreshes nothing', () => {
    const model = newModel({arpBaseSec: 0, nd6BaseSec: 30});
    feed(model, 1, arpEvent({sha: A, spa: ip4('198.51.100.1')}));
    const ctx = onlyContext(model);
    assert.equal(ctx.tree.size, 0);
    assert.equal(ctx.arp.entries.size, 1, 'the resolver entry still exists, without a record');
  });

  it('counts skipped and malformed frames by reason', () => {
    const model = newModel();
    feed(model, 1, {...ipv4Event(A), kind: 'other', skip: 'ETHERTYPE_OTHER'});
    feed(model, 1, {...ipv4Event(A), kind: 'arp', malformed: 'ARP_TRUNCATED'});
    assert.equal(model.counters.frames, 2);
    assert.equal(model.counters.skipped, 1);
    assert.equal(model.counters.malformed, 1);
    assert.equal(model.counters.skipReasons.get('ETHERTYPE_OTHER'), 1);
    assert.equal(model.counters.malformedReasons.get('ARP_TRUNCATED'), 1);
  });
});

describe('segment view: probes and answers without options', () => {
  it('an NA from the owner without a target option confirms the binding and resets probes', () => {
    const model = newModel();
    const target = ip6('2001:db8::a');
    feed(model, 1, ndEvent(A, {type: 136, src: target, target, tllao: A}));
    feed(model, 2, ndEvent(B, {type: 135, src: ip6('2001:db8::b'), target, sllao: B}));
    const record = onlyContext(model).tree.find(ETHERTYPE_IPV6, A)!;
    assert.equal(record.probes, 1);
    feed(model, 3, ndEvent(C, {type: 136, src: target, target, override: false}));
    assert.equal(record.probes, 1, 'an NA from another MAC confirms nothing');
    feed(model, 3, ndEvent(A, {type: 136, src: target, target, override: false}));
    assert.equal(record.probes, 0);
  });
});
