// The default-router lookup of spec §5 (ifnet_llreach_get_defrouter) over the model: which router,
// its gateway entry, and the ifnet_llreach_info (§1.6) with a verdict and the time left.
import {formatIp4, formatIp6, formatMac, parseIp4, parseIp6} from '../decode/address.js';
import type {Ip4, Ip6} from '../decode/link-event.js';
import type {InterfaceContext, RouterInfo} from './interface-context.js';
import {ifnetLlreachInfo, type IfnetLlreachInfo} from './llreach-info.js';
import {LQM_OFF, NPM_UNKNOWN, RSSI_UNKNOWN, type Now} from './reachability-tree.js';
import type {ResolverEntry} from './resolver.js';
import {arpVerdict, isHeardWithin} from './verdict.js';

/** Bumped whenever a get-defrouter JSON field changes meaning or disappears. */
export const DEFROUTER_SCHEMA_VERSION = 1;

export type DefrouterFamily = 'inet' | 'inet6';

/** Where the gateway address came from: the OS routing table, a Router Advertisement, --gateway. */
export type GatewaySource = 'route' | 'ra' | 'flag';

/** ifnet_llreach_info with the kernel's field names (iflri_ prefix dropped), MAC as text. */
export interface DefrouterInfo {
  /** The record's request count (lr_reqcnt): how many addresses refer to it. */
  refcnt: number;
  probes: number;
  /** Uptime send expiry: gateway entry lastused + reachable (E21: also when lastused is 0). */
  snd_expire: number;
  /** Uptime receive expiry: lastrcvd + reachable. */
  rcv_expire: number;
  /** Uptime seconds at retrieval; 0 in the "none" values like every other field. */
  curtime: number;
  /** PF_INET (2) or Darwin's PF_INET6 (30); 0 without a record. */
  netproto: number;
  addr: string;
  rssi: number;
  lqm: number;
  npm: number;
}

export type DefrouterVerdict = 'reachable' | 'unreachable' | 'no-record';

export interface DefrouterResult {
  schemaVersion: number;
  family: DefrouterFamily;
  interface: string;
  gateway: string;
  gatewaySource: GatewaySource;
  hasRecord: boolean;
  info: DefrouterInfo;
  verdict: DefrouterVerdict;
  /** Which rule decided the verdict (verdict.ts reasons; 'heard'/'not-heard' for inet6). */
  verdictReason: string;
  /** rcv_expire − uptime now (can be 0 or negative once expired); null without a record. */
  timeLeftSec: number | null;
  /**
   * From a file whose router had a record that was gone by the end: that record as it was last
   * (the answer itself is as of the end of the file: no record).
   */
  lastRecord?: Pick<DefrouterResult, 'info' | 'verdict' | 'verdictReason' | 'timeLeftSec'>;
  /**
   * The gateway's address last moved to its MAC from another one (a router replaced, or someone
   * claiming its address): null when it never moved while llreach watched.
   */
  moved: {from: string; atUptimeSec: number} | null;
}

/** A gateway address in the model's form: an Ip4 number for inet, 32 hex digits for inet6. */
export type GatewayAddr = Ip4 | Ip6;

/** Parses a gateway address of `family`; null when it is not one (e.g. an IPv6 text for inet). */
export function parseGateway(family: DefrouterFamily, text: string): GatewayAddr | null {
  const bare = text.replace(/%.*$/, ''); // fe80::1%eth0: the zone names the interface, not the address
  return family === 'inet' ? parseIp4(bare) : parseIp6(bare);
}

export function formatGateway(addr: GatewayAddr): string {
  return typeof addr === 'number' ? formatIp4(addr) : formatIp6(addr);
}

/** The "none" values of §1.6: all zero except rssi INT32_MIN, lqm −2 (off), npm −1. */
export function noneInfo(): DefrouterInfo {
  return {
    refcnt: 0, probes: 0, snd_expire: 0, rcv_expire: 0, curtime: 0, netproto: 0,
    addr: formatMac(0), rssi: RSSI_UNKNOWN, lqm: LQM_OFF, npm: NPM_UNKNOWN,
  };
}

/** True when `router` is still a default router at `nowUptimeSec` (RFC 4861 §6.3.4 lifetime). */
export function isDefaultRouter(router: RouterInfo, nowUptimeSec: number): boolean {
  return router.lifetimeSec > 0 && router.lastSeenUptimeSec + router.lifetimeSec > nowUptimeSec;
}

/** The best router of RAs: highest RFC 4191 preference, then the most recently heard. */
export function chooseRouter6(routers: Iterable<RouterInfo>, nowUptimeSec: number): RouterInfo | undefined {
  let best: RouterInfo | undefined;
  for (const router of routers) {
    if (!isDefaultRouter(router, nowUptimeSec)) continue;
    if (!best || isBetterRouter(router, best)) best = router;
  }
  return best;
}

function isBetterRouter(a: RouterInfo, b: RouterInfo): boolean {
  if (a.preference !== b.preference) return a.preference > b.preference;
  return a.lastSeenUptimeSec > b.lastSeenUptimeSec;
}

