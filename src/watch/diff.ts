// Changes between two successive snapshots: which records appeared, changed or went, and the
// NDJSON events (created/removed, attached/detached/moved, expired/heard again) they amount to.
import type {TimedMove} from '../core/model.js';
import {protoRank} from '../core/reachability-tree.js';
import {formatIp4, formatIp6, formatMac} from '../decode/address.js';
import type {ContextSnapshot, RecordRow, Snapshot} from '../core/snapshot.js';
import {protoWord} from '../render/words.js';

/** Bumped whenever an event field changes meaning or disappears. */
export const EVENT_SCHEMA_VERSION = 1;

export type WatchEventType =
  | 'record-created'
  | 'record-removed'
  | 'record-expired'
  | 'record-heard-again'
  | 'address-attached'
  | 'address-detached'
  | 'address-moved';

export interface WatchEvent {
  schemaVersion: number;
  type: WatchEventType;
  /** Calendar seconds (frame time) of the change, as precise as the snapshot can tell. */
  time: number;
  interface: string;
  /** The interface's index: two interfaces of a file may share a name. */
  ifindex: number;
  vlan: string | null;
  proto: string;
  /** The record's link-layer address. */
  addr: string;
  refcnt: number;
  probes: number;
  /** The IP address, for address-* events. */
  address?: string;
  /** The MAC the address moved away from, for address-moved. */
  from?: string;
}

/**
 * The live capture stopping (the interface went away) or starting again, in the --events stream:
 * without it a consumer could not tell a quiet link from a capture that sees nothing.
 */
export interface CaptureEvent {
  schemaVersion: number;
  type: 'capture-lost' | 'capture-resumed';
  /** Calendar seconds of the step that noticed it. */
  time: number;
  interface: string;
  /** What happened, for capture-lost. */
  message?: string;
}

/** How a record differs from the previous snapshot, for append-only line output. */
export type ChangeKind = 'added' | 'changed' | 'expired' | 'reachable' | 'removed';

export interface RecordChange {
  kind: ChangeKind;
  key: string;
  /** The record now, or as last seen for 'removed'. */
  row: RecordRow;
}

export interface SnapshotDiff {
  changes: RecordChange[];
  events: WatchEvent[];
}

// LIMITATION: records are keyed by interface index (two interfaces of a file may share a name), so when watch reopens a live interface that was recreated with a new index, its records are reported removed under the old index and created under the new one — keying by the model's own interface id, carried in the snapshot, would keep them.
/** A record's identity across snapshots: interface (index and name), VLAN, protocol and MAC. */
export function recordKey(row: RecordRow): string {
  return `${row.ifindex}|${row.interface}|${row.vlan ?? ''}|${row.proto}|${row.addr}`;
}

/** A context's identity across snapshots: interface (index and name, as names may repeat) and VLAN. */
function contextKey(ctx: ContextSnapshot): string {
  return `${ctx.ifindex}|${ctx.interface}|${ctx.vlan ?? ''}`;
}

/** Tree order within a context (spec §2.1): protocol rank, then the MAC (fixed-width hex sorts as the number). */
function compareRows(a: RecordRow, b: RecordRow): number {
  if (a.proto !== b.proto) return protoRank(a.proto) - protoRank(b.proto);
  if (a.addr === b.addr) return 0;
  return a.addr < b.addr ? -1 : 1;
}

const NO_RECORDS: RecordRow[] = [];

/** Sees one record in two snapshots: before and after, one of them undefined when it came or went. */
type PairVisitor = (old: RecordRow | undefined, row: RecordRow | undefined) => void;

/**
 * Calls `visit` once per record of either snapshot with its row before and after (one of them
 * undefined when the record appeared or went). Both snapshots list each context's records in
 * tree order, so one merge walk pairs them without indexing 10,000 rows by a string key.
 */
function forEachPair(prev: Snapshot | undefined, next: Snapshot, visit: PairVisitor): void {
  const previous = new Map((prev?.interfaces ?? []).map((ctx) => [contextKey(ctx), ctx.records]));
  for (const ctx of next.interfaces) {
    const key = contextKey(ctx);
    mergeInOrder(inTreeOrder(previous.get(key) ?? NO_RECORDS), inTreeOrder(ctx.records), visit);
    previous.delete(key);
  }
  for (const records of previous.values()) mergeInOrder(inTreeOrder(records), NO_RECORDS, visit);
}

