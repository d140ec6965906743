// The default-router lookup of spec §5 over the model: router choice, the §1.6 fields, verdicts.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';

import {
  buildDefrouterResult,
  chooseRouter6,
  isLookupAnswered,
  noneInfo,
  parseGateway,
  routerAsOfLastRa,
  type DefrouterQuery,
  type LookupState,
} from '../../src/core/defrouter.js';
import type {RouterInfo} from '../../src/core/interface-context.js';
import {ReachabilityModel} from '../../src/core/model.js';
import {arpEvent, frameAt, ip4, ip6, ipv4Event, mac, ndEvent} from '../helpers/events.js';

const ROUTER_MAC = mac('02:00:00:00:6d:01');
const ROUTER4 = ip4('198.51.100.1');
const ROUTER6 = ip6('fe80::ff:fe00:6d01');

/** A model whose random word is fixed: base 30 with R = 0 gives reachable 14 s (§3.1). */
function newModel(random = 0, arpBaseSec = 30): ReachabilityModel {
  return new ReachabilityModel({arpBaseSec, nd6BaseSec: 30, random32: () => random});
}

function router(addr: string, preference: number, lastSeenUptimeSec: number, lifetimeSec = 1800): RouterInfo {
  return {addr: ip6(addr), mac: ROUTER_MAC, lifetimeSec, preference, lastSeenUptimeSec};
}

function query(gateway: number | string, family: 'inet' | 'inet6' = 'inet'): DefrouterQuery {
  return {family, interfaceName: 'eth0', gateway, gatewaySource: 'route', arpBaseSec: 30};
}

function onlyContext(model: ReachabilityModel) {
  const [ctx] = model.contextsInOrder();
  assert.ok(ctx, 'the model has a context');
  return ctx;
}

describe('chooseRouter6 (RA routers, RFC 4191)', () => {
  it('skips routers with lifetime 0 and routers whose lifetime ran out', () => {
    const routers = [router('fe80::1', 1, 10, 0), router('fe80::2', 1, 10, 5)];
    assert.equal(chooseRouter6(routers, 20), undefined);
    assert.equal(chooseRouter6(routers, 14)?.addr, ip6('fe80::2'));
  });

  it('prefers the higher preference, then the most recently heard', () => {
    const routers = [router('fe80::1', 0, 50), router('fe80::2', 1, 10), router('fe80::3', 1, 40), router('fe80::4', -1, 60)];
    assert.equal(chooseRouter6(routers, 60)?.addr, ip6('fe80::3'));
  });
});

