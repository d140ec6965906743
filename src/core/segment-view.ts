// The segment view: a passive observer's reading of a whole link (DESIGN.md "Two views"), with the
// binding rules of ../shared/corpus/README.md and the refresh rules of spec §3.2.
import {
  ARPOP_REQUEST,
  ND_NEIGHBOR_ADVERT,
  ND_NEIGHBOR_SOLICIT,
  ND_REDIRECT,
  ND_ROUTER_ADVERT,
  ND_ROUTER_SOLICIT,
  type ArpMessage,
  type Ip4,
  type Ip6,
  type LinkEvent,
  type Mac,
  type NdMessage,
} from '../decode/link-event.js';
import type {InterfaceContext} from './interface-context.js';
import type {ViewPolicy} from './view-policy.js';
import {ETHERTYPE_IP, ETHERTYPE_IPV6, type Now} from './reachability-tree.js';
import type {ResolverTable} from './resolver.js';

const MAC_GROUP_BIT_DIVISOR = 2 ** 40; // the I/G bit is the lowest bit of the first byte
const IP6_UNSPECIFIED: Ip6 = '0'.repeat(32);

/** True for a MAC that can own a record: unicast and not all-zero (corpus rules, E14). */
export function isStationMac(mac: Mac): boolean {
  return mac > 0 && Math.floor(mac / MAC_GROUP_BIT_DIVISOR) % 2 === 0;
}

/** True for an IPv4 address a host can own: not 0.0.0.0, not multicast or broadcast. */
function isHostIp4(ip: Ip4): boolean {
  return ip !== 0 && ip < 0xe0000000;
}

/** The segment view as a policy the model runs. */
export const segmentView: ViewPolicy = {
  name: 'segment',
  apply: applySegmentEvent,
};

/** Applies one decoded frame to its context. The caller has already advanced the clock. */
export function applySegmentEvent(ctx: InterfaceContext, event: LinkEvent, now: Now): void {
  if (event.kind === 'arp') {
    if (event.arp) applyArp(ctx, event.arp, now);
  } else if (event.kind === 'ipv4') {
    refreshFrom(ctx, ETHERTYPE_IP, event.src, now);
  } else if (event.kind === 'ipv6') {
    refreshFrom(ctx, ETHERTYPE_IPV6, event.src, now);
    if (event.nd) applyNd(ctx, event.nd, event.src, now);
  }
}

/** In the segment view every frame counts, whatever its destination (§3.2, promiscuous note). */
function refreshFrom(ctx: InterfaceContext, proto: number, mac: Mac, now: Now): void {
  if (!isStationMac(mac)) return;
  const base = proto === ETHERTYPE_IP ? ctx.settings.arpBaseSec : ctx.settings.nd6BaseSec;
  if (base !== 0) ctx.tree.refresh(proto, mac, now.uptimeSec);
}

function applyArp(ctx: InterfaceContext, arp: ArpMessage, now: Now): void {
  if (!isStationMac(arp.sha)) return; // a broadcast sender is dropped entirely (E14)
  refreshFrom(ctx, ETHERTYPE_IP, arp.sha, now); // keyed on the payload's SHA (E13)
  if (isHostIp4(arp.spa)) ctx.arp.bind(arp.spa, arp.sha, now); // probes from 0.0.0.0 bind nothing
  const isResolution = arp.op === ARPOP_REQUEST && arp.spa !== 0 && arp.spa !== arp.tpa;
  if (isResolution) countProbe(ctx.arp, arp.tpa, arp.sha);
}

function applyNd(ctx: InterfaceContext, nd: NdMessage, etherSrc: Mac, now: Now): void {
  switch (nd.type) {
    case ND_NEIGHBOR_SOLICIT:
      applyNeighborSolicit(ctx, nd, etherSrc, now);
      break;
    case ND_ROUTER_SOLICIT:
      bindNd(ctx, nd.src, nd.sllao, now);
      break;
    case ND_ROUTER_ADVERT:
      bindNd(ctx, nd.src, nd.sllao, now);
      noteRouter(ctx, nd, etherSrc, now);
      break;
    case ND_NEIGHBOR_ADVERT:
      applyNeighborAdvert(ctx, nd, etherSrc, now);
      break;
    case ND_REDIRECT:
      if (nd.target !== null) bindNd(ctx, nd.target, nd.tllao, now);
      break;
  }
}

function applyNeighborSolicit(ctx: InterfaceContext, nd: NdMessage, etherSrc: Mac, now: Now) {
  if (nd.src === IP6_UNSPECIFIED) return; // duplicate address detection binds and probes nothing
  bindNd(ctx, nd.src, nd.sllao, now);
  if (nd.target !== null) countProbe(ctx.nd, nd.target, nd.sllao ?? etherSrc);
}

/**
 * An NA binds its target; a non-override NA never moves an existing entry (§2.6, E40). An NA
 * without the option still confirms the cached MAC when the owner itself sends it, as the
 * kernel's record step uses the entry's cached address then (§2.3), which resets probes.
 */
function applyNeighborAdvert(ctx: InterfaceContext, nd: NdMessage, etherSrc: Mac, now: Now) {
  if (nd.target === null) return;
  const entry = ctx.nd.get(nd.target);
  if (nd.tllao === null) {
    if (entry?.mac === etherSrc) ctx.nd.bind(nd.target, etherSrc, now);
    return;
  }
  if (entry && entry.mac !== nd.tllao && !nd.override) return;
  bindNd(ctx, nd.target, nd.tllao, now);
}

function bindNd(ctx: InterfaceContext, addr: Ip6, mac: Mac | null, now: Now): void {
  if (mac === null || !isStationMac(mac) || addr === IP6_UNSPECIFIED) return;
  ctx.nd.bind(addr, mac, now);
}

function noteRouter(ctx: InterfaceContext, nd: NdMessage, etherSrc: Mac, now: Now): void {
  ctx.routers.set(nd.src, {
    addr: nd.src,
    mac: nd.sllao ?? etherSrc,
    lifetimeSec: nd.routerLifetime,
    preference: nd.routerPreference,
    lastSeenUptimeSec: now.uptimeSec,
  });
}

/**
 * A resolution request for an address counts as a probe on the record that address is bound
 * to, until its owner answers or announces again (which resets the count).
 */
function countProbe<A>(table: ResolverTable<A>, addr: A, requesterMac: Mac): void {
  const entry = table.get(addr);
  if (entry?.record && entry.mac !== requesterMac) entry.record.probes += 1;
}
