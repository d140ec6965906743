// The state kept per interface and VLAN context: its record tree, its resolver tables, its routers.
import type {SourceInterface} from '../capture/frame.js';
import type {Ip4, Ip6, Mac} from '../decode/link-event.js';
import type {Random32} from './random.js';
import {ETHERTYPE_IP, ETHERTYPE_IPV6, ReachabilityTree} from './reachability-tree.js';
import {DEFAULT_MAX_RECORDS, makeRoom, type EvictionCounters} from './capacity.js';
import {ENTRY_LIFETIME_SEC, ResolverTable} from './resolver.js';

/** Settings shared by every context of one model. */
export interface ModelSettings {
  /** net.link.ether.inet.arp_llreach_base: seconds, 0 disables IPv4 records (§1.8, §2.7). */
  arpBaseSec: number;
  /** net.inet6.icmp6.nd6_llreach_base: seconds, 0 disables IPv6 records. */
  nd6BaseSec: number;
  random32: Random32;
  /** Resolver entry lifetime after each announcement; default ENTRY_LIFETIME_SEC (1200 s). */
  entryLifetimeSec?: number;
  /** Records (and addresses per family) one context may hold; default DEFAULT_MAX_RECORDS. */
  maxRecords?: number;
  /** Told of every address move in every context, as it happens. */
  onMove?: (move: ResolverMove) => void;
}

/** An address that moved from one MAC to another in a context (§2.6). */
export interface ResolverMove {
  ctx: InterfaceContext;
  /** The record protocol: ETHERTYPE_IP or ETHERTYPE_IPV6. */
  proto: number;
  addr: Ip4 | Ip6;
  from: Mac;
  to: Mac;
}

/** A router learned from a Router Advertisement (RFC 4861 §6.3.4, preference RFC 4191). */
export interface RouterInfo {
  addr: Ip6;
  mac: Mac;
  lifetimeSec: number;
  preference: number;
  lastSeenUptimeSec: number;
}

export class InterfaceContext {
  readonly tree = new ReachabilityTree();
  readonly arp: ResolverTable<Ip4>;
  readonly nd: ResolverTable<Ip6>;
  readonly routers = new Map<Ip6, RouterInfo>();
  /** MACs seen sending frames the capturing host marked as its own (LINUX_SLL/SLL2 outgoing). */
  readonly localMacs = new Set<Mac>();
  /** What the --max-records bound removed from this context. */
  readonly evicted: EvictionCounters = {records: 0, entries: 0};
  frames = 0;

  constructor(
    readonly iface: SourceInterface,
    /** '' when untagged, else the VLAN ids outer to inner ('200/2001'). */
    readonly vlan: string,
    readonly settings: ModelSettings,
  ) {
    const {random32} = settings;
    const entryLifetimeSec = settings.entryLifetimeSec ?? ENTRY_LIFETIME_SEC;
    const maxRecords = settings.maxRecords ?? DEFAULT_MAX_RECORDS;
    const bound = <A>(table: ResolverTable<A>) => makeRoom(this, table, maxRecords);
    const moved = (proto: number) => (addr: Ip4 | Ip6, from: Mac, to: Mac) => settings.onMove?.({ctx: this, proto, addr, from, to});
    this.arp = new ResolverTable<Ip4>(this.tree, {
      proto: ETHERTYPE_IP, baseSeconds: settings.arpBaseSec, random32, entryLifetimeSec,
    }, bound, moved(ETHERTYPE_IP));
    this.nd = new ResolverTable<Ip6>(this.tree, {
      proto: ETHERTYPE_IPV6, baseSeconds: settings.nd6BaseSec, random32, entryLifetimeSec,
    }, bound, moved(ETHERTYPE_IPV6));
  }

  /** The index the exports carry: the OS index when known, else the file's interface number + 1. */
  get ifindex(): number {
    return this.iface.ifindex ?? this.iface.id + 1;
  }

  /** A label for headers: the interface name plus its VLAN context. */
  get label(): string {
    return this.vlan ? `${this.iface.name} vlan ${this.vlan}` : this.iface.name;
  }

  /** Deletes every resolver entry past its lifetime, releasing records. */
  sweepExpired(nowUptimeSec: number): void {
    this.arp.sweepExpired(nowUptimeSec);
    this.nd.sweepExpired(nowUptimeSec);
  }
}
