// The whole reachability model of one capture: the clock, one context per interface/VLAN, counters.
import type {Frame, SourceInterface} from '../capture/frame.js';
import type {LinkEvent} from '../decode/link-event.js';
import {FrameClock, isPlausibleTime} from './clock.js';
import {InterfaceContext, type ModelSettings, type ResolverMove} from './interface-context.js';
import {printable} from './printable.js';
import {isStationMac, segmentView} from './segment-view.js';
import {applySignal} from './signal.js';
import type {ViewPolicy} from './view-policy.js';

/** net.link.ether.inet.prune_intvl: how often expired resolver entries are swept. */
export const SWEEP_INTERVAL_SEC = 300;

/** VLAN contexts per interface: every 802.1Q id once, plus room for stacked tags in use. */
export const MAX_VLAN_CONTEXTS = 4096;

/** Interfaces named by OS index get ids above any a capture file can number. */
const OS_INTERFACE_ID_BASE = 2 ** 32;

/** An address move with the exact time of the frame that made it. */
export interface TimedMove extends ResolverMove {
  timeSec: number;
}

/** Frame counts of one run, by outcome and reason. */
export interface FrameCounters {
  frames: number;
  skipped: number;
  malformed: number;
  skipReasons: Map<string, number>;
  malformedReasons: Map<string, number>;
}

export class ReachabilityModel {
  readonly clock = new FrameClock();
  readonly counters: FrameCounters = {
    frames: 0,
    skipped: 0,
    malformed: 0,
    skipReasons: new Map(),
    malformedReasons: new Map(),
  };

  private readonly interfaces = new Map<number, SourceInterface>();
  private readonly contexts = new Map<number, Map<string, InterfaceContext>>();
  private nextSweepUptimeSec = SWEEP_INTERVAL_SEC;

  /** The policy that decides which events become entries (DESIGN.md "Two views"). */
  readonly view: ViewPolicy;
  /** Told of every address move as the frame that makes it is applied, with that frame's time. */
  onMove: ((move: TimedMove) => void) | undefined;
  /** The exact time (seconds, with the fraction) of the frame being applied. */
  private frameTimeSec = 0;

  /** The settings every context shares, with the move hook pointed at onMove. */
  readonly settings: ModelSettings;

  constructor(
    settings: ModelSettings,
    view: ViewPolicy = segmentView,
    /** Names OS interface indexes (live capture on "any"); files leave them unnamed. */
    private readonly nameForIfindex: (ifindex: number) => string | undefined = () => undefined,
  ) {
    this.view = view;
    this.settings = {...settings, onMove: (move) => this.onMove?.({...move, timeSec: this.frameTimeSec})};
  }

  /**
   * Makes an interface known, so frames on it can be attributed by name (made printable: file
   * names are untrusted). A reopened live interface may come back with another index; its
   * contexts hold the known object, so that is updated in place.
   */
  addInterface(iface: SourceInterface): void {
    const shown = {...iface, name: printable(iface.name)};
    const known = this.interfaces.get(iface.id);
    if (known) Object.assign(known, shown);
    else this.interfaces.set(iface.id, shown);
  }

  /** Feeds one frame and its decoded facts into the model. */
  ingest(frame: Frame, event: LinkEvent): void {
    if (!isPlausibleTime(frame.tsSec)) {
      this.countMalformed('TIMESTAMP_OUT_OF_RANGE');
      return;
    }
    this.frameTimeSec = frame.tsSec + frame.tsNsec / 1e9;
    this.clock.advanceTo(frame.tsSec);
    this.countFrame(event);
    const ctx = event.kind === 'other' ? undefined : this.contextFor(this.interfaceIdOf(frame, event), event.vlan);
    if (ctx) {
      ctx.frames += 1;
      this.view.apply(ctx, event, this.clock);
      if (event.rssi !== null) applySignal(ctx, event);
      if (event.outgoing && isStationMac(event.src)) ctx.localMacs.add(event.src);
    }
    if (this.clock.uptimeSec >= this.nextSweepUptimeSec) this.sweep();
  }

