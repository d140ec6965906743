// IEEE 802.11 data frames (LINKTYPE_IEEE802_11): addresses by the DS bits, then LLC/SNAP.
import {macFromBytes} from './address.js';
import {decodeLlc} from './ethernet.js';
import type {LinkEvent} from './link-event.js';

/** Frame control, first byte (IEEE 802.11-2020 §9.2.4.1): version, type and subtype bits. */
const FC_VERSION_MASK = 0x03;
const FC_TYPE_DATA = 0x08;
const FC_TYPE_MASK = 0x0c;
/** Data subtypes: bit 2 set means no payload (Null, QoS Null, CF-Poll/Ack), bit 3 means QoS. */
const FC_SUBTYPE_NO_DATA = 0x40;
const FC_SUBTYPE_QOS = 0x80;
/** Frame control, second byte: the flags. */
const FC_TO_DS = 0x01;
const FC_FROM_DS = 0x02;
const FC_PROTECTED = 0x40;
/** In a QoS data frame, the order bit announces an HT Control field (§9.2.4.1.10). */
const FC_ORDER = 0x80;
/** QoS Control, first byte: the payload is an A-MSDU, subframes with their own addresses. */
const QOS_AMSDU_PRESENT = 0x80;
/** Sequence control, first byte: the fragment number in the low 4 bits. */
const FRAGMENT_NUMBER_MASK = 0x0f;

/**
 * Data frame header (§9.3.2.1):
 *
 *   FC (2) | duration (2) | addr1 (6) | addr2 (6) | addr3 (6) | sequence control (2)
 *   | addr4 (6, ToDS and FromDS) | QoS control (2, QoS subtypes) | HT control (4, QoS + order)
 *   | LLC/SNAP payload
 */
const ADDR1 = 4;
const ADDR2 = 10;
const ADDR3 = 16;
const SEQUENCE_CONTROL = 22;
const ADDR4 = 24;
const THREE_ADDRESS_BYTES = 24;
const FOUR_ADDRESS_BYTES = 30;
const QOS_CONTROL_BYTES = 2;
const HT_CONTROL_BYTES = 4;

/** A frame of LINKTYPE_IEEE802_11: the 802.11 frame alone, no capture metadata. */
export function decodeIeee80211(data: Buffer, event: LinkEvent): void {
  decodeWlanFrame(data, 0, false, event);
}

/**
 * Decodes the 802.11 frame at `offset`. Only data frames carry ARP and IP; everything else is
 * counted as skipped. `padded`: radiotap's flag for drivers that pad the header to 4 bytes.
 */
export function decodeWlanFrame(
  data: Buffer,
  offset: number,
  padded: boolean,
  event: LinkEvent,
): void {
  if (offset + 2 > data.length) {
    event.malformed = 'WLAN_TRUNCATED';
    return;
  }

  const fc = data[offset];
  if ((fc & FC_VERSION_MASK) !== 0) event.skip = 'WLAN_VERSION';
  else if ((fc & FC_TYPE_MASK) !== FC_TYPE_DATA) event.skip = 'WLAN_NOT_DATA';
  else decodeDataFrame(data, offset, padded, event);
}

// LIMITATION: a mesh (802.11s) data frame puts a Mesh Control field before the LLC header, so its payload is skipped as 'LLC_NOT_SNAP' — reading the Mesh Control Present bit of QoS control and skipping the field (6, 12 or 18 bytes) would fix it.
/** A data frame: its addresses, then its payload when it has a readable one. */
function decodeDataFrame(data: Buffer, offset: number, padded: boolean, event: LinkEvent): void {
  const fc = data[offset];
  const fcFlags = data[offset + 1];
  const addressBytes =
    (fcFlags & FC_TO_DS) !== 0 && (fcFlags & FC_FROM_DS) !== 0
      ? FOUR_ADDRESS_BYTES
      : THREE_ADDRESS_BYTES;
  if (offset + addressBytes > data.length) {
    event.malformed = 'WLAN_TRUNCATED';
    return;
  }

  setAddresses(data, offset, fcFlags, event);
  const headerBytes = measureHeader(fc, fcFlags, addressBytes, padded);
  const skip = findUnreadablePayload(data, offset);
  if (skip !== null) event.skip = skip;
  else if (offset + headerBytes > data.length) event.malformed = 'WLAN_TRUNCATED';
  else if (isAmsdu(data, offset + addressBytes, fc)) event.skip = 'WLAN_AMSDU';
  else decodeLlc(data, offset + headerBytes, event);
}

