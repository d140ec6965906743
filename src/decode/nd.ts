// ICMPv6 Neighbor Discovery (RFC 4861): the validity checks of §6.1, §7.1, §8.1 and the options.
import {ip6FromBytes, macFromBytes} from './address.js';
import {equalBytes16, readU16} from './bytes.js';
import {
  type LinkEvent,
  ND_NEIGHBOR_ADVERT,
  ND_NEIGHBOR_SOLICIT,
  ND_REDIRECT,
  ND_ROUTER_ADVERT,
  ND_ROUTER_SOLICIT,
  type NdMessage,
} from './link-event.js';

/** Bytes before the options, indexed by type - ND_ROUTER_SOLICIT (RFC 4861 §4.1–§4.5). */
const ND_FIXED_BYTES = [8, 16, 24, 24, 40];
/** Link-layer address options (RFC 4861 §4.6.1). */
const ND_OPT_SOURCE_LINKADDR = 1;
const ND_OPT_TARGET_LINKADDR = 2;
/** An option with a 6-byte MAC is 8 bytes long (length field 1); other sizes are not Ethernet's. */
const ND_OPT_LINKADDR_ETHER_BYTES = 8;
/** Hop limit every ND message must arrive with, proving it was not forwarded (RFC 4861 §3.1). */
const ND_HOP_LIMIT = 255;
/** NA flags (RFC 4861 §4.4). */
const NA_FLAG_ROUTER = 0x80;
const NA_FLAG_SOLICITED = 0x40;
const NA_FLAG_OVERRIDE = 0x20;
/** RA default router preference bits (RFC 4191 §2.2), and what each of the four values means. */
const RA_PREFERENCE_SHIFT = 3;
const RA_PREFERENCE_BY_BITS = [0, 1, 0, -1];

/** Offsets of the source and destination address inside the IPv6 header. */
const IP6_SRC = 8;
const IP6_DST = 24;
/** The next-header value the ICMPv6 pseudo-header carries (RFC 8200 §8.1). */
const IPPROTO_ICMPV6 = 58;

export function isNdType(type: number): boolean {
  return type >= ND_ROUTER_SOLICIT && type <= ND_REDIRECT;
}

/**
 * Decodes the ND message at `icmpOffset` (its type already checked by isNdType) that the IPv6
 * payload length ends at `end`, which may lie past the captured bytes. A valid message sets
 * `event.nd`; an invalid one sets `skip`, a cut one `malformed`.
 */
export function decodeNd(
  data: Buffer,
  ipOffset: number,
  icmpOffset: number,
  end: number,
  event: LinkEvent,
): void {
  const type = data[icmpOffset];
  const fixedBytes = ND_FIXED_BYTES[type - ND_ROUTER_SOLICIT];
  if (Math.min(end, data.length) - icmpOffset < fixedBytes) {
    event.malformed = 'ND_TRUNCATED';
    return;
  }

  // The kernel drops a message whose checksum is wrong before looking at it (RFC 4443 §2.3). A
  // message cut by the snaplen cannot be summed; the option walk below then calls it truncated.
  if (end <= data.length && !isChecksumValid(data, ipOffset, icmpOffset, end)) {
    event.malformed = 'ICMPV6_BAD_CHECKSUM';
    return;
  }

  const invalid = findInvalidHeader(data, ipOffset, icmpOffset, type);
  if (invalid !== null) {
    event.skip = invalid;
    return;
  }

  const nd = createNdMessage(data, ipOffset, icmpOffset, type);
  const badOption = readOptions(data, icmpOffset + fixedBytes, end, nd);
  if (badOption !== null) {
    event.malformed = badOption;
    return;
  }

  // §6.1.1, §7.1.1: a sender without an address (DAD, early RS) must not claim a link address.
  if (nd.sllao !== null && isUnspecified(data, ipOffset + IP6_SRC)) {
    event.skip = 'ND_INVALID_UNSPECIFIED_SLLAO';
    return;
  }

  event.nd = nd;
}

