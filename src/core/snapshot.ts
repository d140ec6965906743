// A point-in-time export of the model: if_llreach_info rows (spec §1.4) with their addresses.
// Note: `refcnt` here, as in every XNU export, is the record's request count (lr_reqcnt), not a
// memory reference count.
import {formatIp4, formatIp6, formatMac} from '../decode/address.js';
import type {Ip4, Ip6} from '../decode/link-event.js';
import type {InterfaceContext} from './interface-context.js';
import type {ReachabilityModel} from './model.js';
import {ETHERTYPE_IP, type LlreachRecord} from './reachability-tree.js';
import type {ResolverEntry} from './resolver.js';

/** Bumped whenever a JSON field changes meaning or disappears. */
export const SCHEMA_VERSION = 1;

export type ProtoFilter = 'ipv4' | 'ipv6' | 'all';

export interface AddressMove {
  address: string;
  from: string;
  /** Uptime seconds of the move. */
  at: number;
}

export interface RecordRow {
  refcnt: number;
  ifindex: number;
  /** Calendar receive expiry (lri_expire): seconds since the epoch, 0 if lastrcvd is 0. */
  expire: number;
  probes: number;
  proto: number;
  addr: string;
  rssi: number;
  lqm: number;
  npm: number;
  /** The record's randomised reachable time in seconds. */
  reachable: number;
  /** Uptime seconds when the MAC was last heard from. */
  lastrcvd: number;
  /** expire minus the model's calendar now: ≤ 0 means expired. */
  expiresIn: number;
  addresses: string[];
  moved: AddressMove[];
  /** The MAC was seen sending frames the capturing host marked as its own. */
  local: boolean;
  interface: string;
  vlan: string | null;
}

export interface ContextSnapshot {
  interface: string;
  ifindex: number;
  vlan: string | null;
  frames: number;
  /** What the --max-records bound evicted from this context. */
  evicted: {records: number; entries: number};
  records: RecordRow[];
}

export interface Snapshot {
  schemaVersion: number;
  view: string;
  /** The model's clocks at export time. */
  uptime: number;
  calendar: number;
  frames: number;
  skipped: number;
  malformed: number;
  skipReasons: Record<string, number>;
  malformedReasons: Record<string, number>;
  interfaces: ContextSnapshot[];
}

/** Exports every context's records, filtered by protocol, in kernel order. */
export function takeSnapshot(model: ReachabilityModel, proto: ProtoFilter = 'all'): Snapshot {
  const {counters, clock} = model;
  return {
    schemaVersion: SCHEMA_VERSION,
    view: model.view.name,
    uptime: clock.uptimeSec,
    calendar: clock.calendarSec,
    frames: counters.frames,
    skipped: counters.skipped,
    malformed: counters.malformed,
    skipReasons: Object.fromEntries(counters.skipReasons),
    malformedReasons: Object.fromEntries(counters.malformedReasons),
    interfaces: model.contextsInOrder().map((ctx) => snapshotContext(ctx, model, proto)),
  };
}

function snapshotContext(ctx: InterfaceContext, model: ReachabilityModel, proto: ProtoFilter) {
  const owners = collectOwners(ctx);
  const records: RecordRow[] = [];
  for (const record of ctx.tree.inOrder()) {
    if (!matchesProto(record.proto, proto)) continue;
    records.push(toRow(record, owners.get(record) ?? [], ctx, model));
  }
  const evicted = {...ctx.evicted};
  return {interface: ctx.iface.name, ifindex: ctx.ifindex, vlan: ctx.vlan || null, frames: ctx.frames, evicted, records};
}

/** Whether a record of ethertype `recordProto` passes the --proto filter. */
export function matchesProto(recordProto: number, proto: ProtoFilter): boolean {
  if (proto === 'all') return true;
  return (recordProto === ETHERTYPE_IP) === (proto === 'ipv4');
}

type AnyEntry = ResolverEntry<Ip4> | ResolverEntry<Ip6>;

