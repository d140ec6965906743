// Host view, IPv6: the ND rules of spec §2.3, the RFC 4861 state machine on the frame clock, and
// records released when neighbor entries are deleted (§2.4).
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';

import {ndMetaOf} from '../../src/core/neighbor-cache.js';
import {ETHERTYPE_IPV6} from '../../src/core/reachability-tree.js';
import {INCOMPLETE_MAC} from '../../src/core/resolver.js';
import {takeHostSnapshot} from '../../src/core/host-snapshot.js';
import {ND_NEIGHBOR_ADVERT, ND_NEIGHBOR_SOLICIT, ND_REDIRECT, ND_ROUTER_ADVERT, ND_ROUTER_SOLICIT} from '../../src/decode/link-event.js';
import {ip6, ipv6Event, ndEvent} from '../helpers/events.js';
import {hostModel, OTHER, PEER, PEER2, PEER6, PEER6LL, sent, US, US6} from './host-fixtures.js';

const nsToUs = (sllao: number | null = PEER, src = PEER6) => ndEvent(PEER, {type: ND_NEIGHBOR_SOLICIT, src, target: US6, sllao});
const ourNs = (target: string) => ({...ndEvent(US, {type: ND_NEIGHBOR_SOLICIT, src: US6, target, sllao: US}), src: US});
const naToUs = (tllao: number | null, flags: {solicited?: boolean; override?: boolean} = {}, target = PEER6) =>
  ({...ndEvent(PEER, {type: ND_NEIGHBOR_ADVERT, src: target, target, tllao, solicited: flags.solicited ?? true, override: flags.override ?? true}), dst: US});