/** The best RA router over several contexts (a file may hold several interfaces). */
export function chooseRouterIn(contexts: InterfaceContext[], nowUptimeSec: number) {
  let best: {ctx: InterfaceContext; router: RouterInfo} | undefined;
  for (const ctx of contexts) {
    const router = chooseRouter6(ctx.routers.values(), nowUptimeSec);
    if (router && (!best || isBetterRouter(router, best.router))) best = {ctx, router};
  }
  return best;
}

/**
 * The best RA router as of the last RA of these contexts: a capture file's answer. A later RA
 * that withdraws a router (lifetime 0) or prefers another counts; lifetimes that run out after the
 * last RA do not, or a file that ends long after its RAs would never have a default router.
 */
export function routerAsOfLastRa(contexts: InterfaceContext[]) {
  let lastRa = 0;
  for (const ctx of contexts) {
    for (const router of ctx.routers.values()) lastRa = Math.max(lastRa, router.lastSeenUptimeSec);
  }
  return chooseRouterIn(contexts, lastRa);
}

type GatewayEntry = ResolverEntry<Ip4> | ResolverEntry<Ip6>;

/** The gateway's resolver entry in one context, if the address has one. */
export function gatewayEntry(ctx: InterfaceContext, gateway: GatewayAddr): GatewayEntry | undefined {
  return typeof gateway === 'number' ? ctx.arp.get(gateway) : ctx.nd.get(gateway);
}

/** The first context where the gateway's entry holds a record, else the first with an entry. */
export function findGatewayEntry(contexts: InterfaceContext[], gateway: GatewayAddr) {
  let fallback: {ctx: InterfaceContext; entry: GatewayEntry} | undefined;
  for (const ctx of contexts) {
    const entry = gatewayEntry(ctx, gateway);
    if (entry?.record) return {ctx, entry};
    if (entry && !fallback) fallback = {ctx, entry};
  }
  return fallback;
}

/** The gateway a look-up waits for; undefined while it still waits for an RA to name one. */
export interface LookupState {
  gateway?: GatewayAddr;
  source: GatewaySource;
}

/**
 * One step of waiting (after each frame): settles the gateway from the RAs when none is known yet
 * (it then stays, as a live capture would answer at once), and tells whether its record exists.
 */
export function isLookupAnswered(state: LookupState, contexts: InterfaceContext[], nowUptimeSec: number): boolean {
  if (state.gateway === undefined) {
    const best = chooseRouterIn(contexts, nowUptimeSec);
    if (!best) return false;
    state.gateway = best.router.addr;
    state.source = 'ra';
  }
  return findGatewayEntry(contexts, state.gateway)?.entry.record !== undefined;
}

export interface DefrouterQuery {
  family: DefrouterFamily;
  interfaceName: string;
  gateway: GatewayAddr;
  gatewaySource: GatewaySource;
  /** The context's ARP base, for the verdict's "base 0" rule (§3.4 step 1). */
  arpBaseSec: number;
}

/** Builds the lookup's answer for the gateway's entry (or none) at `now` (§5 step 6). */
export function buildDefrouterResult(query: DefrouterQuery, entry: GatewayEntry | undefined, now: Now) {
  const result: DefrouterResult = {
    schemaVersion: DEFROUTER_SCHEMA_VERSION,
    family: query.family,
    interface: query.interfaceName,
    gateway: formatGateway(query.gateway),
    gatewaySource: query.gatewaySource,
    hasRecord: false,
    info: noneInfo(),
    verdict: 'no-record',
    verdictReason: entry ? 'no-record' : 'no-entry',
    timeLeftSec: null,
    moved: entry?.previousMac === undefined ? null : {from: formatMac(entry.previousMac), atUptimeSec: entry.movedAtUptimeSec},
  };
  if (!entry?.record) return result;
  const info = toDefrouterInfo(ifnetLlreachInfo(entry, now));
  const {reachable, reason} = verdictOf(query, entry, now);
  return {
    ...result, hasRecord: true, info, verdict: reachable ? 'reachable' : 'unreachable',
    verdictReason: reason, timeLeftSec: info.rcv_expire - now.uptimeSec,
  } satisfies DefrouterResult;
}

function toDefrouterInfo(info: IfnetLlreachInfo): DefrouterInfo {
  return {
    refcnt: info.refcnt, probes: info.probes, snd_expire: info.sndExpire, rcv_expire: info.rcvExpire,
    curtime: info.curtime, netproto: info.netproto, addr: formatMac(info.mac),
    rssi: info.rssi, lqm: info.lqm, npm: info.npm,
  };
}

/**
 * inet: arp_llreach_reachable as ARP output would decide it, without priming (displaying must
 * not change the model). inet6: ND6 never asks a verdict (§3.4), so only rule (a) is reported.
 */
function verdictOf(query: DefrouterQuery, entry: GatewayEntry, now: Now) {
  if (typeof entry.addr === 'number') {
    return arpVerdict(entry as ResolverEntry<Ip4>, query.arpBaseSec, now, false);
  }
  const record = entry.record!;
  const heard = isHeardWithin(record.lastrcvd, record.reachable, now.uptimeSec);
  return {reachable: heard, reason: heard ? 'heard' : 'not-heard'};
}
