// The host view's export: every resolver entry with its rt_reach_info, verdict (ARP) or neighbor
// state (ND), the sysctl rows of each interface, and the conflicts seen (spec §1.4, §1.5, §3.4).
import {formatIp4, formatIp6, formatMac} from '../decode/address.js';
import type {Ip4, Ip6} from '../decode/link-event.js';
import {arpMetaOf} from './arp-host.js';
import type {HostScope} from './host-state.js';
import type {HostView} from './host-view.js';
import {ifLlreachInfo, rtReachInfo, type IfLlreachInfo, type RtReachInfo} from './llreach-info.js';
import type {ReachabilityModel} from './model.js';
import {ndMetaOf} from './neighbor-cache.js';
import type {Now} from './reachability-tree.js';
import {INCOMPLETE_MAC, type ResolverEntry} from './resolver.js';
import {arpVerdict, type Verdict} from './verdict.js';

export interface HostEntryRow {
  address: string;
  family: 'ipv4' | 'ipv6';
  /** null while incomplete. */
  mac: string | null;
  macValue: number | null;
  /** ARP: 'resolved' | 'incomplete' | 'permanent'; ND: the RFC 4861 state. */
  state: string;
  permanent: boolean;
  /** ND: the neighbor is a router (ndp's "R" flag). */
  router: boolean;
  /** la_asked / ln_asked. */
  asked: number;
  /** Uptime seconds last spoken to; 0 = never (§3.3). */
  lastused: number;
  reach: RtReachInfo;
  /** ARP only, evaluated without changing the model (§3.4, E12: ND never has one). */
  verdict: Verdict | null;
}

export interface HostContextRows {
  interface: string;
  ifindex: number;
  vlan: string | null;
  arp: HostEntryRow[];
  nd: HostEntryRow[];
  /** The sysctl's rows for this interface, in tree order (§6), with the MAC also as text. */
  llreach: (IfLlreachInfo & {addr: string})[];
  conflicts: {address: string; mac: string; at: number}[];
  conflictCount: number;
  unreachableVerdicts: number;
}

export interface HostSnapshot {
  profile: string;
  self: {mac: string; addresses: string[]; router: boolean; statics: string[]};
  arpBase: number;
  nd6Base: number;
  contexts: HostContextRows[];
}

/** Exports the host view's state at the model's now; timers are settled first. */
export function takeHostSnapshot(model: ReachabilityModel, view: HostView): HostSnapshot {
  view.settle(model);
  const {self, profile, arpBaseSec, nd6BaseSec} = view.env;
  return {
    profile: profile.name,
    self: {
      mac: formatMac(self.mac),
      addresses: [...self.ip4.map((p) => `${formatIp4(p.addr)}/${p.prefixLen}`), ...self.ip6.map((p) => `${formatIp6(p.addr)}/${p.prefixLen}`)],
      router: self.router,
      statics: [...self.statics].map(([addr, mac]) => `${formatIp4(addr)}=${formatMac(mac)}`),
    },
    arpBase: arpBaseSec,
    nd6Base: nd6BaseSec,
    contexts: model.contextsInOrder().map((ctx) => contextRows(view.scopeOf(ctx, model.clock), model.clock)),
  };
}

function contextRows(scope: HostScope, now: Now): HostContextRows {
  const {ctx, st} = scope;
  const ifindex = ctx.ifindex;
  return {
    interface: ctx.iface.name,
    ifindex,
    vlan: ctx.vlan || null,
    arp: [...ctx.arp.entries.values()].sort((a, b) => a.addr - b.addr).map((e) => arpRow(scope, e, now)),
    nd: [...ctx.nd.entries.values()].sort((a, b) => (a.addr < b.addr ? -1 : 1)).map((e) => ndRow(scope, e, now)),
    llreach: [...ctx.tree.inOrder()].map((record) => {
      const info = ifLlreachInfo(record, ifindex, now);
      return {...info, addr: formatMac(info.mac)};
    }),
    conflicts: st.conflicts.map((c) => ({
      address: typeof c.address === 'number' ? formatIp4(c.address) : formatIp6(c.address),
      mac: c.mac === -1 ? '(none)' : formatMac(c.mac),
      at: c.atUptimeSec,
    })),
    conflictCount: st.conflictCount,
    unreachableVerdicts: st.unreachableVerdicts,
  };
}


function arpRow(scope: HostScope, entry: ResolverEntry<Ip4>, now: Now): HostEntryRow {
  const meta = arpMetaOf(scope, entry);
  const incomplete = entry.mac === INCOMPLETE_MAC;
  return {
    ...common(entry, now),
    address: formatIp4(entry.addr),
    family: 'ipv4',
    state: meta.permanent ? 'permanent' : incomplete ? 'incomplete' : 'resolved',
    permanent: meta.permanent,
    router: false,
    asked: meta.asked,
    verdict: arpVerdict(entry, scope.env.arpBaseSec, now, false),
  };
}

function ndRow(scope: HostScope, entry: ResolverEntry<Ip6>, now: Now): HostEntryRow {
  const meta = ndMetaOf(scope, entry);
  return {
    ...common(entry, now),
    address: formatIp6(entry.addr),
    family: 'ipv6',
    state: meta.state,
    permanent: false,
    router: meta.router,
    asked: meta.asked,
    verdict: null,
  };
}

function common<A>(entry: ResolverEntry<A>, now: Now) {
  const known = entry.mac !== INCOMPLETE_MAC;
  return {
    mac: known ? formatMac(entry.mac) : null,
    macValue: known ? entry.mac : null,
    lastused: entry.lastused,
    reach: rtReachInfo(entry, now),
  };
}
