// Radiotap (LINKTYPE_IEEE802_11_RADIOTAP, radiotap.org): capture metadata before an 802.11 frame.
import {decodeWlanFrame} from './ieee80211.js';
import type {LinkEvent} from './link-event.js';

/** version (1) | pad (1) | length (2, little-endian) | present words (4 each, little-endian)… */
const RADIOTAP_MIN_BYTES = 8;
const RADIOTAP_VERSION = 0;
/** Present-word bits that are not fields: TLVs follow, namespace switches, another word follows. */
const FIELD_TLV = 28;
const PRESENT_RADIOTAP_NS = 1 << 29;
const PRESENT_VENDOR_NS = 1 << 30;
const PRESENT_EXT = 0x8000_0000;
const PRESENT_FIELD_BITS = 29;
/** The vendor namespace field: OUI (3) | sub-namespace (1) | skip length (2, little-endian). */
const VENDOR_NS_ALIGN = 2;
const VENDOR_NS_BYTES = 6;
/** Fields llreach reads, and the bits of the Flags field it acts on. */
const FIELD_FLAGS = 1;
const FIELD_DBM_ANTSIGNAL = 5;
const FLAG_FCS_AT_END = 0x10;
const FLAG_DATA_PAD = 0x20;
const FLAG_BAD_FCS = 0x40;
const FCS_BYTES = 4;

/**
 * [alignment, size] in bytes of fields 0–27 of the radiotap namespace (radiotap.org, "Defined
 * Fields"); alignment is counted from the start of the radiotap header.
 */
const FIELD_LAYOUT: readonly (readonly [number, number])[] = [
  [8, 8], // 0 TSFT
  [1, 1], // 1 Flags
  [1, 1], // 2 Rate
  [2, 4], // 3 Channel: frequency, flags
  [2, 2], // 4 FHSS: hop set, hop pattern
  [1, 1], // 5 dBm antenna signal
  [1, 1], // 6 dBm antenna noise
  [2, 2], // 7 Lock quality
  [2, 2], // 8 TX attenuation
  [2, 2], // 9 dB TX attenuation
  [1, 1], // 10 dBm TX power
  [1, 1], // 11 Antenna
  [1, 1], // 12 dB antenna signal
  [1, 1], // 13 dB antenna noise
  [2, 2], // 14 RX flags
  [2, 2], // 15 TX flags
  [1, 1], // 16 RTS retries
  [1, 1], // 17 data retries
  [4, 8], // 18 XChannel
  [1, 3], // 19 MCS
  [4, 8], // 20 A-MPDU status
  [2, 12], // 21 VHT
  [8, 12], // 22 timestamp
  [2, 12], // 23 HE
  [2, 12], // 24 HE-MU
  [2, 6], // 25 HE-MU-other-user
  [1, 1], // 26 0-length PSDU
  [2, 4], // 27 L-SIG
];

/** What the header says about the frame, and where a walk over its fields stands. */
interface RadiotapWalk {
  /** Next unread byte, and the header length that bounds every field. */
  at: number;
  end: number;
  /** The current present word lists radiotap fields (not a vendor's), numbered from bitBase. */
  radiotapNs: boolean;
  bitBase: number;
  flags: number;
  signalDbm: number | null;
}

/**
 * Decodes a radiotap header and the 802.11 frame after it. `origLen` tells a whole frame from a
 * snaplen-cut one: only a whole frame still ends with the FCS that the Flags field announces.
 */
export function decodeRadiotap(data: Buffer, event: LinkEvent, origLen: number | undefined): void {
  if (data.length < RADIOTAP_MIN_BYTES) {
    event.malformed = 'RADIOTAP_TRUNCATED';
    return;
  }

  if (data[0] !== RADIOTAP_VERSION) {
    event.skip = 'RADIOTAP_VERSION';
    return;
  }

  const headerBytes = data.readUInt16LE(2);
  const walk = readRadiotapHeader(data, headerBytes);
  if (typeof walk === 'string') {
    event.malformed = walk;
    return;
  }

  event.rssi = walk.signalDbm;
  if ((walk.flags & FLAG_BAD_FCS) !== 0) {
    event.malformed = 'RADIOTAP_BAD_FCS';
    return;
  }

  const isWhole = origLen !== undefined && origLen <= data.length;
  const frame =
    (walk.flags & FLAG_FCS_AT_END) !== 0 && isWhole
      ? data.subarray(0, Math.max(headerBytes, data.length - FCS_BYTES))
      : data;
  decodeWlanFrame(frame, headerBytes, (walk.flags & FLAG_DATA_PAD) !== 0, event);
}

