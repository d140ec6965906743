// Linux cooked captures (LINKTYPE_LINUX_SLL and _SLL2): what the kernel says instead of a header.
import {macFromBytes} from './address.js';
import {readU16} from './bytes.js';
import {decodeLlc} from './ethernet.js';
import {decodeEthertypePayload} from './ethertype.js';
import type {LinkEvent} from './link-event.js';
import {followVlanTags} from './vlan.js';

/** ARPHRD_* device types (linux/if_arp.h): Ethernet carries 6-byte MACs; loopback has no link. */
const ARPHRD_ETHER = 1;
const ARPHRD_LOOPBACK = 772;
/** Packet types (linux/if_packet.h): unicast to another host (promiscuous), and sent by us. */
const PACKET_OTHERHOST = 3;
const PACKET_OUTGOING = 4;
/** Protocol values below this are Linux ETH_P_* pseudo-protocols, not ethertypes. */
const ETHERTYPE_MIN = 0x0600;
/** ETH_P_802_2: the payload is an 802.2 LLC frame (an 802.3 frame with a length field). */
const ETH_P_802_2 = 0x0004;
const ETHER_ADDR_LEN = 6;

/**
 * LINUX_SLL, 16 bytes:
 *
 *   packet type (2) | ARPHRD (2) | address length (2) | address (8) | protocol (2) | payload
 */
const SLL_HEADER_BYTES = 16;
const SLL_PROTOCOL_OFFSET = 14;

/**
 * LINUX_SLL2, 20 bytes:
 *
 *   protocol (2) | reserved (2) | ifindex (4) | ARPHRD (2) | packet type (1) | address length (1)
 *   | address (8) | payload
 */
const SLL2_HEADER_BYTES = 20;

/**
 * The address is the frame's link-layer source (for sent frames too, it is ours), and there is
 * no destination: `dst` stays -1 and the packet type stands in for it (toOtherHost).
 */
export function decodeSll(data: Buffer, event: LinkEvent): void {
  if (data.length < SLL_HEADER_BYTES) {
    event.malformed = 'SLL_TRUNCATED';
    return;
  }

  const arphrd = readU16(data, 2);
  setDirection(readU16(data, 0), event);
  if (arphrd === ARPHRD_LOOPBACK) {
    event.skip = 'LOOPBACK';
    return;
  }

  if (arphrd === ARPHRD_ETHER && readU16(data, 4) === ETHER_ADDR_LEN) {
    event.src = macFromBytes(data, 6);
  }

  // libpcap puts a VLAN tag the kernel had stripped back in place of the protocol field, so the
  // protocol and the payload read like an Ethernet type field and what follows it.
  const typeOffset = followVlanTags(data, SLL_PROTOCOL_OFFSET, event);
  if (typeOffset < 0) {
    event.malformed = 'SLL_TRUNCATED';
    return;
  }

  decodeCookedPayload(data, typeOffset + 2, readU16(data, typeOffset), event);
}

// LIMITATION: libpcap writes no VLAN tag into SLL2 frames, so a tagged frame seen on a trunk interface's ifindex counts for that interface's untagged link — reading the tag from PACKET_AUXDATA at capture time would fix it (the VLAN interface's own copy of the frame is attributed correctly).
/** As decodeSll, plus the interface index that attributes a frame of an "any" capture. */
export function decodeSll2(data: Buffer, event: LinkEvent): void {
  if (data.length < SLL2_HEADER_BYTES) {
    event.malformed = 'SLL2_TRUNCATED';
    return;
  }

  event.ifindex = data.readUInt32BE(4);
  setDirection(data[10], event);
  const arphrd = readU16(data, 8);
  if (arphrd === ARPHRD_LOOPBACK) {
    event.skip = 'LOOPBACK';
    return;
  }

  if (arphrd === ARPHRD_ETHER && data[11] === ETHER_ADDR_LEN) event.src = macFromBytes(data, 12);
  decodeCookedPayload(data, SLL2_HEADER_BYTES, readU16(data, 0), event);
}

function setDirection(packetType: number, event: LinkEvent): void {
  event.outgoing = packetType === PACKET_OUTGOING;
  event.toOtherHost = packetType === PACKET_OTHERHOST;
}

/** The protocol field is an ethertype, or (below 0x0600) a Linux pseudo-protocol. */
function decodeCookedPayload(
  data: Buffer,
  offset: number,
  protocol: number,
  event: LinkEvent,
): void {
  if (protocol >= ETHERTYPE_MIN) decodeEthertypePayload(data, offset, protocol, event);
  else if (protocol === ETH_P_802_2) decodeLlc(data, offset, event);
  else event.skip = 'SLL_PROTOCOL_OTHER';
}
