// The per-interface tree of link-layer reachability records: XNU's if_llreach, in TypeScript.
//
// Design note (mirrors bsd/net/if_llreach.c, xnu-2050; spec sections in brackets):
// - A record exists per (ethertype, MAC) on one interface context. Its key orders like the
//   kernel's memcmp over (u16 proto in little-endian byte order, 6 MAC bytes): every IPv4
//   (0x0800) record before every IPv6 (0x86DD) record, then MAC bytes ascending (E31).
// - reqcnt counts the resolver entries (one per IP address) that point at the record; it is what
//   every export calls "refcnt". The kernel's memory refcount is not modelled: nothing in a
//   passive capture can hold a transient reference.
// - attach creates a record or adds a reference to the existing one, and always sets
//   lastrcvd := now (§2.1, E19); a base of 0 refuses (§2.7, E6). The reachable time is drawn
//   once at creation and never recomputed (E5).
// - release drops a reference and removes the record at zero; releasing at zero is a kernel
//   panic there and an InvariantError here (E33).
// - refresh sets lastrcvd := now on an existing record and never creates one (E16).
// - Verdicts (a) and (b) of §3.4 live in verdict.ts; expiry conversions in snapshot.ts.
// Assumptions: records carry no interface pointer (the tree is per context); RSSI/LQM/NPM keep
// their "unknown" values unless a link type supplies a signal (§1.2).
import sb from 'sorted-btree';

import {InvariantError} from '../errors.js';
import type {Mac} from '../decode/link-event.js';
import {computeReachableSeconds} from './reachable-time.js';

const BTree = sb.default;

export const ETHERTYPE_IP = 0x0800;
export const ETHERTYPE_IPV6 = 0x86dd;
export const RSSI_UNKNOWN = -2147483648; // IFNET_RSSI_UNKNOWN (INT32_MIN)
export const LQM_UNKNOWN = -1; // IFNET_LQM_THRESH_UNKNOWN
export const LQM_OFF = -2; // IFNET_LQM_THRESH_OFF
export const NPM_UNKNOWN = -1; // IFNET_NPM_THRESH_UNKNOWN

const MAC_SPACE = 2 ** 48;

/** One link-layer reachability record (struct if_llreach, less the kernel-only fields). */
export interface LlreachRecord {
  readonly key: number;
  readonly proto: number;
  readonly mac: Mac;
  /** Number of resolver entries pointing here; exported as "refcnt". */
  reqcnt: number;
  probes: number;
  /** Uptime seconds when a frame from this MAC was last accepted ("last heard from"). */
  lastrcvd: number;
  readonly baseup: number;
  basecal: number;
  readonly basereachable: number;
  /** Randomised reachable time in seconds, fixed at creation. */
  readonly reachable: number;
  rssi: number;
  lqm: number;
  npm: number;
  /** Frames heard from this MAC while the record existed (not a kernel field: eviction uses it). */
  heard: number;
}

/** The clock readings a primitive needs: uptime and calendar seconds. */
export interface Now {
  uptimeSec: number;
  calendarSec: number;
}

/**
 * The tree key: the protocol's rank in memcmp order of its little-endian bytes, then the MAC.
 * Only the two record protocols exist, so a rank keeps the key below 2^53 as a plain number.
 */
export function recordKey(proto: number, mac: Mac): number {
  return protoRank(proto) * MAC_SPACE + mac;
}

export function protoRank(proto: number): number {
  if (proto === ETHERTYPE_IP) return 0; // bytes 00 08
  if (proto === ETHERTYPE_IPV6) return 1; // bytes dd 86
  throw new InvariantError(`no reachability records for ethertype 0x${proto.toString(16)}`);
}

export class ReachabilityTree {
  private readonly records = new BTree<number, LlreachRecord>();

  get size(): number {
    return this.records.size;
  }

  /** Looks a record up without touching it. */
  find(proto: number, mac: Mac): LlreachRecord | undefined {
    return this.records.get(recordKey(proto, mac));
  }

  /**
   * Adds one resolver reference to the record (proto, mac), creating it when missing.
   * Returns undefined when baseSeconds is 0 (llreach disabled for that protocol).
   */
  attach(proto: number, mac: Mac, baseSeconds: number, now: Now, random32: () => number) {
    if (baseSeconds === 0) return undefined;
    const key = recordKey(proto, mac);
    const existing = this.records.get(key);
    if (existing) {
      existing.reqcnt += 1; // for the caller's resolver entry
      existing.lastrcvd = now.uptimeSec;
      return existing;
    }
    const created = newRecord(key, proto, mac, baseSeconds, now, random32());
    this.records.set(key, created); // the tree's membership; reqcnt 1 is the caller's entry
    return created;
  }

  /** Drops one resolver reference; removes the record when none is left. True if removed. */
  release(record: LlreachRecord): boolean {
    if (record.reqcnt <= 0) {
      throw new InvariantError(`release of ${record.key.toString(16)} with reqcnt ${record.reqcnt}`);
    }
    record.reqcnt -= 1;
    if (record.reqcnt > 0) return false;
    this.records.delete(record.key);
    return true;
  }

  /** Marks (proto, mac) as heard from now; does nothing when there is no record. */
  refresh(proto: number, mac: Mac, uptimeSec: number): LlreachRecord | undefined {
    const record = this.records.get(recordKey(proto, mac));
    if (record) {
      record.lastrcvd = uptimeSec;
      record.heard += 1;
    }
    return record;
  }

  /** Records in kernel export order (E31). */
  inOrder(): IterableIterator<LlreachRecord> {
    return this.records.values();
  }
}

function newRecord(
  key: number,
  proto: number,
  mac: Mac,
  baseSeconds: number,
  now: Now,
  random32: number,
): LlreachRecord {
  return {
    key,
    proto,
    mac,
    reqcnt: 1,
    probes: 0,
    lastrcvd: now.uptimeSec,
    baseup: now.uptimeSec,
    basecal: now.calendarSec,
    basereachable: baseSeconds >>> 0,
    reachable: computeReachableSeconds(baseSeconds, random32),
    rssi: RSSI_UNKNOWN,
    lqm: LQM_UNKNOWN,
    npm: NPM_UNKNOWN,
    heard: 0,
  };
}