/**
 * The ICMPv6 checksum (RFC 4443 §2.3): the one's complement sum of the pseudo-header (source,
 * destination, upper-layer length, next header 58) and the whole message, checksum included,
 * is all ones when the message is intact.
 */
export function isChecksumValid(data: Buffer, ipOffset: number, icmpOffset: number, end: number): boolean {
  const length = end - icmpOffset;
  let sum = (length >>> 16) + (length & 0xffff) + IPPROTO_ICMPV6;
  for (let at = ipOffset + IP6_SRC; at < ipOffset + IP6_DST + 16; at += 2) sum += readU16(data, at);
  for (let at = icmpOffset; at + 1 < end; at += 2) sum += readU16(data, at);
  if (length % 2 === 1) sum += data[end - 1] << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return sum === 0xffff;
}

/** The first RFC 4861 validity rule the fixed part breaks, as a skip code, or null. */
function findInvalidHeader(
  data: Buffer,
  ipOffset: number,
  icmpOffset: number,
  type: number,
): string | null {
  if (data[ipOffset + 7] !== ND_HOP_LIMIT) return 'ND_INVALID_HOP_LIMIT';
  if (data[icmpOffset + 1] !== 0) return 'ND_INVALID_CODE';
  switch (type) {
    case ND_ROUTER_ADVERT: {
      return isLinkLocal(data, ipOffset + IP6_SRC) ? null : 'ND_INVALID_SOURCE';
    }

    case ND_NEIGHBOR_SOLICIT: {
      return findInvalidNs(data, ipOffset, icmpOffset);
    }

    case ND_NEIGHBOR_ADVERT: {
      return findInvalidNa(data, ipOffset, icmpOffset);
    }

    case ND_REDIRECT: {
      return findInvalidRedirect(data, ipOffset, icmpOffset);
    }

    default: {
      return null;
    }
  }
}

/** §7.1.1: unicast target; a DAD probe (source ::) goes to a solicited-node group. */
function findInvalidNs(data: Buffer, ipOffset: number, icmpOffset: number): string | null {
  if (isMulticast(data, icmpOffset + 8)) return 'ND_INVALID_TARGET_MULTICAST';
  if (
    isUnspecified(data, ipOffset + IP6_SRC) &&
    !isSolicitedNodeMulticast(data, ipOffset + IP6_DST)
  ) {
    return 'ND_INVALID_DAD_DESTINATION';
  }

  return null;
}

/** §7.1.2: unicast target; an answer to a solicitation is never multicast. */
function findInvalidNa(data: Buffer, ipOffset: number, icmpOffset: number): string | null {
  if (isMulticast(data, icmpOffset + 8)) return 'ND_INVALID_TARGET_MULTICAST';
  const solicited = (data[icmpOffset + 4] & NA_FLAG_SOLICITED) !== 0;
  if (solicited && isMulticast(data, ipOffset + IP6_DST)) return 'ND_INVALID_SOLICITED_MULTICAST';
  return null;
}

/**
 * §8.1: link-local source, unicast destination field, and a target that is link-local (a better
 * router) or equal to the destination (the destination is on-link).
 *
 *   type, code, checksum (4) | reserved (4) | target (16) | destination (16) | options
 */
function findInvalidRedirect(data: Buffer, ipOffset: number, icmpOffset: number): string | null {
  if (!isLinkLocal(data, ipOffset + IP6_SRC)) return 'ND_INVALID_SOURCE';
  if (isMulticast(data, icmpOffset + 24)) return 'ND_INVALID_DESTINATION_MULTICAST';
  if (!isLinkLocal(data, icmpOffset + 8) && !equalBytes16(data, icmpOffset + 8, icmpOffset + 24)) {
    return 'ND_INVALID_REDIRECT_TARGET';
  }

  return null;
}