/**
 * Which address is which (§9.3.2.1, Table 9-30), by ToDS and FromDS:
 *
 *   0 0  direct or ad hoc   addr1 DA        addr2 SA = TA   addr3 BSSID
 *   0 1  from the AP        addr1 DA        addr2 TA (AP)   addr3 SA
 *   1 0  to the AP          addr1 BSSID     addr2 SA = TA   addr3 DA
 *   1 1  WDS or mesh        addr1 RA        addr2 TA        addr3 DA      addr4 SA
 *
 * `src` is SA and `dst` is DA, the addresses the Wi-Fi driver writes into the Ethernet header it
 * hands the kernel, so refreshes (spec §3.2) key on the station whose frame this is, as XNU's do.
 * A relayed frame proves that SA is alive; it says nothing of how well SA is heard. The signal
 * measures the radio of the TA, so `transmitter` (always addr2) is where `rssi` belongs: the
 * access point for frames it relays, SA itself for frames a station sends to the AP or directly.
 */
function setAddresses(data: Buffer, offset: number, fcFlags: number, event: LinkEvent): void {
  const toDs = (fcFlags & FC_TO_DS) !== 0;
  const fromDs = (fcFlags & FC_FROM_DS) !== 0;
  event.transmitter = macFromBytes(data, offset + ADDR2);
  event.dst = macFromBytes(data, offset + (toDs ? ADDR3 : ADDR1));
  if (!fromDs) event.src = event.transmitter;
  else event.src = macFromBytes(data, offset + (toDs ? ADDR4 : ADDR3));
}

/** Header bytes before the LLC: addresses, QoS control, HT control, radiotap's padding. */
function measureHeader(fc: number, fcFlags: number, addressBytes: number, padded: boolean): number {
  let bytes = addressBytes;
  if ((fc & FC_SUBTYPE_QOS) !== 0) {
    bytes += QOS_CONTROL_BYTES;
    if ((fcFlags & FC_ORDER) !== 0) bytes += HT_CONTROL_BYTES;
  }

  return padded ? (bytes + 3) & ~3 : bytes;
}

/** Why the frame's payload cannot be read as LLC, as a skip code, or null when it can. */
function findUnreadablePayload(data: Buffer, offset: number): string | null {
  if ((data[offset] & FC_SUBTYPE_NO_DATA) !== 0) return 'WLAN_NULL_DATA';
  if ((data[offset + 1] & FC_PROTECTED) !== 0) return 'WLAN_PROTECTED';
  // Only the first fragment starts with the LLC header; the others continue its payload.
  if ((data[offset + SEQUENCE_CONTROL] & FRAGMENT_NUMBER_MASK) !== 0) return 'WLAN_FRAGMENT';
  return null;
}

// LIMITATION: an A-MSDU (several packets, each with its own DA and SA, in one QoS data frame) is skipped as 'WLAN_AMSDU', so ARP or ND aggregated into one is lost — decoding each subframe (DA, SA, length, LLC) into its own event would fix it.
/** QoS data frames may carry an A-MSDU; the QoS control field follows the addresses. */
function isAmsdu(data: Buffer, qosOffset: number, fc: number): boolean {
  return (fc & FC_SUBTYPE_QOS) !== 0 && (data[qosOffset] & QOS_AMSDU_PRESENT) !== 0;
}