describe('buildDefrouterResult (ifnet_llreach_info, §1.6 and §5 step 6)', () => {
  it('gives the "none" values when the gateway has no entry: zeros, rssi INT32_MIN, lqm -2, npm -1', () => {
    const model = newModel();
    model.ingest(frameAt(1000), ipv4Event(mac('02:00:00:00:00:09')));
    const result = buildDefrouterResult(query(ROUTER4), undefined, model.clock);
    assert.equal(result.hasRecord, false);
    assert.equal(result.verdict, 'no-record');
    assert.equal(result.timeLeftSec, null);
    assert.deepEqual(result.info, {
      refcnt: 0, probes: 0, snd_expire: 0, rcv_expire: 0, curtime: 0, netproto: 0,
      addr: '00:00:00:00:00:00', rssi: -2147483648, lqm: -2, npm: -1,
    });
    assert.deepEqual(noneInfo(), result.info);
  });

  it('fills an IPv4 router: refcnt, uptime expiries from lastrcvd and lastused, curtime, PF_INET', () => {
    const model = newModel();
    model.ingest(frameAt(1000), arpEvent({sha: ROUTER_MAC, spa: ROUTER4, tpa: ip4('198.51.100.2')}));
    model.ingest(frameAt(1005), ipv4Event(ROUTER_MAC)); // refreshes lastrcvd to uptime 6
    model.advanceTo(1010);
    const ctx = onlyContext(model);
    const result = buildDefrouterResult(query(ROUTER4), ctx.arp.get(ROUTER4), model.clock);
    assert.equal(result.hasRecord, true);
    assert.equal(result.info.addr, '02:00:00:00:6d:01');
    assert.equal(result.info.refcnt, 1);
    assert.equal(result.info.netproto, 2);
    assert.equal(result.info.curtime, 11);
    assert.equal(result.info.rcv_expire, 6 + 14);
    assert.equal(result.info.snd_expire, 0 + 14, 'E21: lastused 0 still adds reachable');
    assert.equal(result.timeLeftSec, 20 - 11);
    assert.equal(result.verdict, 'reachable');
    assert.equal(result.verdictReason, 'single-address');
  });

  it('says unreachable once lastrcvd + reachable is behind now (§3.4 (a)), inclusive at equality', () => {
    const model = newModel();
    model.ingest(frameAt(1000), arpEvent({sha: ROUTER_MAC, spa: ROUTER4, tpa: ip4('198.51.100.2')}));
    model.advanceTo(1014); // uptime 15 = lastrcvd 1 + reachable 14: still reachable
    const entry = onlyContext(model).arp.get(ROUTER4);
    assert.equal(buildDefrouterResult(query(ROUTER4), entry, model.clock).verdict, 'reachable');
    model.advanceTo(1015);
    const late = buildDefrouterResult(query(ROUTER4), entry, model.clock);
    assert.equal(late.verdict, 'unreachable');
    assert.equal(late.verdictReason, 'not-heard');
    assert.equal(late.timeLeftSec, -1);
  });

  it('reports the shared-record rule (b) when the router has an alias (reqcnt 2)', () => {
    const model = newModel();
    model.ingest(frameAt(1000), arpEvent({sha: ROUTER_MAC, spa: ROUTER4, tpa: ip4('198.51.100.2')}));
    model.ingest(frameAt(1000), arpEvent({sha: ROUTER_MAC, spa: ip4('198.51.100.3'), tpa: ip4('198.51.100.2')}));
    const entry = onlyContext(model).arp.get(ROUTER4);
    const result = buildDefrouterResult(query(ROUTER4), entry, model.clock);
    assert.equal(result.info.refcnt, 2);
    assert.equal(result.verdictReason, 'used-recently', 'lastused 0 is assumed primed to now, not written');
    assert.equal(entry?.lastused, 0);
  });

  it('fills an IPv6 router from its RA with PF_INET6 (30) and only rule (a)', () => {
    const model = newModel(0xffffffff); // every mask bit set: reachable 44 s
    model.ingest(frameAt(2000), ndEvent(ROUTER_MAC, {type: 134, src: ROUTER6, sllao: ROUTER_MAC, routerLifetime: 1800}));
    const entry = onlyContext(model).nd.get(ROUTER6);
    const result = buildDefrouterResult(query(ROUTER6, 'inet6'), entry, model.clock);
    assert.equal(result.info.netproto, 30);
    assert.equal(result.info.rcv_expire, 1 + 44);
    assert.equal(result.verdict, 'reachable');
    assert.equal(result.verdictReason, 'heard');
    assert.equal(result.gateway, 'fe80::ff:fe00:6d01');
  });

  it('a base of 0 leaves the router without a record: the "none" values', () => {
    const model = newModel(0, 0);
    model.ingest(frameAt(1000), arpEvent({sha: ROUTER_MAC, spa: ROUTER4, tpa: ip4('198.51.100.2')}));
    const entry = onlyContext(model).arp.get(ROUTER4);
    assert.ok(entry, 'the entry exists');
    const result = buildDefrouterResult(query(ROUTER4), entry, model.clock);
    assert.equal(result.hasRecord, false);
    assert.equal(result.verdictReason, 'no-record');
    assert.equal(result.info.lqm, -2);
  });
});

describe('isLookupAnswered (waiting for the record)', () => {
  it('waits until the gateway announces itself; a data frame alone creates no record', () => {
    const model = newModel();
    const state: LookupState = {gateway: ROUTER4, source: 'route'};
    model.ingest(frameAt(1000), ipv4Event(ROUTER_MAC));
    assert.equal(isLookupAnswered(state, model.contextsInOrder(), model.clock.uptimeSec), false);
    model.ingest(frameAt(1001), arpEvent({op: 2, sha: ROUTER_MAC, spa: ROUTER4, tpa: ip4('198.51.100.2')}));
    assert.equal(isLookupAnswered(state, model.contextsInOrder(), model.clock.uptimeSec), true);
  });

  it('settles an RA router as the gateway, but never one with lifetime 0', () => {
    const model = newModel();
    const state: LookupState = {source: 'ra'};
    model.ingest(frameAt(1000), ndEvent(ROUTER_MAC, {type: 134, src: ROUTER6, sllao: ROUTER_MAC, routerLifetime: 0}));
    assert.equal(isLookupAnswered(state, model.contextsInOrder(), model.clock.uptimeSec), false);
    assert.equal(state.gateway, undefined);
    model.ingest(frameAt(1001), ndEvent(ROUTER_MAC, {type: 134, src: ROUTER6, sllao: ROUTER_MAC, routerLifetime: 600}));
    assert.equal(isLookupAnswered(state, model.contextsInOrder(), model.clock.uptimeSec), true);
    assert.equal(state.gateway, ROUTER6);
  });
});