/** The walked header, or a malformed code when its length or a field does not fit. */
function readRadiotapHeader(data: Buffer, headerBytes: number): RadiotapWalk | string {
  if (headerBytes < RADIOTAP_MIN_BYTES) return 'RADIOTAP_INVALID';
  if (headerBytes > data.length) return 'RADIOTAP_TRUNCATED';
  let wordsEnd = RADIOTAP_MIN_BYTES;
  while ((data.readUInt32LE(wordsEnd - 4) & PRESENT_EXT) !== 0) {
    if (wordsEnd + 4 > headerBytes) return 'RADIOTAP_INVALID';
    wordsEnd += 4;
  }

  const walk: RadiotapWalk = {
    at: wordsEnd,
    end: headerBytes,
    radiotapNs: true,
    bitBase: 0,
    flags: 0,
    signalDbm: null,
  };
  for (let word = 4; word < wordsEnd; word += 4) {
    const result = walkPresentWord(data, data.readUInt32LE(word), walk, word === 4);
    if (result === 'invalid') return 'RADIOTAP_INVALID';
    if (result === 'stop') break;
  }

  return walk;
}

/**
 * Steps over the fields one present word lists, keeping Flags and the signal of the first word
 * (the whole frame's; later words repeat fields per antenna), then applies the word's namespace
 * switch. 'stop' when the rest cannot be placed (TLVs, a field number beyond the table).
 */
function walkPresentWord(
  data: Buffer,
  present: number,
  walk: RadiotapWalk,
  isFirst: boolean,
): 'next' | 'stop' | 'invalid' {
  if (walk.radiotapNs) {
    for (let bit = 0; bit < PRESENT_FIELD_BITS; bit++) {
      if ((present & (1 << bit)) === 0) continue;
      const field = walk.bitBase + bit;
      if (field === FIELD_TLV || field >= FIELD_LAYOUT.length) return 'stop';
      const [align, size] = FIELD_LAYOUT[field];
      walk.at = alignUp(walk.at, align);
      if (walk.at + size > walk.end) return 'invalid';
      if (isFirst) readWantedField(data, field, walk);
      walk.at += size;
    }
  }

  return switchNamespace(data, present, walk);
}

// LIMITATION: the signal is read from the first present word only, so a driver that reports per-antenna signals without a combined one leaves rssi null — falling back to the strongest per-antenna signal of the later radiotap-namespace words would fix it.
function readWantedField(data: Buffer, field: number, walk: RadiotapWalk): void {
  if (field === FIELD_FLAGS) walk.flags = data[walk.at];
  else if (field === FIELD_DBM_ANTSIGNAL) walk.signalDbm = (data[walk.at] << 24) >> 24;
}

/**
 * Bit 29: the next word lists radiotap fields again, from field 0. Bit 30: the next words belong
 * to a vendor, whose data (skip length bytes after the vendor namespace field) is stepped over
 * unread. Neither: the next word continues this namespace's numbering 32 fields on.
 */
function switchNamespace(data: Buffer, present: number, walk: RadiotapWalk): 'next' | 'invalid' {
  if ((present & PRESENT_RADIOTAP_NS) !== 0) {
    walk.radiotapNs = true;
    walk.bitBase = 0;
  } else if ((present & PRESENT_VENDOR_NS) !== 0) {
    walk.at = alignUp(walk.at, VENDOR_NS_ALIGN);
    if (walk.at + VENDOR_NS_BYTES > walk.end) return 'invalid';
    walk.at += VENDOR_NS_BYTES + data.readUInt16LE(walk.at + 4);
    if (walk.at > walk.end) return 'invalid';
    walk.radiotapNs = false;
    walk.bitBase = 0;
  } else {
    walk.bitBase += 32;
  }

  return 'next';
}

function alignUp(offset: number, align: number): number {
  return Math.ceil(offset / align) * align;
}