/** The rows themselves when already in tree order (as takeSnapshot exports them), else a sorted copy. */
function inTreeOrder(records: RecordRow[]): RecordRow[] {
  for (let i = 1; i < records.length; i++) {
    if (compareRows(records[i - 1]!, records[i]!) >= 0) return [...records].sort(compareRows);
  }
  return records;
}

function mergeInOrder(before: RecordRow[], after: RecordRow[], visit: PairVisitor): void {
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    const order = i === before.length ? 1 : j === after.length ? -1 : compareRows(before[i]!, after[j]!);
    if (order === 0) visit(before[i++], after[j++]);
    else if (order < 0) visit(before[i++], undefined);
    else visit(undefined, after[j++]);
  }
}

// LIMITATION: apart from address moves (reported by the model as they happen, see moveEvent), changes are found by comparing snapshots one interval apart, so a record that expires and is heard again (or an address that detaches and re-attaches) within one interval yields no event, and attach/detach/remove events carry the snapshot time (up to one interval late) — events emitted by the model for every change as it applies each frame would be exact.
/**
 * Compares two snapshots (prev undefined: everything in next is new). Pure: the same pair always
 * gives the same changes and events, in time order.
 */
export function diffSnapshots(prev: Snapshot | undefined, next: Snapshot): SnapshotDiff {
  const clock = {calendar: next.calendar, offset: next.calendar - next.uptime};
  const moved = movedAddresses(prev, next);
  const changes: RecordChange[] = [];
  const events: WatchEvent[] = [];
  forEachPair(prev, next, (old, row) => {
    if (!old) {
      events.push(created(row!, clock), ...attachedOnCreate(row!, clock, moved));
      changes.push({kind: 'added', key: recordKey(row!), row: row!});
    } else if (!row) {
      // A record goes when nothing refers to it any more, so it leaves with refcnt 0.
      events.push(...detachedOnRemove(old, clock, moved), event('record-removed', old, clock.calendar, {refcnt: 0}));
      changes.push({kind: 'removed', key: recordKey(old), row: old});
    } else {
      const recordEvents = compareRow(old, row, clock, moved);
      if (recordEvents.length > 0) events.push(...recordEvents);
      const kind = changeKind(old, row);
      if (kind) changes.push({kind, key: recordKey(row), row});
    }
  });
  return {changes, events: events.sort((a, b) => a.time - b.time)};
}

interface Clock {
  calendar: number;
  /** calendar − uptime, to turn uptime stamps into calendar seconds. */
  offset: number;
}

function event(type: WatchEventType, row: RecordRow, time: number, extra: Partial<WatchEvent> = {}): WatchEvent {
  return {
    schemaVersion: EVENT_SCHEMA_VERSION,
    type,
    time,
    interface: row.interface,
    ifindex: row.ifindex,
    vlan: row.vlan,
    proto: protoWord(row.proto),
    addr: row.addr,
    refcnt: row.refcnt,
    probes: row.probes,
    ...extra,
  };
}

/** When the record was last heard, in calendar seconds (the snapshot time if never). */
function heardAt(row: RecordRow, clock: Clock): number {
  return row.lastrcvd > 0 ? row.lastrcvd + clock.offset : clock.calendar;
}

function created(row: RecordRow, clock: Clock): WatchEvent {
  return event('record-created', row, heardAt(row, clock));
}

function isExpired(row: RecordRow): boolean {
  return row.expire !== 0 && row.expiresIn <= 0;
}

/** An IP address within its interface and VLAN (the scope in which it can move). */
function scoped(row: RecordRow, address: string): string {
  return `${row.ifindex}|${row.interface}|${row.vlan ?? ''}|${address}`;
}