  /** Moves the clock without a frame (live capture idle time), running due sweeps. */
  advanceTo(calendarSec: number): void {
    if (!isPlausibleTime(calendarSec)) return;
    this.clock.advanceTo(calendarSec);
    if (this.clock.uptimeSec >= this.nextSweepUptimeSec) this.sweep();
  }

  /** Every context, ordered by interface id then VLAN. */
  contextsInOrder(): InterfaceContext[] {
    const ids = [...this.contexts.keys()].sort((a, b) => a - b);
    return ids.flatMap((id) => {
      const byVlan = this.contexts.get(id)!;
      return [...byVlan.keys()].sort(compareVlans).map((vlan) => byVlan.get(vlan)!);
    });
  }

  private countFrame(event: LinkEvent): void {
    const counters = this.counters;
    if (event.malformed !== null) {
      this.countMalformed(event.malformed);
      return;
    }
    counters.frames += 1;
    if (event.skip !== null || event.kind === 'other') {
      counters.skipped += 1;
      bump(counters.skipReasons, event.skip ?? 'OTHER');
    }
  }

  private countMalformed(reason: string): void {
    this.counters.frames += 1;
    this.counters.malformed += 1;
    bump(this.counters.malformedReasons, reason);
  }

  /**
   * Frames of a capture on Linux "any" (LINUX_SLL2) name their interface by index: each index
   * is its own interface, as in the kernel, not the capture's pseudo-interface.
   */
  private interfaceIdOf(frame: Frame, event: LinkEvent): number {
    if (event.ifindex === null) return frame.interfaceId;
    const id = OS_INTERFACE_ID_BASE + event.ifindex;
    if (!this.interfaces.has(id)) {
      const name = this.nameForIfindex(event.ifindex) ?? `ifindex${event.ifindex}`;
      this.interfaces.set(id, {id, name, linkType: frame.linkType, ifindex: event.ifindex});
    }
    return id;
  }

  /**
   * The context of an interface and VLAN, made on first use. Frames with random VLAN tags could
   * otherwise make contexts without bound: past MAX_VLAN_CONTEXTS their frames are skipped.
   */
  private contextFor(interfaceId: number, vlan: string): InterfaceContext | undefined {
    let byVlan = this.contexts.get(interfaceId);
    if (!byVlan) {
      byVlan = new Map();
      this.contexts.set(interfaceId, byVlan);
    }
    let ctx = byVlan.get(vlan);
    if (!ctx) {
      if (byVlan.size >= MAX_VLAN_CONTEXTS) return this.refuseContext();
      ctx = new InterfaceContext(this.interfaceById(interfaceId), vlan, this.settings);
      byVlan.set(vlan, ctx);
    }
    return ctx;
  }

  private refuseContext(): undefined {
    this.counters.skipped += 1;
    bump(this.counters.skipReasons, 'VLAN_CONTEXT_LIMIT');
    return undefined;
  }

  private interfaceById(id: number): SourceInterface {
    return this.interfaces.get(id) ?? {id, name: `if${id}`, linkType: -1};
  }

  private sweep(): void {
    const now = this.clock.uptimeSec;
    for (const byVlan of this.contexts.values()) {
      for (const ctx of byVlan.values()) {
        ctx.sweepExpired(now);
        this.view.sweep?.(ctx, this.clock);
      }
    }
    // The next multiple of the interval after now, computed rather than stepped to: a damaged
    // timestamp can jump the clock by 10^12 seconds, and stepping took minutes (found by fuzzing).
    this.nextSweepUptimeSec = (Math.floor(now / SWEEP_INTERVAL_SEC) + 1) * SWEEP_INTERVAL_SEC;
  }
}

function bump(counts: Map<string, number>, reason: string): void {
  counts.set(reason, (counts.get(reason) ?? 0) + 1);
}

/** Untagged first, then VLAN ids numerically, outer tag first. */
function compareVlans(a: string, b: string): number {
  const left = a === '' ? [] : a.split('/').map(Number);
  const right = b === '' ? [] : b.split('/').map(Number);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    if (left[i] !== right[i]) return left[i] - right[i];
  }
  return left.length - right.length;
}