/** The message's fixed fields; options are filled in by readOptions. */
function createNdMessage(
  data: Buffer,
  ipOffset: number,
  icmpOffset: number,
  type: number,
): NdMessage {
  const hasTarget =
    type === ND_NEIGHBOR_SOLICIT || type === ND_NEIGHBOR_ADVERT || type === ND_REDIRECT;
  const naFlags = type === ND_NEIGHBOR_ADVERT ? data[icmpOffset + 4] : 0;
  const isRa = type === ND_ROUTER_ADVERT;
  return {
    type,
    src: ip6FromBytes(data, ipOffset + IP6_SRC),
    dst: ip6FromBytes(data, ipOffset + IP6_DST),
    target: hasTarget ? ip6FromBytes(data, icmpOffset + 8) : null,
    sllao: null,
    tllao: null,
    router: (naFlags & NA_FLAG_ROUTER) !== 0,
    solicited: (naFlags & NA_FLAG_SOLICITED) !== 0,
    override: (naFlags & NA_FLAG_OVERRIDE) !== 0,
    routerLifetime: isRa ? readU16(data, icmpOffset + 6) : 0,
    routerPreference: isRa
      ? RA_PREFERENCE_BY_BITS[(data[icmpOffset + 5] >>> RA_PREFERENCE_SHIFT) & 3]
      : 0,
  };
}

/**
 * Walks the options from `offset` to `end` (§4.6: type (1) | length in 8-byte units (1) | ...),
 * keeping the first usable link-layer address option. Returns a malformed code or null. An option
 * past the payload or past the captured bytes is truncated: a cut capture may have lost an SLLAO.
 * Unknown options (nonce, prefix, MTU, redirected header) are skipped by their length.
 */
function readOptions(data: Buffer, offset: number, end: number, nd: NdMessage): string | null {
  const readableEnd = Math.min(end, data.length);
  let at = offset;
  while (at < end) {
    if (at + 2 > readableEnd) return 'ND_OPTION_TRUNCATED';
    const optionBytes = data[at + 1] * 8;
    // §6.1.1/§7.1.x: a zero length would loop forever, so the whole message is discarded.
    if (optionBytes === 0) return 'ND_OPTION_LEN_ZERO';
    if (at + optionBytes > readableEnd) return 'ND_OPTION_TRUNCATED';
    if (optionBytes === ND_OPT_LINKADDR_ETHER_BYTES) useLinkLayerOption(data, at, nd);
    at += optionBytes;
  }

  return null;
}

/** SLLAO counts only in RS, RA and NS, TLLAO only in NA and Redirect (§4.1–§4.5). */
function useLinkLayerOption(data: Buffer, at: number, nd: NdMessage): void {
  const optionType = data[at];
  if (optionType === ND_OPT_SOURCE_LINKADDR && nd.sllao === null && carriesSllao(nd.type)) {
    nd.sllao = macFromBytes(data, at + 2);
  } else if (optionType === ND_OPT_TARGET_LINKADDR && nd.tllao === null && carriesTllao(nd.type)) {
    nd.tllao = macFromBytes(data, at + 2);
  }
}

function carriesSllao(type: number): boolean {
  return type === ND_ROUTER_SOLICIT || type === ND_ROUTER_ADVERT || type === ND_NEIGHBOR_SOLICIT;
}

function carriesTllao(type: number): boolean {
  return type === ND_NEIGHBOR_ADVERT || type === ND_REDIRECT;
}

/** fe80::/10. */
function isLinkLocal(data: Buffer, offset: number): boolean {
  return data[offset] === 0xfe && (data[offset + 1] & 0xc0) === 0x80;
}

/** ff00::/8. */
function isMulticast(data: Buffer, offset: number): boolean {
  return data[offset] === 0xff;
}

/** ::. */
function isUnspecified(data: Buffer, offset: number): boolean {
  for (let i = 0; i < 16; i++) {
    if (data[offset + i] !== 0) return false;
  }

  return true;
}

/** ff02::1:ff00:0/104 (RFC 4291 §2.7.1). */
function isSolicitedNodeMulticast(data: Buffer, offset: number): boolean {
  if (data[offset] !== 0xff || data[offset + 1] !== 0x02) return false;
  for (let i = 2; i < 11; i++) {
    if (data[offset + i] !== 0) return false;
  }

  return data[offset + 11] === 0x01 && data[offset + 12] === 0xff;
}
