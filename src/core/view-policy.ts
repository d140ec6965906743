// A view decides which decoded events become resolver entries, receptions and transmissions;
// the tree, resolver tables and timers are shared (DESIGN.md "Two views of one capture").
import type {LinkEvent} from '../decode/link-event.js';
import type {InterfaceContext} from './interface-context.js';
import type {Now} from './reachability-tree.js';

export interface ViewPolicy {
  /** Shown in every output ('segment' or 'host'). */
  readonly name: string;
  /** Applies one frame's facts to its context; the clock has already moved to the frame. */
  apply(ctx: InterfaceContext, event: LinkEvent, now: Now): void;
  /** Extra timer work at each periodic sweep (every 300 s of uptime), after entry expiry. */
  sweep?(ctx: InterfaceContext, now: Now): void;
}
