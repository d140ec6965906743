// A host-view model with a fixed "us" and pinned randomness, so host tests read as scenarios.
import {createHostModel} from '../../src/core/host-view.js';
import type {ModelSettings} from '../../src/core/interface-context.js';
import {XNU_2050, type HostProfile} from '../../src/core/profiles.js';
import {makeSelf, type SelfConfig} from '../../src/core/self.js';
import type {LinkEvent} from '../../src/decode/link-event.js';
import {frameAt, ip4, ip6, mac} from '../helpers/events.js';

export const US = mac('02:00:00:00:00:01');
export const PEER = mac('02:00:00:00:00:02');
export const PEER2 = mac('02:00:00:00:00:03');
export const OTHER = mac('02:00:00:00:00:04');
export const US4 = ip4('198.51.100.1');
export const PEER4 = ip4('198.51.100.2');
export const PEER4B = ip4('198.51.100.3');
export const OFFLINK4 = ip4('203.0.113.9');
export const US6 = ip6('2001:db8::1');
export const US6LL = ip6('fe80::1');
export const PEER6 = ip6('2001:db8::2');
export const PEER6LL = ip6('fe80::2');

/** Frames at calendar T0 + n: uptime is n + 1. */
export const T0 = 1_700_000_000;

export interface HostOptions {
  profile?: HostProfile;
  arpBaseSec?: number;
  nd6BaseSec?: number;
  router?: boolean;
  statics?: string[];
  addresses?: string[];
  /** The random word for every draw; 0 gives the smallest reachable time (14 s at base 30). */
  random?: number;
}

export function hostModel(options: HostOptions = {}) {
  const profile = options.profile ?? XNU_2050;
  const addresses = options.addresses ?? ['198.51.100.1/24', '2001:db8::1/64', 'fe80::1/64'];
  const self = makeSelf(US, addresses, options.router ?? false, options.statics) as SelfConfig;
  const settings: ModelSettings = {
    arpBaseSec: options.arpBaseSec ?? profile.arpBaseSec,
    nd6BaseSec: options.nd6BaseSec ?? profile.nd6BaseSec,
    random32: () => options.random ?? 0,
  };
  const {model, view} = createHostModel(settings, self, profile);
  const feed = (atSec: number, event: LinkEvent) => model.ingest(frameAt(T0 + atSec), event);
  const ctx = () => model.contextsInOrder()[0];
  return {model, view, feed, ctx};
}

/** Marks an event as sent by us toward `dst` (a unicast data frame with an IP destination). */
export function sent(event: LinkEvent, dst: number, ipDst: number | string | null = null): LinkEvent {
  return {...event, src: US, dst, ipDst};
}