describe('host view: ND messages (§2.3)', () => {
  it('an NS for our address with the SLLAO creates a STALE entry and a record', () => {
    const h = hostModel();
    h.feed(0, nsToUs());
    const entry = h.ctx().nd.get(PEER6)!;
    assert.equal(entry.record?.mac, PEER);
    assert.equal(ndMetaOf(h.view.scopeOf(h.ctx(), h.model.clock), entry).state, 'STALE');
  });

  it('E39 (host view): NS without SLLAO, RA without SLLAO and NA for an unknown target create nothing', () => {
    const h = hostModel();
    h.feed(0, nsToUs(null));
    h.feed(0, ndEvent(PEER, {type: ND_ROUTER_ADVERT, src: PEER6LL, sllao: null, routerLifetime: 1800}));
    h.feed(0, naToUs(PEER));
    assert.equal(h.ctx().nd.entries.size, 0);
    assert.equal(h.ctx().tree.size, 0);
  });

  it('an NS for someone else\'s address creates nothing, even with the SLLAO', () => {
    const h = hostModel();
    h.feed(0, ndEvent(PEER, {type: ND_NEIGHBOR_SOLICIT, src: PEER6, target: ip6('2001:db8::77'), sllao: PEER}));
    assert.equal(h.ctx().nd.entries.size, 0);
  });

  it('E40: a non-override NA with a different TLLAO changes no record (a REACHABLE entry goes STALE)', () => {
    const h = hostModel();
    h.feed(0, ourNs(PEER6));
    h.feed(0, naToUs(PEER));
    const entry = h.ctx().nd.get(PEER6)!;
    const scope = h.view.scopeOf(h.ctx(), h.model.clock);
    assert.equal(ndMetaOf(scope, entry).state, 'REACHABLE');
    h.feed(1, naToUs(PEER2, {solicited: false, override: false}));
    assert.equal(entry.mac, PEER);
    assert.equal(entry.record?.mac, PEER);
    assert.equal(h.ctx().tree.find(ETHERTYPE_IPV6, PEER2), undefined);
    assert.equal(ndMetaOf(scope, entry).state, 'STALE');
  });

  it('an override NA with a new TLLAO moves the entry: old record released, new one attached', () => {
    const h = hostModel();
    h.feed(0, nsToUs());
    h.feed(1, naToUs(PEER2, {solicited: false, override: true}));
    const entry = h.ctx().nd.get(PEER6)!;
    assert.equal(entry.record?.mac, PEER2);
    assert.equal(h.ctx().tree.find(ETHERTYPE_IPV6, PEER), undefined);
  });

  it('E41: an RS received by a non-router host is ignored; a router caches its SLLAO', () => {
    const rs = ndEvent(PEER, {type: ND_ROUTER_SOLICIT, src: PEER6LL, dst: ip6('ff02::2'), sllao: PEER});
    const host = hostModel();
    host.feed(0, rs);
    assert.equal(host.ctx().nd.entries.size, 0);
    const router = hostModel({router: true});
    router.feed(0, rs);
    assert.equal(router.ctx().nd.get(PEER6LL)?.record?.mac, PEER);
  });

  it('an RA with the SLLAO creates a router entry on a host, and nothing on a router', () => {
    const ra = ndEvent(PEER, {type: ND_ROUTER_ADVERT, src: PEER6LL, sllao: PEER, routerLifetime: 1800});
    const host = hostModel();
    host.feed(0, ra);
    const entry = host.ctx().nd.get(PEER6LL)!;
    assert.equal(entry.record?.mac, PEER);
    assert.equal(ndMetaOf(host.view.scopeOf(host.ctx(), host.model.clock), entry).router, true);
    const router = hostModel({router: true});
    router.feed(0, ra);
    assert.equal(router.ctx().nd.entries.size, 0);
  });

  it('a Redirect from a known router keys its target with the TLLAO', () => {
    const h = hostModel();
    h.feed(0, ndEvent(PEER, {type: ND_ROUTER_ADVERT, src: PEER6LL, sllao: PEER, routerLifetime: 1800}));
    const target = ip6('fe80::9');
    h.feed(1, {...ndEvent(PEER, {type: ND_REDIRECT, src: PEER6LL, dst: US6, target, tllao: PEER2}), dst: US});
    assert.equal(h.ctx().nd.get(target)?.record?.mac, PEER2);
    const stranger = hostModel();
    stranger.feed(1, {...ndEvent(PEER, {type: ND_REDIRECT, src: PEER6LL, dst: US6, target, tllao: PEER2}), dst: US});
    assert.equal(stranger.ctx().nd.entries.size, 0, 'not from a router we know');
  });

  it('E12: ND entries never get a verdict; they only feed the exports', () => {
    const h = hostModel();
    h.feed(0, nsToUs());
    const snap = takeHostSnapshot(h.model, h.view);
    assert.equal(snap.contexts[0].nd[0].verdict, null);
    assert.equal(snap.contexts[0].nd[0].reach.refcnt, 1);
  });

  it('an NA for our own address is a conflict, not a binding', () => {
    const h = hostModel();
    h.feed(0, naToUs(PEER, {}, US6));
    assert.equal(h.view.scopeOf(h.ctx(), h.model.clock).st.conflictCount, 1);
    assert.equal(h.ctx().nd.entries.size, 0);
  });
});

