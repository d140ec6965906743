// IPv6 (RFC 8200) as far as llreach needs it: the fixed header, then ICMPv6 Neighbor Discovery.
import {ip6FromBytes} from './address.js';
import {readU16} from './bytes.js';
import type {LinkEvent} from './link-event.js';
import {decodeNd, isNdType} from './nd.js';

const IPV6_HEADER_BYTES = 40;
const IPV6_VERSION = 6;
/** Offset of the destination address inside the header. */
const IPV6_DST = 24;
/** Next-header value of ICMPv6 (RFC 4443). */
const IPPROTO_ICMPV6 = 58;
/** Extension headers an ND message may follow (RFC 8200 §4): hop-by-hop, routing, destination options. */
const CHAINED_HEADERS = new Set([0, 43, 60]);
/** Every extension header is at least this long, its length field counting further 8-byte units. */
const EXTENSION_UNIT_BYTES = 8;

/**
 * Decodes the IPv6 packet at `offset`. The frame is an IPv6 frame whatever follows, because any
 * IPv6 frame refreshes its link-layer source (spec §3.2 rule 4); only ND is looked into.
 *
 *   version/class/flow (4) | payload length (2) | next header | hop limit | src (16) | dst (16)
 */
export function decodeIpv6(data: Buffer, offset: number, event: LinkEvent): void {
  event.kind = 'ipv6';
  if (offset + IPV6_HEADER_BYTES > data.length) {
    event.malformed = 'IPV6_TRUNCATED';
    return;
  }

  if (data[offset] >>> 4 !== IPV6_VERSION) {
    event.skip = 'IPV6_VERSION';
    return;
  }
  event.ipDst = ip6FromBytes(data, offset + IPV6_DST);

  // The payload length bounds the packet, so Ethernet padding is never read as options.
  const end = offset + IPV6_HEADER_BYTES + readU16(data, offset + 4);
  const upper = skipExtensionHeaders(data, offset, end, event);
  if (upper?.protocol !== IPPROTO_ICMPV6) return;
  const icmpOffset = upper.offset;
  if (icmpOffset >= end || icmpOffset >= data.length) {
    event.malformed = 'ICMPV6_TRUNCATED';
    return;
  }

  if (isNdType(data[icmpOffset])) decodeNd(data, offset, icmpOffset, end, event);
}

/**
 * Walks hop-by-hop, routing and destination-options headers to the upper-layer protocol. Returns
 * it with its offset, or undefined after a fragment header (RFC 6980: ND is never fragmented, and
 * a later fragment has no upper-layer header) or a cut chain (then `event.malformed` is set).
 */
function skipExtensionHeaders(data: Buffer, offset: number, end: number, event: LinkEvent) {
  let protocol = data[offset + 6];
  let at = offset + IPV6_HEADER_BYTES;
  while (CHAINED_HEADERS.has(protocol)) {
    if (at + 2 > Math.min(end, data.length)) {
      event.malformed = 'IPV6_EXTENSION_TRUNCATED';
      return undefined;
    }
    protocol = data[at];
    at += (data[at + 1] + 1) * EXTENSION_UNIT_BYTES;
  }
  return {protocol, offset: at};
}
