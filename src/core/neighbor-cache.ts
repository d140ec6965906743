// The host's IPv6 neighbor cache under XNU rules: which ND messages create or update entries and
// run the record step (spec §2.3), and the RFC 4861 state machine with nd6.h's constants on the
// frame clock; a deleted entry releases its record (§2.4).
import {
  ND_NEIGHBOR_ADVERT,
  ND_NEIGHBOR_SOLICIT,
  ND_REDIRECT,
  ND_ROUTER_ADVERT,
  ND_ROUTER_SOLICIT,
  type Ip6,
  type LinkEvent,
  type Mac,
  type NdMessage,
} from '../decode/link-event.js';
import {isMulticastMac} from '../decode/address.js';
import {recordStep} from './arp-host.js';
import {noteConflict, scheduleTimer, type HostScope, type NdMeta, type NdState} from './host-state.js';
import {ETHERTYPE_IPV6, type Now} from './reachability-tree.js';
import {INCOMPLETE_MAC, type ResolverEntry} from './resolver.js';
import {isLinkLocal6, isOnLink6, isOurIp6} from './self.js';
import {isStationMac} from './segment-view.js';

/** nd6.h / nd6.c constants (RFC 4861 §10), in seconds. */
export const RETRANS_TIMER_SEC = 1;
export const DELAY_FIRST_PROBE_SEC = 5; // nd6_delay
export const MAX_MULTICAST_SOLICIT = 3; // nd6_mmaxtries
export const MAX_UNICAST_SOLICIT = 3; // nd6_umaxtries
export const ND6_GC_SEC = 86400; // nd6_gctimer: how long a STALE entry lives
const NEVER = Number.POSITIVE_INFINITY;
const IP6_UNSPECIFIED: Ip6 = '0'.repeat(32);

export function ndMetaOf(scope: HostScope, entry: ResolverEntry<Ip6>): NdMeta {
  let meta = scope.st.ndMeta.get(entry);
  if (!meta) {
    meta = {state: 'INCOMPLETE', timerUptimeSec: NEVER, tries: 0, asked: 0, router: false};
    scope.st.ndMeta.set(entry, meta);
  }
  return meta;
}

/** IPv6 refresh rule 4 of §3.2: keyed (0x86DD, Ethernet source), only with a non-zero base. */
export function refreshIp6(scope: HostScope, mac: Mac, now: Now): void {
  if (scope.env.nd6BaseSec !== 0 && isStationMac(mac)) scope.ctx.tree.refresh(ETHERTYPE_IPV6, mac, now.uptimeSec);
}

/** A received ND message, per the table of §2.3. */
export function receiveNd(scope: HostScope, nd: NdMessage, now: Now): void {
  const {self} = scope.env;
  switch (nd.type) {
    case ND_NEIGHBOR_SOLICIT:
      if (nd.src === IP6_UNSPECIFIED || nd.target === null || !isOurIp6(self, nd.target)) return;
      if (isOurIp6(self, nd.src)) noteConflict(scope.st, nd.src, nd.sllao ?? -1, now.uptimeSec);
      else if (isOnLink6(self, nd.src)) cacheLinkAddress(scope, nd.src, nd.sllao, now, false);
      return;
    case ND_ROUTER_SOLICIT:
      if (!self.router || nd.src === IP6_UNSPECIFIED || !isOnLink6(self, nd.src)) return; // E41
      cacheLinkAddress(scope, nd.src, nd.sllao, now, false);
      return;
    case ND_ROUTER_ADVERT:
      receiveRouterAdvert(scope, nd, now);
      return;
    case ND_REDIRECT:
      receiveRedirect(scope, nd, now);
      return;
    case ND_NEIGHBOR_ADVERT:
      receiveNeighborAdvert(scope, nd, now);
      return;
  }
}

