// The kernel's exports of a record: if_llreach_info (sysctl, §1.4), rt_reach_info (route dumps,
// §1.5), ifnet_llreach_info (KPI, §1.6), with the uptime and calendar conversions of §3.5 and the
// sysctl's index rules and copy rule (§6, E30, E32).
import {LlreachError} from '../errors.js';
import {EXIT} from '../exit-codes.js';
import {
  ETHERTYPE_IP,
  ETHERTYPE_IPV6,
  LQM_OFF,
  NPM_UNKNOWN,
  RSSI_UNKNOWN,
  type LlreachRecord,
  type Now,
} from './reachability-tree.js';

/** sizeof(struct if_llreach_info) on 64-bit ABIs, xnu-2050+. */
export const IF_LLREACH_INFO_BYTES = 120;
const PF_INET = 2;
const PF_INET6 = 30; // Darwin's value
const PF_UNSPEC = 0;

export interface IfLlreachInfo {
  refcnt: number;
  ifindex: number;
  /** Calendar receive expiry; 0 only when lastrcvd is 0 (E23). */
  expire: number;
  probes: number;
  proto: number;
  mac: number;
  rssi: number;
  lqm: number;
  npm: number;
}

export interface RtReachInfo {
  refcnt: number;
  probes: number;
  /** Calendar send expiry; 0 when lastused is 0 or there is no record (E21). */
  sndExpire: number;
  rcvExpire: number;
  rssi: number;
  lqm: number;
  npm: number;
}

export interface IfnetLlreachInfo {
  refcnt: number;
  probes: number;
  /** Uptime send expiry: lastused + reachable, even when lastused is 0 (E21). */
  sndExpire: number;
  rcvExpire: number;
  curtime: number;
  netproto: number;
  mac: number;
  rssi: number;
  lqm: number;
  npm: number;
}

/** What the exports read from a resolver entry of either family. */
export interface EntryReach {
  record: LlreachRecord | undefined;
  lastused: number;
}

/** Uptime expiry of timestamp u (§3.5): no special case for 0. */
export function uptimeExpiry(record: LlreachRecord, u: number): number {
  return u + record.reachable;
}

// LIMITATION: the model's uptime is derived from frame timestamps, so a wall-clock step inside a capture looks like elapsed time and the re-anchoring below sees no skew there; only callers with separate clocks (tests) exercise it — taking uptime from CLOCK_MONOTONIC for live captures would fix it.

/**
 * Calendar expiry of timestamp u (§3.5): 0 for u = 0; otherwise the record's calendar base is
 * re-anchored to the current calendar/uptime offset (so a wall-clock step since creation moves
 * the result, E22) and the expiry is basecal + reachable + (u − baseup).
 */
export function calendarExpiry(record: LlreachRecord, u: number, now: Now): number {
  if (u === 0) return 0;
  record.basecal = now.calendarSec - (now.uptimeSec - record.baseup);
  return record.basecal + record.reachable + (u - record.baseup);
}

/** One if_llreach_info row (§1.4). */
export function ifLlreachInfo(record: LlreachRecord, ifindex: number, now: Now): IfLlreachInfo {
  return {
    refcnt: record.reqcnt,
    ifindex,
    expire: calendarExpiry(record, record.lastrcvd, now),
    probes: record.probes,
    proto: record.proto,
    mac: record.mac,
    rssi: record.rssi,
    lqm: record.lqm,
    npm: record.npm,
  };
}

/** rt_reach_info of a resolver entry (§1.5); an entry without a record reports the "none" values. */
export function rtReachInfo(entry: EntryReach, now: Now): RtReachInfo {
  const record = entry.record;
  if (!record) return {refcnt: 0, probes: 0, sndExpire: 0, rcvExpire: 0, rssi: RSSI_UNKNOWN, lqm: LQM_OFF, npm: NPM_UNKNOWN};
  return {
    refcnt: record.reqcnt,
    probes: record.probes,
    sndExpire: calendarExpiry(record, entry.lastused, now),
    rcvExpire: calendarExpiry(record, record.lastrcvd, now),
    rssi: record.rssi,
    lqm: record.lqm,
    npm: record.npm,
  };
}

/** ifnet_llreach_info of a gateway's entry (§1.6, §5 step 6). */
export function ifnetLlreachInfo(entry: EntryReach, now: Now): IfnetLlreachInfo {
  const record = entry.record;
  if (!record) {
    return {
      refcnt: 0, probes: 0, sndExpire: 0, rcvExpire: 0, curtime: 0, netproto: 0, mac: 0,
      rssi: RSSI_UNKNOWN, lqm: LQM_OFF, npm: NPM_UNKNOWN,
    };
  }
  return {
    refcnt: record.reqcnt,
    probes: record.probes,
    sndExpire: uptimeExpiry(record, entry.lastused),
    rcvExpire: uptimeExpiry(record, record.lastrcvd),
    curtime: now.uptimeSec,
    netproto: netprotoOf(record.proto),
    mac: record.mac,
    rssi: record.rssi,
    lqm: record.lqm,
    npm: record.npm,
  };
}

function netprotoOf(proto: number): number {
  if (proto === ETHERTYPE_IP) return PF_INET;
  if (proto === ETHERTYPE_IPV6) return PF_INET6;
  return PF_UNSPEC;
}

/** The 120 bytes of one if_llreach_info in little-endian host order (§1.4 offsets). */
export function encodeIfLlreachInfo(info: IfLlreachInfo): Buffer {
  const out = Buffer.alloc(IF_LLREACH_INFO_BYTES); // zeroed, like the kernel's bzero
  out.writeUInt32LE(info.refcnt, 0);
  out.writeUInt32LE(info.ifindex, 4);
  out.writeBigUInt64LE(BigInt(info.expire), 8);
  out.writeUInt32LE(info.probes, 16);
  out.writeUInt16LE(info.proto, 22);
  out.writeUIntBE(info.mac, 24, 6);
  out.writeInt32LE(info.rssi, 88);
  out.writeInt32LE(info.lqm, 92);
  out.writeInt32LE(info.npm, 96);
  return out;
}

/** What a sysctl read of `net.link.generic.system.llreach_info.<ifindex>` returns. */
export interface SysctlRead {
  bytes: Buffer;
  /** 'ENOMEM' when the buffer was too small (whole records that fit were still copied, E32). */
  error: 'ENOMEM' | null;
}

/**
 * The interface index rule of §6: 0, or an index with no interface, is ENOENT (E30), which llreach
 * reports as an error with its own exit code.
 */
export function checkIfindex(ifindex: number, known: (ifindex: number) => boolean, where = 'list indexes with: ip -o link'): void {
  if (ifindex > 0 && known(ifindex)) return;
  throw new LlreachError(
    'NO_SUCH_INDEX',
    `no interface has index ${ifindex}`,
    EXIT.NO_SUCH_INDEX,
    [ifindex === 0 ? 'interface indexes start at 1' : where],
  );
}

/** Copies whole records into a buffer of `bufferBytes`, as the sysctl handler does (E32). */
export function readSysctl(infos: IfLlreachInfo[], bufferBytes: number): SysctlRead {
  const fits = Math.min(infos.length, Math.floor(bufferBytes / IF_LLREACH_INFO_BYTES));
  const bytes = Buffer.concat(infos.slice(0, fits).map(encodeIfLlreachInfo));
  return {bytes, error: fits < infos.length ? 'ENOMEM' : null};
}
