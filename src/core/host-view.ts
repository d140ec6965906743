// The host view: the records the capturing host's own kernel would hold under the XNU rules
// (DESIGN.md "Two views"; spec §2–§4). Frames from our MAC are transmissions; frames to our MAC,
// broadcast or multicast are receptions; unicast frames to other hosts reach no protocol (E15).
import {isMulticastMac} from '../decode/address.js';
import type {LinkEvent} from '../decode/link-event.js';
import {installStatics, receiveArp, refreshIp4, runArpTimers, sendArp, sendIpv4} from './arp-host.js';
import type {HostEnv, HostScope, HostState} from './host-state.js';
import type {InterfaceContext, ModelSettings} from './interface-context.js';
import {ReachabilityModel} from './model.js';
import {receiveNd, refreshIp6, runNdTimers, sendIpv6, sendNeighborSolicit} from './neighbor-cache.js';
import type {HostProfile} from './profiles.js';
import {computeReachableSeconds} from './reachable-time.js';
import {ND_NEIGHBOR_SOLICIT} from '../decode/link-event.js';
import type {Now} from './reachability-tree.js';
import type {SelfConfig} from './self.js';
import type {ViewPolicy} from './view-policy.js';

// LIMITATION: entries the host resolved before the capture started are invisible until an ARP or ND message re-announces them, so sends to them meanwhile set no lastused — seeding the tables from the live neighbour table at start would fix it.
// LIMITATION: one "us" (and one set of --static entries) serves every interface and VLAN context of a capture, so a host view of a capture on "any" or with VLAN sub-interfaces applies one interface's addresses to all — reading each ifindex's addresses would fix it.

/** REACHABLE_TIME of nd6.h in seconds: the base of the interface's ND reachable time. */
const ND_REACHABLE_BASE_SEC = 30;

/** How a frame reached (or left) the host. */
type Direction = 'sent' | 'received' | 'not-for-us';

export class HostView implements ViewPolicy {
  readonly name = 'host';
  readonly env: HostEnv;
  private readonly states = new Map<InterfaceContext, HostState>();
  private lastCtx: InterfaceContext | undefined;
  private lastScope: HostScope | undefined;

  constructor(self: SelfConfig, profile: HostProfile, settings: ModelSettings) {
    this.env = {self, profile, arpBaseSec: settings.arpBaseSec, nd6BaseSec: settings.nd6BaseSec};
  }

  apply(ctx: InterfaceContext, event: LinkEvent, now: Now): void {
    const scope = this.scopeOf(ctx, now);
    if (now.uptimeSec >= scope.st.nextTimerUptimeSec) this.runTimers(scope, now);
    const direction = this.directionOf(event);
    if (direction === 'sent') applySent(scope, event, now);
    else if (direction === 'received') applyReceived(scope, event, now);
  }

  /** At every 300-s sweep: timers that fell due while no frame came. */
  sweep(ctx: InterfaceContext, now: Now): void {
    this.runTimers(this.scopeOf(ctx, now), now);
  }

  /** Brings every context's timers up to `now` (before an export). */
  settle(model: ReachabilityModel): void {
    for (const ctx of model.contextsInOrder()) this.runTimers(this.scopeOf(ctx, model.clock), model.clock);
  }

  /** The host state of a context, made (with the static entries) on first use. */
  scopeOf(ctx: InterfaceContext, now: Now): HostScope {
    if (ctx === this.lastCtx) return this.lastScope!;
    let st = this.states.get(ctx);
    const fresh = !st;
    if (!st) {
      st = newHostState(ctx.settings.random32());
      this.states.set(ctx, st);
    }
    const scope: HostScope = {ctx, st, env: this.env};
    if (fresh) installStatics(scope, now);
    this.lastCtx = ctx;
    this.lastScope = scope;
    return scope;
  }

  private runTimers(scope: HostScope, now: Now): void {
    scope.st.nextTimerUptimeSec = Number.POSITIVE_INFINITY;
    runArpTimers(scope, now);
    runNdTimers(scope, now);
  }

  /**
   * Sent: the capture marked the frame outgoing (SLL/SLL2) or its source is our MAC. Received: to
   * our MAC, to a group address, or an SLL frame not marked for another host (§3.2).
   */
  private directionOf(event: LinkEvent): Direction {
    if (event.outgoing || event.src === this.env.self.mac) return 'sent';
    if (event.dst === -1) return event.toOtherHost ? 'not-for-us' : 'received';
    return event.dst === this.env.self.mac || isMulticastMac(event.dst) ? 'received' : 'not-for-us';
  }
}

function newHostState(random32: number): HostState {
  return {
    arpMeta: new WeakMap(),
    ndMeta: new WeakMap(),
    conflicts: [],
    conflictCount: 0,
    unreachableVerdicts: 0,
    nextTimerUptimeSec: Number.POSITIVE_INFINITY,
    ndReachableSec: computeReachableSeconds(ND_REACHABLE_BASE_SEC, random32),
  };
}

/** A frame that reached protocol input: refresh first (§3.2), then the resolver rules. */
function applyReceived(scope: HostScope, event: LinkEvent, now: Now): void {
  if (event.kind === 'arp') {
    if (event.arp) receiveArp(scope, event.arp, now);
  } else if (event.kind === 'ipv4') {
    refreshIp4(scope, event.src, now);
  } else if (event.kind === 'ipv6') {
    refreshIp6(scope, event.src, now);
    if (event.nd) receiveNd(scope, event.nd, now);
  }
}

/** A frame we sent: never a refresh; lastused, entry creation and probes (§3.3, §4). */
function applySent(scope: HostScope, event: LinkEvent, now: Now): void {
  if (event.kind === 'arp') {
    if (event.arp) sendArp(scope, event.arp, now);
  } else if (event.kind === 'ipv4') {
    sendIpv4(scope, event, now);
  } else if (event.kind === 'ipv6') {
    if (event.nd?.type === ND_NEIGHBOR_SOLICIT) sendNeighborSolicit(scope, event.nd, now);
    sendIpv6(scope, event, now);
  }
}

/** A model running the host view for `self` under `profile` (bases already in `settings`). */
export function createHostModel(settings: ModelSettings, self: SelfConfig, profile: HostProfile) {
  const view = new HostView(self, profile, settings);
  return {model: new ReachabilityModel(settings, view), view};
}
