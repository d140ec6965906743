// Ethernet II and IEEE 802.3 + LLC/SNAP framing (LINKTYPE_ETHERNET), VLAN tags at any depth.
import {macFromBytes} from './address.js';
import {readU16} from './bytes.js';
import {decodeEthertypePayload} from './ethertype.js';
import type {LinkEvent} from './link-event.js';
import {followVlanTags} from './vlan.js';

/** A type-or-length field up to this value is an 802.3 length (IEEE 802.3 §3.2.6). */
const ETHER_MAX_LENGTH = 1500;
/** Destination and source MAC. */
const ETHER_ADDRS_BYTES = 12;

/** LLC header of a SNAP frame (RFC 1042): DSAP 0xAA, SSAP 0xAA, control 0x03 (UI). */
const LLC_SAP_SNAP = 0xaa;
const LLC_CONTROL_UI = 0x03;
/** LLC (3) + OUI (3) + ethertype (2). */
const LLC_SNAP_BYTES = 8;

/**
 * Decodes an Ethernet frame into `event`.
 *
 *   dst (6) | src (6) | [TPID (2) TCI (2)]... | type or length (2) | payload
 */
export function decodeEthernet(data: Buffer, event: LinkEvent): void {
  if (data.length < ETHER_ADDRS_BYTES) {
    event.malformed = 'ETHERNET_TRUNCATED';
    return;
  }

  event.dst = macFromBytes(data, 0);
  event.src = macFromBytes(data, 6);
  const typeOffset = followVlanTags(data, ETHER_ADDRS_BYTES, event);
  if (typeOffset < 0) {
    event.malformed = 'ETHERNET_TRUNCATED';
    return;
  }

  const typeOrLength = readU16(data, typeOffset);
  if (typeOrLength <= ETHER_MAX_LENGTH) decodeLlc(data, typeOffset + 2, event);
  else decodeEthertypePayload(data, typeOffset + 2, typeOrLength, event);
}

/**
 * Decodes an 802.2 LLC payload: only SNAP with OUI 00-00-00 (RFC 1042) names an ethertype; any
 * other LLC (spanning tree, NetBIOS, 802.1H bridge tunnels) carries nothing llreach uses.
 *
 *   DSAP (1) | SSAP (1) | control (1) | OUI (3) | ethertype (2) | payload
 */
export function decodeLlc(data: Buffer, offset: number, event: LinkEvent): void {
  if (offset + 3 > data.length) {
    event.malformed = 'LLC_TRUNCATED';
    return;
  }

  if (
    data[offset] !== LLC_SAP_SNAP ||
    data[offset + 1] !== LLC_SAP_SNAP ||
    data[offset + 2] !== LLC_CONTROL_UI
  ) {
    event.skip = 'LLC_NOT_SNAP';
    return;
  }

  if (offset + LLC_SNAP_BYTES > data.length) {
    event.malformed = 'LLC_TRUNCATED';
    return;
  }

  if (data[offset + 3] !== 0 || data[offset + 4] !== 0 || data[offset + 5] !== 0) {
    event.skip = 'LLC_NOT_SNAP';
    return;
  }

  decodeSnapType(data, offset + 6, event);
}

/** The ethertype inside SNAP, possibly a VLAN tag itself (802.1Q over 802.11 bridges). */
function decodeSnapType(data: Buffer, typeOffset: number, event: LinkEvent): void {
  const offset = followVlanTags(data, typeOffset, event);
  if (offset < 0) {
    event.malformed = 'LLC_TRUNCATED';
    return;
  }

  decodeEthertypePayload(data, offset + 2, readU16(data, offset), event);
}
