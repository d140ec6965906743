// The host's IPv4 resolver under XNU rules: ARP input step by step (spec §2.2), our own requests
// and unicast sends (§3.3 lastused, §4.2 probes), the verdict at each send (§3.4) and statics.
import {ARPOP_REQUEST, type ArpMessage, type Ip4, type LinkEvent} from '../decode/link-event.js';
import {isMulticastMac} from '../decode/address.js';
import {noteConflict, scheduleTimer, type ArpMeta, type HostScope} from './host-state.js';
import {ETHERTYPE_IP, type Now} from './reachability-tree.js';
import {ENTRY_LIFETIME_SEC, INCOMPLETE_MAC, type ResolverEntry} from './resolver.js';
import {isLinkLocal4, isOnLink4, isOurIp4, pickOurIp4} from './self.js';
import {isStationMac} from './segment-view.js';
import {arpVerdict} from './verdict.js';

/** net.link.ether.inet.maxtries: broadcast requests before the entry is rejected. */
export const ARP_MAXTRIES = 5;
/** net.link.ether.inet.host_down_time: how long a rejected entry stays (s). */
export const ARP_HOST_DOWN_SEC = 20;
const PERMANENT = Number.POSITIVE_INFINITY;

export function arpMetaOf(scope: HostScope, entry: ResolverEntry<Ip4>): ArpMeta {
  let meta = scope.st.arpMeta.get(entry);
  if (!meta) {
    meta = {permanent: false, asked: 0, probeDeadline: 0};
    scope.st.arpMeta.set(entry, meta);
  }
  return meta;
}

/** `arp -s` entries exist before the first frame: permanent, with a MAC and never a record. */
export function installStatics(scope: HostScope, now: Now): void {
  for (const [addr, mac] of scope.env.self.statics) {
    const entry = scope.ctx.arp.insert(addr, mac, now, PERMANENT, false);
    arpMetaOf(scope, entry).permanent = true;
  }
}

/** IPv4 refresh rules 2 and 3 of §3.2: keyed (0x0800, mac), only with a non-zero base. */
export function refreshIp4(scope: HostScope, mac: number, now: Now): void {
  if (scope.env.arpBaseSec !== 0 && isStationMac(mac)) scope.ctx.tree.refresh(ETHERTYPE_IP, mac, now.uptimeSec);
}

/** A received ARP packet, in the order of in_arpinput (§2.2 steps 1–14). */
export function receiveArp(scope: HostScope, arp: ArpMessage, now: Now): void {
  const {self} = scope.env;
  // Step 1 drops a broadcast sender; a multicast or zero one cannot own a record either.
  if (!isStationMac(arp.sha)) return;
  refreshIp4(scope, arp.sha, now); // step 2: every op code, keyed on the payload's SHA (E13)
  if (arp.op === ARPOP_REQUEST && arp.tpa === 0) return; // step 3
  const ours = pickOurIp4(self, arp.tpa, arp.spa); // step 4
  if (ours === undefined) return;
  if (arp.sha === self.mac) return; // step 5
  if (arp.spa === ours) {
    noteConflict(scope.st, arp.spa, arp.sha, now.uptimeSec); // step 6: a collision, no binding
    return;
  }
  const entry = scope.ctx.arp.get(arp.spa) ?? createForSender(scope, arp, ours, now);
  if (!entry) return;
  updateFromArp(scope, entry, arp, now);
}

/** Steps 7–8: which unknown senders get an entry. */
function createForSender(scope: HostScope, arp: ArpMessage, ours: Ip4, now: Now) {
  const {self} = scope.env;
  if (arp.spa === 0) return undefined; // probes (SPA 0.0.0.0) never create (E36)
  const addressedToUs = arp.tpa === ours;
  const gratuitousRequest = arp.op === ARPOP_REQUEST && arp.spa === arp.tpa && linkLocalAllowed(scope, arp.spa);
  if (!addressedToUs && !gratuitousRequest) return undefined; // a gratuitous reply creates nothing (E35)
  if (!isOnLink4(self, arp.spa)) return undefined; // no cloning route, no entry
  return scope.ctx.arp.insert(arp.spa, INCOMPLETE_MAC, now, now.uptimeSec, false);
}

/**
 * keep_announcements with the 169.254/16 proviso of step 8. Interpretation: "I has IPv4
 * link-local ARP enabled" is taken as "we hold a 169.254/16 address ourselves".
 */
function linkLocalAllowed(scope: HostScope, spa: Ip4): boolean {
  return !isLinkLocal4(spa) || scope.env.self.ip4.some((p) => isLinkLocal4(p.addr));
}

// LIMITATION: step 9 (a 169.254/16 entry moving to the interface the packet came in on) is not modelled because every interface context has its own ARP table — one IPv4 table shared by the contexts would fix it.

/** Steps 10–14 for an existing (or just created) entry. */
function updateFromArp(scope: HostScope, entry: ResolverEntry<Ip4>, arp: ArpMessage, now: Now): void {
  const meta = arpMetaOf(scope, entry);
  if (meta.permanent && entry.mac !== arp.sha) return; // step 10: a static entry ignores moves (E37)
  scope.ctx.arp.setMac(entry, arp.sha, now); // step 11
  if (!meta.permanent) entry.expireUptimeSec = now.uptimeSec + (scope.ctx.settings.entryLifetimeSec ?? ENTRY_LIFETIME_SEC);
  if (!meta.permanent && scope.env.arpBaseSec !== 0) recordStep(scope.ctx.arp, entry, now); // step 12
  meta.asked = 0; // step 13; xnu-3789+ also ends probing here
  meta.probeDeadline = 0;
  if (arp.op === ARPOP_REQUEST && entry.record) entry.lastused = now.uptimeSec; // step 14 (E38)
}

