// The ARP reachability verdicts of spec §3.4: (a) heard from within lr_reachable, (b) for records
// shared by several addresses also used within lr_reachable, with the priming rule.
import type {Ip4} from '../decode/link-event.js';
import type {Now} from './reachability-tree.js';
import type {ResolverEntry} from './resolver.js';

/** Why the verdict came out as it did, in the order arp_llreach_reachable tests (§3.4 steps 1–5). */
export type VerdictReason = 'base-zero' | 'no-record' | 'not-heard' | 'single-address' | 'used-recently' | 'not-used';

export interface Verdict {
  reachable: boolean;
  reason: VerdictReason;
  /** Verdict (a); null when not evaluated (base 0 or no record). */
  heard: boolean | null;
  /** Verdict (b); null when not evaluated (one address on the record, or (a) failed). */
  used: boolean | null;
}

/** (a): lastrcvd + reachable ≥ now, inclusive (E7). */
export function isHeardWithin(lastrcvd: number, reachable: number, nowUptimeSec: number): boolean {
  return lastrcvd + reachable >= nowUptimeSec;
}

/** (b): now − lastused < reachable, strict, as unsigned arithmetic: a future lastused fails (E8). */
export function isUsedWithin(lastused: number, reachable: number, nowUptimeSec: number): boolean {
  if (lastused > nowUptimeSec) return false;
  return nowUptimeSec - lastused < reachable;
}

/**
 * arp_llreach_reachable for one ARP entry. With `prime` the kernel's priming writes lastused := now
 * when it is 0 on a shared record (§3.4 step 5, E9); without it (display) the same value is only
 * assumed, so printing never changes the model.
 */
export function arpVerdict(entry: ResolverEntry<Ip4>, arpBaseSec: number, now: Now, prime: boolean): Verdict {
  if (arpBaseSec === 0) return {reachable: true, reason: 'base-zero', heard: null, used: null};
  const record = entry.record;
  if (!record) return {reachable: true, reason: 'no-record', heard: null, used: null};
  if (!isHeardWithin(record.lastrcvd, record.reachable, now.uptimeSec)) {
    return {reachable: false, reason: 'not-heard', heard: false, used: null};
  }
  if (record.reqcnt === 1) return {reachable: true, reason: 'single-address', heard: true, used: null};
  let lastused = entry.lastused;
  if (lastused === 0) {
    lastused = now.uptimeSec;
    if (prime) entry.lastused = lastused;
  }
  const used = isUsedWithin(lastused, record.reachable, now.uptimeSec);
  return {reachable: used, reason: used ? 'used-recently' : 'not-used', heard: true, used};
}
