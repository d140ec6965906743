// IP over InfiniBand (LINKTYPE_IPOIB, RFC 4391 §6): 20-byte hardware addresses, so no MACs.
import {readU16} from './bytes.js';
import {decodeEthertypePayload} from './ethertype.js';
import type {LinkEvent} from './link-event.js';

/**
 * Linux prefixes the RFC 4391 4-byte header with a 40-byte pseudo-header (the GRH, or 20 zero
 * bytes and the 20-byte destination address), as tcpdump and Wireshark read this link type:
 *
 *   pseudo-header (40) | type (2) | reserved (2) | payload
 */
const IPOIB_PSEUDO_HEADER_BYTES = 40;
const IPOIB_HEADER_BYTES = IPOIB_PSEUDO_HEADER_BYTES + 4;

/**
 * Decodes an IPoIB frame. Its addresses are 20-byte InfiniBand addresses, not MACs, so src and
 * dst stay -1; its ARP uses them too and is skipped as 'ARP_NOT_ETHERNET' by decodeArp.
 */
export function decodeIpoib(data: Buffer, event: LinkEvent): void {
  if (data.length < IPOIB_HEADER_BYTES) {
    event.malformed = 'IPOIB_TRUNCATED';
    return;
  }

  const ethertype = readU16(data, IPOIB_PSEUDO_HEADER_BYTES);
  decodeEthertypePayload(data, IPOIB_HEADER_BYTES, ethertype, event);
}