describe('routerAsOfLastRa (the router a capture file names)', () => {
  const OTHER_MAC = mac('02:00:00:00:6d:02');
  const OTHER6 = ip6('fe80::ff:fe00:6d02');
  const ra = (model: ReachabilityModel, at: number, src: string, sllao: number, routerLifetime: number, routerPreference = 0) =>
    model.ingest(frameAt(at), ndEvent(sllao, {type: 134, src, sllao, routerLifetime, routerPreference}));

  it('switches to a router a later RA prefers', () => {
    const model = newModel();
    ra(model, 1000, ROUTER6, ROUTER_MAC, 1800);
    ra(model, 1010, OTHER6, OTHER_MAC, 1800, 1);
    assert.equal(routerAsOfLastRa(model.contextsInOrder())?.router.addr, OTHER6);
  });

  it('drops a router a later RA withdraws (lifetime 0), leaving the other or none', () => {
    const model = newModel();
    ra(model, 1000, ROUTER6, ROUTER_MAC, 1800, 1);
    ra(model, 1005, OTHER6, OTHER_MAC, 1800);
    ra(model, 1010, ROUTER6, ROUTER_MAC, 0, 1);
    assert.equal(routerAsOfLastRa(model.contextsInOrder())?.router.addr, OTHER6);
    ra(model, 1020, OTHER6, OTHER_MAC, 0);
    assert.equal(routerAsOfLastRa(model.contextsInOrder()), undefined);
  });

  it('keeps the router when only the clock ran past its lifetime after the last RA', () => {
    const model = newModel();
    ra(model, 1000, ROUTER6, ROUTER_MAC, 600);
    model.ingest(frameAt(90_000), ipv4Event(mac('02:00:00:00:00:09')));
    assert.equal(routerAsOfLastRa(model.contextsInOrder())?.router.addr, ROUTER6);
  });

  it('does not keep a router whose lifetime ran out before a later RA from another', () => {
    const model = newModel();
    ra(model, 1000, ROUTER6, ROUTER_MAC, 10, 1);
    ra(model, 1100, OTHER6, OTHER_MAC, 1800);
    assert.equal(routerAsOfLastRa(model.contextsInOrder())?.router.addr, OTHER6);
  });
});

describe('a gateway whose address moved (a replaced router, or a spoof)', () => {
  it('names the MAC it moved from and when, which get-defrouter warns about', () => {
    const model = newModel();
    const spoofer = mac('02:00:00:00:66:66');
    model.ingest(frameAt(1000), arpEvent({op: 2, sha: ROUTER_MAC, spa: ROUTER4, tpa: ip4('198.51.100.2')}));
    const ctx = onlyContext(model);
    assert.equal(buildDefrouterResult(query(ROUTER4), ctx.arp.get(ROUTER4), model.clock).moved, null);
    model.ingest(frameAt(1005), arpEvent({op: 2, sha: spoofer, spa: ROUTER4, tpa: ip4('198.51.100.2')}));
    const result = buildDefrouterResult(query(ROUTER4), ctx.arp.get(ROUTER4), model.clock);
    assert.equal(result.info.addr, '02:00:00:00:66:66');
    assert.deepEqual(result.moved, {from: '02:00:00:00:6d:01', atUptimeSec: 6});
  });
});

describe('parseGateway', () => {
  it('reads the family asked for and refuses the other one', () => {
    assert.equal(parseGateway('inet', '198.51.100.1'), ROUTER4);
    assert.equal(parseGateway('inet', 'fe80::1'), null);
    assert.equal(parseGateway('inet6', 'fe80::1%eth0'), ip6('fe80::1'));
    assert.equal(parseGateway('inet6', '198.51.100.1'), null);
  });
});
