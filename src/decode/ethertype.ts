// Ethertype dispatch shared by every link type: decides what a frame's network-layer payload is.
import {ip4FromBytes} from './address.js';
import {decodeArp} from './arp.js';
import {decodeIpv6} from './ipv6.js';
import type {LinkEvent} from './link-event.js';

/** IPv4 (RFC 894). */
export const ETHERTYPE_IPV4 = 0x0800;
/** ARP (RFC 826). */
export const ETHERTYPE_ARP = 0x0806;
/** The IPv4 destination address ends 20 bytes into the header (RFC 791). */
const IPV4_DST_END = 20;
/** Reverse ARP (RFC 903): binds nothing, so it is only counted. */
export const ETHERTYPE_RARP = 0x8035;
/** IPv6 (RFC 2464). */
export const ETHERTYPE_IPV6 = 0x86dd;

/**
 * Decodes the payload at `offset` that a link header (Ethernet, SNAP, and later SLL or 802.11)
 * labelled with `ethertype`. The link decoder has already set src, dst and vlan.
 */
export function decodeEthertypePayload(
  data: Buffer,
  offset: number,
  ethertype: number,
  event: LinkEvent,
): void {
  switch (ethertype) {
    case ETHERTYPE_ARP: {
      decodeArp(data, offset, event);
      return;
    }

    case ETHERTYPE_IPV4: {
      // Any IPv4 frame refreshes its source before IP validation (spec §3.2 rule 2).
      event.kind = 'ipv4';
      event.ipDst = offset + IPV4_DST_END <= data.length ? ip4FromBytes(data, offset + IPV4_DST_END - 4) : -1;
      return;
    }

    case ETHERTYPE_IPV6: {
      decodeIpv6(data, offset, event);
      return;
    }

    case ETHERTYPE_RARP: {
      event.skip = 'RARP';
      return;
    }

    default: {
      event.skip = 'ETHERTYPE_OTHER';
    }
  }
}