/** A host accepts RAs (a router does not process others' RAs, §2.3); the source must be link-local. */
function receiveRouterAdvert(scope: HostScope, nd: NdMessage, now: Now): void {
  if (scope.env.self.router || !isLinkLocal6(nd.src)) return;
  scope.ctx.routers.set(nd.src, {
    addr: nd.src, mac: nd.sllao ?? -1, lifetimeSec: nd.routerLifetime,
    preference: nd.routerPreference, lastSeenUptimeSec: now.uptimeSec,
  });
  const entry = cacheLinkAddress(scope, nd.src, nd.sllao, now, true);
  if (entry) ndMetaOf(scope, entry).router = true;
}

/**
 * Redirects key the target with the TLLAO. Interpretation: "source equal to the current first-hop
 * gateway" is checked as "source is a router we heard an RA from".
 */
function receiveRedirect(scope: HostScope, nd: NdMessage, now: Now): void {
  if (scope.env.self.router || !isLinkLocal6(nd.src) || nd.target === null) return;
  if (!scope.ctx.routers.has(nd.src)) return;
  // "Target link-local or equal to the destination" (RFC 4861 §8.1) was checked by the decoder.
  cacheLinkAddress(scope, nd.target, nd.tllao, now, false);
}

/**
 * nd6_cache_lladdr: creates the entry if needed, stores the option's MAC (a new or changed one
 * makes it STALE), then runs the record step — only when the option is present (E39).
 */
function cacheLinkAddress(scope: HostScope, addr: Ip6, mac: Mac | null, now: Now, fromRouter: boolean) {
  if (mac === null || !isStationMac(mac)) return undefined;
  const table = scope.ctx.nd;
  let entry = table.get(addr);
  if (!entry) entry = table.insert(addr, INCOMPLETE_MAC, now, NEVER, false);
  const meta = ndMetaOf(scope, entry);
  if (entry.mac !== mac) {
    table.setMac(entry, mac, now);
    enterState(scope, meta, 'STALE', now);
  }
  if (fromRouter) meta.router = true;
  if (scope.env.nd6BaseSec !== 0) recordStep(table, entry, now);
  return entry;
}

/** nd6_na_input: an NA never creates; a non-override NA with another MAC changes nothing (E40). */
function receiveNeighborAdvert(scope: HostScope, nd: NdMessage, now: Now): void {
  if (nd.target === null) return;
  if (isOurIp6(scope.env.self, nd.target)) {
    noteConflict(scope.st, nd.target, nd.tllao ?? -1, now.uptimeSec);
    return;
  }
  const entry = scope.ctx.nd.get(nd.target);
  if (!entry) return;
  const meta = ndMetaOf(scope, entry);
  if (entry.mac === INCOMPLETE_MAC) {
    if (nd.tllao === null || !isStationMac(nd.tllao)) return;
    scope.ctx.nd.setMac(entry, nd.tllao, now);
    enterState(scope, meta, nd.solicited ? 'REACHABLE' : 'STALE', now);
  } else {
    const changed = nd.tllao !== null && nd.tllao !== entry.mac;
    if (changed && !nd.override) {
      if (meta.state === 'REACHABLE') enterState(scope, meta, 'STALE', now);
      return;
    }
    if (changed) scope.ctx.nd.setMac(entry, nd.tllao!, now);
    if (nd.solicited) enterState(scope, meta, 'REACHABLE', now);
    else if (changed) enterState(scope, meta, 'STALE', now);
  }
  meta.router = nd.router;
  meta.asked = 0;
  if (scope.env.nd6BaseSec !== 0) recordStep(scope.ctx.nd, entry, now);
}

/** Moves an entry to `state` and arms that state's timer (nd6.c nd6_timer). */
function enterState(scope: HostScope, meta: NdMeta, state: NdState, now: Now): void {
  meta.state = state;
  meta.tries = 0;
  meta.timerUptimeSec = now.uptimeSec + stateDurationSec(scope, state);
  scheduleTimer(scope.st, meta.timerUptimeSec);
}

function stateDurationSec(scope: HostScope, state: NdState): number {
  switch (state) {
    case 'INCOMPLETE': return RETRANS_TIMER_SEC;
    case 'REACHABLE': return scope.st.ndReachableSec;
    case 'STALE': return ND6_GC_SEC;
    case 'DELAY': return DELAY_FIRST_PROBE_SEC;
    case 'PROBE': return RETRANS_TIMER_SEC;
  }
}

