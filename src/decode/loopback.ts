// Loopback link types (LINKTYPE_NULL, LINKTYPE_LOOP): no neighbours there, only a count.
import type {LinkEvent} from './link-event.js';

/**
 * A loopback frame never crosses a link, so it can neither bind nor refresh a neighbour: it is
 * counted as skipped without reading its 4-byte address-family header.
 */
export function decodeLoopback(_data: Buffer, event: LinkEvent): void {
  event.skip = 'LOOPBACK';
}