/** Groups resolver entries by the record they reference (the reverse of entry.record). */
function collectOwners(ctx: InterfaceContext): Map<LlreachRecord, AnyEntry[]> {
  const owners = new Map<LlreachRecord, AnyEntry[]>();
  const add = (entry: AnyEntry) => {
    if (!entry.record) return;
    const list = owners.get(entry.record);
    if (list) list.push(entry);
    else owners.set(entry.record, [entry]);
  };
  for (const entry of ctx.arp.entries.values()) add(entry);
  for (const entry of ctx.nd.entries.values()) add(entry);
  return owners;
}

function toRow(record: LlreachRecord, entries: AnyEntry[], ctx: InterfaceContext, model: ReachabilityModel) {
  const {uptimeSec, calendarSec} = model.clock;
  const expire = calendarExpiry(record.lastrcvd, record.reachable, uptimeSec, calendarSec);
  const text = textParts(record, entries);
  const row: RecordRow = {
    refcnt: record.reqcnt,
    ifindex: ctx.ifindex,
    expire,
    probes: record.probes,
    proto: record.proto,
    addr: text.addr,
    rssi: record.rssi,
    lqm: record.lqm,
    npm: record.npm,
    reachable: record.reachable,
    lastrcvd: record.lastrcvd,
    expiresIn: expire - calendarSec,
    addresses: text.addresses,
    moved: text.moved,
    local: ctx.localMacs.has(record.mac),
    interface: ctx.iface.name,
    vlan: ctx.vlan || null,
  };
  return row;
}

/** A record's formatted MAC and address lists, with the entries (and their moves) they came from. */
interface TextParts {
  addr: string;
  entries: AnyEntry[];
  movedAt: number[];
  previousMacs: (number | undefined)[];
  addresses: string[];
  moved: AddressMove[];
}

/**
 * Formatting MACs and addresses is most of an export's cost, and between two watch steps almost
 * no record changes its entries, so each record keeps its text until its entries do. The arrays
 * are shared by successive snapshots, which is why snapshots are never modified once taken.
 */
const textCache = new WeakMap<LlreachRecord, TextParts>();

function textParts(record: LlreachRecord, entries: AnyEntry[]): TextParts {
  const cached = textCache.get(record);
  if (cached && sameEntries(cached, entries)) return cached;
  const sorted = [...entries].sort(compareEntries);
  const parts: TextParts = {
    addr: cached?.addr ?? formatMac(record.mac),
    entries,
    movedAt: entries.map((entry) => entry.movedAtUptimeSec),
    previousMacs: entries.map((entry) => entry.previousMac),
    addresses: sorted.map(formatEntryAddress),
    moved: sorted.filter((entry) => entry.previousMac !== undefined).map(toMove),
  };
  textCache.set(record, parts);
  return parts;
}

/** The same entry objects in the same order, none of which moved since the text was made. */
function sameEntries(cached: TextParts, entries: AnyEntry[]): boolean {
  if (cached.entries.length !== entries.length) return false;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    if (cached.entries[i] !== entry) return false;
    if (cached.movedAt[i] !== entry.movedAtUptimeSec || cached.previousMacs[i] !== entry.previousMac) return false;
  }
  return true;
}

/**
 * Calendar conversion of an uptime timestamp (spec §3.5): u + reachable + (calendar − uptime),
 * with 0 reserved for "never" (E23).
 */
export function calendarExpiry(u: number, reachable: number, uptimeNow: number, calendarNow: number) {
  if (u === 0) return 0;
  return u + reachable + (calendarNow - uptimeNow);
}

function compareEntries(a: AnyEntry, b: AnyEntry): number {
  if (typeof a.addr === 'number' && typeof b.addr === 'number') return a.addr - b.addr;
  if (typeof a.addr === 'number') return -1;
  if (typeof b.addr === 'number') return 1;
  return a.addr < b.addr ? -1 : a.addr > b.addr ? 1 : 0;
}

function formatEntryAddress(entry: AnyEntry): string {
  return typeof entry.addr === 'number' ? formatIp4(entry.addr) : formatIp6(entry.addr);
}

function toMove(entry: AnyEntry): AddressMove {
  return {address: formatEntryAddress(entry), from: formatMac(entry.previousMac!), at: entry.movedAtUptimeSec};
}