/**
 * A Neighbor Solicitation we sent (not DAD): resolving creates an INCOMPLETE entry; each one for
 * an entry with a record counts a probe (§4.3) and ln_asked.
 */
export function sendNeighborSolicit(scope: HostScope, nd: NdMessage, now: Now): void {
  if (nd.src === IP6_UNSPECIFIED || nd.target === null) return;
  const {self} = scope.env;
  if (isOurIp6(self, nd.target)) return;
  let entry = scope.ctx.nd.get(nd.target);
  if (!entry) {
    if (!isOnLink6(self, nd.target)) return;
    entry = scope.ctx.nd.insert(nd.target, INCOMPLETE_MAC, now, NEVER, false);
    const meta = ndMetaOf(scope, entry);
    enterState(scope, meta, 'INCOMPLETE', now);
    meta.tries = 1;
  }
  ndMetaOf(scope, entry).asked += 1;
  if (entry.record) entry.record.probes += 1;
}

/**
 * A unicast IPv6 frame we sent: nd6_output sets lastused on the next hop's entry when it has a
 * record (§3.3), and a STALE entry goes to DELAY (RFC 4861 §7.3.3).
 */
export function sendIpv6(scope: HostScope, event: LinkEvent, now: Now): void {
  if (event.dst !== -1 && isMulticastMac(event.dst)) return;
  const entry = nextHop6(scope, event);
  if (!entry || entry.mac === INCOMPLETE_MAC) return;
  if (entry.record) entry.lastused = now.uptimeSec;
  const meta = ndMetaOf(scope, entry);
  if (meta.state === 'STALE') enterState(scope, meta, 'DELAY', now);
}

/** The destination when on-link, else the router whose entry holds the frame's destination MAC. */
function nextHop6(scope: HostScope, event: LinkEvent): ResolverEntry<Ip6> | undefined {
  const dst = typeof event.ipDst === 'string' ? event.ipDst : null;
  if (dst !== null && isOnLink6(scope.env.self, dst)) return scope.ctx.nd.get(dst);
  if (event.dst === -1) return undefined;
  for (const router of scope.ctx.routers.values()) {
    const entry = scope.ctx.nd.get(router.addr);
    if (entry?.mac === event.dst) return entry;
  }
  return undefined;
}

/** Runs every neighbor timer that is due; deletes entries whose solicitations ran out (§2.4). */
export function runNdTimers(scope: HostScope, now: Now): void {
  for (const entry of [...scope.ctx.nd.entries.values()]) {
    const meta = scope.st.ndMeta.get(entry);
    if (!meta) continue;
    while (meta.timerUptimeSec <= now.uptimeSec) {
      if (!fireTimer(meta)) {
        scope.ctx.nd.remove(entry);
        break;
      }
    }
    if (scope.ctx.nd.get(entry.addr) === entry) scheduleTimer(scope.st, meta.timerUptimeSec);
  }
}

/** One timer expiry, at the time it was due; false when the entry is to be deleted. */
function fireTimer(meta: NdMeta): boolean {
  const at = meta.timerUptimeSec;
  switch (meta.state) {
    case 'INCOMPLETE':
    case 'PROBE': {
      const limit = meta.state === 'INCOMPLETE' ? MAX_MULTICAST_SOLICIT : MAX_UNICAST_SOLICIT;
      if (meta.tries >= limit) return false;
      meta.tries += 1;
      meta.timerUptimeSec = at + RETRANS_TIMER_SEC;
      return true;
    }
    case 'REACHABLE':
      meta.state = 'STALE';
      meta.timerUptimeSec = at + ND6_GC_SEC;
      return true;
    case 'DELAY':
      meta.state = 'PROBE';
      meta.tries = 1;
      meta.timerUptimeSec = at + RETRANS_TIMER_SEC;
      return true;
    case 'STALE':
      return false; // garbage collection after nd6_gctimer
  }
}