describe('host view: neighbor state machine (RFC 4861, nd6.h constants)', () => {
  it('our NS creates INCOMPLETE; unanswered, it is deleted after 3 retransmit timers', () => {
    const h = hostModel();
    h.feed(0, ourNs(PEER6));
    assert.equal(h.ctx().nd.get(PEER6)!.mac, INCOMPLETE_MAC);
    h.feed(2, ipv6Event(OTHER));
    assert.ok(h.ctx().nd.get(PEER6), 'still resolving at +2 s');
    h.feed(3, ipv6Event(OTHER));
    assert.equal(h.ctx().nd.get(PEER6), undefined);
  });

  it('REACHABLE → STALE after the reachable time; a send makes it DELAY, then PROBE, then deleted with its record', () => {
    const h = hostModel();
    h.feed(0, ourNs(PEER6));
    h.feed(0, naToUs(PEER));
    const scope = h.view.scopeOf(h.ctx(), h.model.clock);
    const entry = h.ctx().nd.get(PEER6)!;
    const meta = ndMetaOf(scope, entry);
    h.feed(scope.st.ndReachableSec, ipv6Event(OTHER));
    assert.equal(meta.state, 'STALE');
    h.feed(100, sent(ipv6Event(US), PEER, PEER6));
    assert.equal(meta.state, 'DELAY');
    assert.equal(entry.lastused, 101, 'nd6_output sets lastused');
    h.feed(105, ipv6Event(OTHER));
    assert.equal(meta.state, 'PROBE');
    h.feed(108, ipv6Event(OTHER));
    assert.equal(h.ctx().nd.get(PEER6), undefined);
    assert.equal(h.ctx().tree.size, 0, 'the record went with the entry (§2.4)');
  });

  it('our NS for an entry with a record counts probes; a solicited NA resets them', () => {
    const h = hostModel();
    h.feed(0, nsToUs());
    const entry = h.ctx().nd.get(PEER6)!;
    h.feed(1, {...ourNs(PEER6), dst: PEER});
    h.feed(2, {...ourNs(PEER6), dst: PEER});
    assert.equal(entry.record!.probes, 2);
    h.feed(2, naToUs(PEER));
    assert.equal(entry.record!.probes, 0);
  });

  it('a STALE entry is garbage-collected after nd6_gctimer (1 day)', () => {
    const h = hostModel();
    h.feed(0, nsToUs());
    h.feed(86400, ipv6Event(OTHER));
    assert.equal(h.ctx().nd.get(PEER6), undefined);
  });

  it('DAD NS (source ::) from us neither creates nor probes', () => {
    const h = hostModel();
    h.feed(0, {...ndEvent(US, {type: ND_NEIGHBOR_SOLICIT, src: '0'.repeat(32), target: PEER6}), src: US});
    assert.equal(h.ctx().nd.entries.size, 0);
  });

  it('an IPv6 frame refreshes its Ethernet source only when it reached us', () => {
    const h = hostModel();
    h.feed(0, nsToUs());
    const record = h.ctx().tree.find(ETHERTYPE_IPV6, PEER)!;
    h.feed(5, ipv6Event(PEER, OTHER));
    assert.equal(record.lastrcvd, 1);
    h.feed(6, ipv6Event(PEER, US));
    assert.equal(record.lastrcvd, 7);
  });
});

describe('host view: invariants under a random mix of frames', () => {
  it('keeps reqcnt equal to the entries pointing at each record, whatever arrives', async () => {
    const {findInvariantViolations} = await import('../../src/core/invariants.js');
    const {arpEvent, ipv4Event} = await import('../helpers/events.js');
    const h = hostModel();
    let state = 0x1234_5678;
    const next = (n: number) => {
      state ^= state << 13; state ^= state >>> 17; state ^= state << 5;
      return (state >>> 0) % n;
    };
    const macs = [PEER, PEER2, OTHER, US];
    const v4 = [0xc6336402, 0xc6336403, 0xc6336401, 0xcb007109];
    const v6 = [PEER6, PEER6LL, US6, ip6('2001:db8::9')];
    for (let i = 0; i < 3000; i++) {
      const at = Math.floor(i / 3);
      const who = macs[next(4)];
      const pick = next(8);
      if (pick === 0) h.feed(at, arpEvent({op: 1 + next(2), sha: who, spa: v4[next(4)], tpa: v4[next(4)]}));
      else if (pick === 1) h.feed(at, {...arpEvent({op: 1, sha: US, spa: v4[2], tpa: v4[next(4)]}), src: US});
      else if (pick === 2) h.feed(at, sent(ipv4Event(US), who, v4[next(4)]));
      else if (pick === 3) h.feed(at, ndEvent(who, {type: ND_NEIGHBOR_SOLICIT, src: v6[next(4)], target: v6[next(4)], sllao: who}));
      else if (pick === 4) h.feed(at, {...ndEvent(who, {type: ND_NEIGHBOR_ADVERT, src: v6[0], target: v6[next(4)], tllao: who, solicited: next(2) === 0, override: next(2) === 0}), dst: US});
      else if (pick === 5) h.feed(at, ourNs(v6[next(4)]));
      else if (pick === 6) h.feed(at, sent(ipv6Event(US), who, v6[next(4)]));
      else h.feed(at, ndEvent(who, {type: ND_ROUTER_ADVERT, src: PEER6LL, sllao: who, routerLifetime: 1800}));
      assert.deepEqual(findInvariantViolations(h.model), [], `after frame ${i}`);
    }
    assert.ok(h.ctx().tree.size > 0);
  });
});
