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

  // LIMITATION: an ND message that follows IPv6 extension headers (next header not 58) is not decoded, so it binds nothing; such messages are rare on real links — walking the extension-header chain before this check would fix it.
  if (data[offset + 6] !== IPPROTO_ICMPV6) return;
  const icmpOffset = offset + IPV6_HEADER_BYTES;
  // The payload length bounds the message, so Ethernet padding is never read as options.
  const end = icmpOffset + readU16(data, offset + 4);
  if (icmpOffset >= end || icmpOffset >= data.length) {
    event.malformed = 'ICMPV6_TRUNCATED';
    return;
  }

  if (isNdType(data[icmpOffset])) decodeNd(data, offset, icmpOffset, end, event);
}