/**
 * The record step shared by ARP and ND6 (§2.2 step 12, §2.3): the same MAC confirms (probes := 0),
 * another MAC releases the old record (lastused := 0) and attaches to the new one.
 */
export function recordStep<A>(table: HostTable<A>, entry: ResolverEntry<A>, now: Now): void {
  if (entry.record && entry.record.mac === entry.mac) {
    entry.record.probes = 0;
    return;
  }
  if (entry.record) table.detach(entry);
  table.attachTo(entry, now);
}

/** The resolver table methods the record step uses. */
interface HostTable<A> {
  attachTo(entry: ResolverEntry<A>, now: Now): void;
  detach(entry: ResolverEntry<A>): void;
}

/**
 * An ARP request we sent: resolving creates the entry (incomplete, expiring now so an unanswered
 * one goes at the next sweep), la_asked and — with a record — lr_probes and lastused count it
 * (§3.3, §4.2). Announcements (SPA = TPA) and probes (SPA 0) resolve nothing.
 */
export function sendArp(scope: HostScope, arp: ArpMessage, now: Now): void {
  if (arp.op !== ARPOP_REQUEST || arp.spa === 0 || arp.spa === arp.tpa) return;
  const {self} = scope.env;
  if (isOurIp4(self, arp.tpa)) return;
  let entry = scope.ctx.arp.get(arp.tpa);
  if (!entry) {
    if (!isOnLink4(self, arp.tpa)) return;
    entry = scope.ctx.arp.insert(arp.tpa, INCOMPLETE_MAC, now, now.uptimeSec, false);
  }
  const meta = arpMetaOf(scope, entry);
  if (meta.permanent) return;
  countRequest(entry, meta, now);
}

function countRequest(entry: ResolverEntry<Ip4>, meta: ArpMeta, now: Now): void {
  meta.asked += 1;
  if (entry.record) {
    entry.record.probes += 1;
    entry.lastused = now.uptimeSec;
  }
  if (entry.mac !== INCOMPLETE_MAC) return; // a unicast probe of a resolved entry keeps its expiry
  entry.expireUptimeSec = now.uptimeSec;
  if (meta.asked >= ARP_MAXTRIES) {
    meta.asked = 0; // rejected for host_down_time, then swept
    entry.expireUptimeSec = now.uptimeSec + ARP_HOST_DOWN_SEC;
  }
}

/**
 * A unicast IPv4 frame we sent: the verdict runs on the next hop's usable entry (§3.4); reachable
 * sends set lastused (§3.3), unreachable ones follow the profile (§4.2).
 */
export function sendIpv4(scope: HostScope, event: LinkEvent, now: Now): void {
  if (isMulticastMac(event.dst) && event.dst !== -1) return;
  const entry = nextHop4(scope, event);
  if (!entry || entry.mac === INCOMPLETE_MAC) return; // not usable: the kernel would be resolving
  const verdict = arpVerdict(entry, scope.env.arpBaseSec, now, true);
  if (verdict.reachable) {
    if (entry.record) entry.lastused = now.uptimeSec;
    return;
  }
  scope.st.unreachableVerdicts += 1;
  onUnreachable(scope, entry, now);
}

function onUnreachable(scope: HostScope, entry: ResolverEntry<Ip4>, now: Now): void {
  const {profile} = scope.env;
  const meta = arpMetaOf(scope, entry);
  const probes = entry.record?.probes ?? 0;
  if (profile.arpUnicastLimit > 0 && probes < profile.arpUnicastLimit) {
    // xnu-3789+: keep sending to the cached MAC while unicast-probing; the deadline clears it.
    if (meta.probeDeadline === 0) {
      meta.probeDeadline = now.uptimeSec + profile.probeDeadlineSec;
      scheduleTimer(scope.st, meta.probeDeadline);
    }
    if (entry.record) entry.lastused = now.uptimeSec;
    return;
  }
  entry.mac = INCOMPLETE_MAC; // baseline: the MAC is discarded, the record kept (E42)
}

/**
 * The entry the kernel resolved for a frame to `event.dst`: the destination itself when on-link,
 * else the gateway, recognised as the entry bound to the frame's destination MAC.
 */
function nextHop4(scope: HostScope, event: LinkEvent): ResolverEntry<Ip4> | undefined {
  const dst = typeof event.ipDst === 'number' ? event.ipDst : -1;
  if (dst >= 0 && isOnLink4(scope.env.self, dst)) return scope.ctx.arp.get(dst);
  // LIMITATION: an off-link destination is charged to the first entry (lowest address) bound to the frame's destination MAC; when the gateway's MAC also carries other addresses the wrong alias may get the lastused — a --gateway flag or the live default route would fix it.
  let found: ResolverEntry<Ip4> | undefined;
  for (const entry of scope.ctx.arp.entries.values()) {
    if (entry.mac === event.dst && (!found || entry.addr < found.addr)) found = entry;
  }
  return found;
}

/** xnu-3789+: a probe deadline that passed without an ARP packet clears the MAC (§4.2). */
export function runArpTimers(scope: HostScope, now: Now): void {
  for (const entry of scope.ctx.arp.entries.values()) {
    const meta = scope.st.arpMeta.get(entry);
    if (!meta || meta.probeDeadline === 0) continue;
    if (meta.probeDeadline <= now.uptimeSec) {
      meta.probeDeadline = 0;
      entry.mac = INCOMPLETE_MAC;
    } else {
      scheduleTimer(scope.st, meta.probeDeadline);
    }
  }
}
