// What the host view keeps beside the shared resolver tables: per-entry kernel fields the segment
// view has no use for (la_asked, ND state, static flags) and per-context events and timers.
import type {Ip4, Ip6, Mac} from '../decode/link-event.js';
import type {InterfaceContext} from './interface-context.js';
import type {HostProfile} from './profiles.js';
import type {ResolverEntry} from './resolver.js';
import type {SelfConfig} from './self.js';

/** RFC 4861 §7.3.2 neighbor states as nd6.h numbers them (ND6_LLINFO_*). */
export type NdState = 'INCOMPLETE' | 'REACHABLE' | 'STALE' | 'DELAY' | 'PROBE';

/** Kernel fields of an ARP entry (llinfo_arp, rt_expire flags). */
export interface ArpMeta {
  /** Static `arp -s` entry: rt_expire = 0, never a record, moves ignored (§2.2 steps 10, 12). */
  permanent: boolean;
  /** la_asked: broadcast requests in the current resolution attempt. */
  asked: number;
  /** xnu-3789+: uptime second the unicast-probe deadline passes; 0 when not probing (§4.2). */
  probeDeadline: number;
}

/** Kernel fields of a neighbor entry (llinfo_nd6). */
export interface NdMeta {
  state: NdState;
  /** Uptime second the state's timer fires (ln_expire / ln_ntick on the frame clock). */
  timerUptimeSec: number;
  /** Solicitations the state machine has sent in INCOMPLETE or PROBE (drives deletion). */
  tries: number;
  /** ln_asked as `ndp -l` prints it: solicitations we were seen sending since the last answer. */
  asked: number;
  /** The neighbor said it is a router (NA R flag) or sent an RA. */
  router: boolean;
}

/** A sender claiming one of our addresses (§2.2 step 6, ND DAD conflicts). */
export interface ConflictEvent {
  address: Ip4 | Ip6;
  mac: Mac;
  atUptimeSec: number;
}

/** The most conflict events kept per context (the count goes on). */
export const MAX_CONFLICTS_LISTED = 100;

/** Host-view state of one interface context. */
export interface HostState {
  readonly arpMeta: WeakMap<ResolverEntry<Ip4>, ArpMeta>;
  readonly ndMeta: WeakMap<ResolverEntry<Ip6>, NdMeta>;
  conflicts: ConflictEvent[];
  conflictCount: number;
  /** Times a transmission met an "unreachable" ARP verdict (§3.4). */
  unreachableVerdicts: number;
  /** Earliest uptime second at which some entry timer is due; checked on every frame. */
  nextTimerUptimeSec: number;
  /** The interface's ND reachable time (ndi->reachable), drawn once like ND_COMPUTE_RTIME. */
  readonly ndReachableSec: number;
}

/** What every host rule needs: "us", the profile, the bases in force. */
export interface HostEnv {
  readonly self: SelfConfig;
  readonly profile: HostProfile;
  readonly arpBaseSec: number;
  readonly nd6BaseSec: number;
}

/** A context with its host state, as the rule modules take it. */
export interface HostScope {
  readonly ctx: InterfaceContext;
  readonly st: HostState;
  readonly env: HostEnv;
}

/** Brings the context's next-timer mark forward to `uptimeSec` if that is sooner. */
export function scheduleTimer(st: HostState, uptimeSec: number): void {
  if (uptimeSec < st.nextTimerUptimeSec) st.nextTimerUptimeSec = uptimeSec;
}

export function noteConflict(st: HostState, address: Ip4 | Ip6, mac: Mac, atUptimeSec: number): void {
  st.conflictCount += 1;
  if (st.conflicts.length < MAX_CONFLICTS_LISTED) st.conflicts.push({address, mac, atUptimeSec});
}