/** Addresses that moved since prev (scoped): their attach and detach are reported as one move. */
function movedAddresses(prev: Snapshot | undefined, next: Snapshot): Set<string> {
  const moves = new Set<string>();
  forEachPair(prev, next, (old, row) => {
    if (!row || row.moved.length === 0 || old?.moved === row.moved) return;
    const seen = new Set((old?.moved ?? []).map((m) => `${m.address}|${m.from}|${m.at}`));
    for (const move of row.moved) {
      if (!seen.has(`${move.address}|${move.from}|${move.at}`)) moves.add(scoped(row, move.address));
    }
  });
  return moves;
}

function sameList(a: string[], b: string[]): boolean {
  // Snapshots share a record's address list until its entries change (core/snapshot.ts).
  if (a === b) return true;
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

const NO_EVENTS: WatchEvent[] = [];

function compareRow(old: RecordRow, row: RecordRow, clock: Clock, moved: Set<string>): WatchEvent[] {
  const expiredNow = isExpired(row);
  // Most records change nothing between two redraws: leave without allocating.
  if (isExpired(old) === expiredNow && sameList(old.addresses, row.addresses)) return NO_EVENTS;
  const events: WatchEvent[] = [];
  if (!isExpired(old) && expiredNow) events.push(event('record-expired', row, row.expire));
  if (isExpired(old) && !expiredNow) events.push(event('record-heard-again', row, heardAt(row, clock)));
  const had = new Set(old.addresses);
  const has = new Set(row.addresses);
  for (const address of row.addresses) {
    if (!had.has(address)) events.push(attachOrMove(row, address, clock, moved));
  }
  for (const address of old.addresses) {
    if (!has.has(address) && !moved.has(scoped(row, address))) events.push(detached(row, address, clock));
  }
  return events;
}

function attachedOnCreate(row: RecordRow, clock: Clock, moved: Set<string>): WatchEvent[] {
  // A new record's addresses came with the frame that created it.
  const at = {...clock, calendar: heardAt(row, clock)};
  return row.addresses.map((address) => attachOrMove(row, address, at, moved));
}

function detachedOnRemove(row: RecordRow, clock: Clock, moved: Set<string>): WatchEvent[] {
  return row.addresses.filter((a) => !moved.has(scoped(row, a))).map((address) => detached(row, address, clock));
}

function attachOrMove(row: RecordRow, address: string, clock: Clock, moved: Set<string>): WatchEvent {
  const move = moved.has(scoped(row, address)) ? row.moved.find((m) => m.address === address) : undefined;
  if (!move) return event('address-attached', row, clock.calendar, {address});
  return event('address-moved', row, move.at + clock.offset, {address, from: move.from});
}

function detached(row: RecordRow, address: string, clock: Clock): WatchEvent {
  return event('address-detached', row, clock.calendar, {address});
}

/** The line-worthy change of a record that exists in both snapshots, or undefined. */
function changeKind(old: RecordRow, row: RecordRow): ChangeKind | undefined {
  const wasExpired = isExpired(old);
  if (wasExpired !== isExpired(row)) return wasExpired ? 'reachable' : 'expired';
  const sameCounts = old.refcnt === row.refcnt && old.probes === row.probes;
  if (!sameCounts || !sameList(old.addresses, row.addresses)) return 'changed';
  return undefined;
}

/**
 * An address-moved event straight from the model, with the exact time of the frame that moved the
 * address: a spoofed address that the real owner wins back within one interval leaves two moves
 * here, where comparing snapshots sees none. Refs and probes are the new record's at `now`.
 */
export function moveEvent(move: TimedMove): WatchEvent {
  const {ctx, proto, addr, from, to} = move;
  const record = ctx.tree.find(proto, to);
  return {
    schemaVersion: EVENT_SCHEMA_VERSION,
    type: 'address-moved',
    time: move.timeSec,
    interface: ctx.iface.name,
    ifindex: ctx.ifindex,
    vlan: ctx.vlan || null,
    proto: protoWord(proto),
    addr: formatMac(to),
    refcnt: record?.reqcnt ?? 0,
    probes: record?.probes ?? 0,
    address: typeof addr === 'number' ? formatIp4(addr) : formatIp6(addr),
    from: formatMac(from),
  };
}
