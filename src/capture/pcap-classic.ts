// Classic pcap (libpcap's original format): a 24-byte file header, then a 16-byte header before
// each frame (24 bytes in the "modified" variant of old Red Hat tcpdump).
import {MAX_RECORD_BYTES, type ByteWindow} from './pcap-window.js';
import type {FrameSink} from './pcap-sink.js';

/** The magic numbers as a little-endian read of the first 4 bytes sees them. */
export const PCAP_MAGIC = {
  MICROS_LE: 0xa1_b2_c3_d4,
  NANOS_LE: 0xa1_b2_3c_4d,
  MICROS_BE: 0xd4_c3_b2_a1,
  NANOS_BE: 0x4d_3c_b2_a1,
  /** Old Red Hat tcpdump's "modified" pcap: microseconds, records with ifindex, protocol, type. */
  MODIFIED_LE: 0xa1_b2_cd_34,
  MODIFIED_BE: 0x34_cd_b2_a1,
} as const;

const FILE_HEADER_BYTES = 24;
const RECORD_HEADER_BYTES = 16;
/** The modified record header adds ifindex (4), protocol (2), packet type (1) and a pad byte. */
const MODIFIED_RECORD_HEADER_BYTES = 24;
/** The link-type field's low 16 bits are the LINKTYPE; the high bits carry FCS-length flags. */
const LINKTYPE_MASK = 0xff_ff;

interface PcapHeader {
  littleEndian: boolean;
  /** Timestamp fraction units per second: 1e6 (microsecond magic) or 1e9 (nanosecond magic). */
  fractionsPerSec: number;
  linkType: number;
  /** Bytes before each frame: 16, or 24 in the modified format. */
  recordHeaderBytes: number;
}

/** True when the first 4 bytes (read little-endian) are a classic pcap magic. */
export function isPcapMagic(magicLe: number): boolean {
  return Object.values(PCAP_MAGIC).includes(magicLe as never);
}

/** Reads a classic pcap file from the window's start: its one interface, then every complete record. */
export function readPcap(window: ByteWindow, sink: FrameSink): void {
  if (!window.ensure(FILE_HEADER_BYTES)) {
    sink.warnCutOff('the pcap file header', 0, FILE_HEADER_BYTES, window.remainingBytes);
    return;
  }
  const header = parseFileHeader(window.buf, window.pos);
  window.skip(FILE_HEADER_BYTES);
  const iface = sink.describeInterface('pcap0', header.linkType);
  sink.frame.interfaceId = iface.id;
  sink.frame.linkType = iface.linkType;
  readRecords(window, sink, header);
}

function parseFileHeader(buf: Buffer, at: number): PcapHeader {
  const magicLe = buf.readUInt32LE(at);
  const littleEndian = [PCAP_MAGIC.MICROS_LE, PCAP_MAGIC.NANOS_LE, PCAP_MAGIC.MODIFIED_LE].includes(magicLe as never);
  const nanos = magicLe === PCAP_MAGIC.NANOS_LE || magicLe === PCAP_MAGIC.NANOS_BE;
  const modified = magicLe === PCAP_MAGIC.MODIFIED_LE || magicLe === PCAP_MAGIC.MODIFIED_BE;
  const linkField = littleEndian ? buf.readUInt32LE(at + 20) : buf.readUInt32BE(at + 20);
  const recordHeaderBytes = modified ? MODIFIED_RECORD_HEADER_BYTES : RECORD_HEADER_BYTES;
  return {littleEndian, fractionsPerSec: nanos ? 1e9 : 1e6, linkType: linkField & LINKTYPE_MASK, recordHeaderBytes};
}

/** The hot loop: one record per iteration, no allocation besides the frame's data view. */
function readRecords(window: ByteWindow, sink: FrameSink, header: PcapHeader): void {
  const {littleEndian: le, fractionsPerSec, recordHeaderBytes} = header;
  const nsPerFraction = 1e9 / fractionsPerSec;
  const frame = sink.frame;
  for (;;) {
    if (!window.ensure(recordHeaderBytes)) return noteEndOfRecords(window, sink, recordHeaderBytes);
    let buf = window.buf;
    let at = window.pos;
    const capLen = le ? buf.readUInt32LE(at + 8) : buf.readUInt32BE(at + 8);
    if (!ensureRecordBody(window, sink, recordHeaderBytes + capLen, capLen)) return;
    buf = window.buf;
    at = window.pos;
    const sec = le ? buf.readUInt32LE(at) : buf.readUInt32BE(at);
    const fraction = le ? buf.readUInt32LE(at + 4) : buf.readUInt32BE(at + 4);
    setPcapTimestamp(frame, sec, fraction, fractionsPerSec, nsPerFraction);
    frame.origLen = le ? buf.readUInt32LE(at + 12) : buf.readUInt32BE(at + 12);
    frame.data = buf.subarray(at + recordHeaderBytes, at + recordHeaderBytes + capLen);
    window.skip(recordHeaderBytes + capLen);
    sink.deliver();
  }
}

/**
 * Invalid fractions (>= 1e6 for the microsecond magic, >= 1e9 for the nanosecond one) are
 * normalised by carrying whole seconds: sec + floor(fraction / fractionsPerSec), and the rest as
 * the fraction. So 10 s + 1_000_000_000 ns reads as 11.000000000 and 10 s + 2_147_483_648 ns as
 * 12.147483648: never NaN, never a jump backwards, and valid fractions are untouched.
 */
function setPcapTimestamp(
  frame: {tsSec: number; tsNsec: number},
  sec: number,
  fraction: number,
  fractionsPerSec: number,
  nsPerFraction: number,
): void {
  if (fraction >= fractionsPerSec) {
    const carriedSec = Math.floor(fraction / fractionsPerSec);
    sec += carriedSec;
    fraction -= carriedSec * fractionsPerSec;
  }
  frame.tsSec = sec;
  frame.tsNsec = fraction * nsPerFraction;
}

/** Makes a whole record available, or warns and returns false when its length is garbage or cut off. */
function ensureRecordBody(window: ByteWindow, sink: FrameSink, needed: number, capLen: number): boolean {
  if (window.end - window.pos >= needed) return true;
  if (capLen > MAX_RECORD_BYTES) {
    sink.warn(
      `the pcap record at byte ${window.offset} claims ${capLen} captured bytes, more than any frame can have; ` +
        `the file is damaged, so reading stopped after ${sink.frames} frames`,
    );
    return false;
  }
  if (needed > window.remainingBytes || !window.ensure(needed)) {
    sink.warnCutOff(`frame ${sink.frames + 1}`, window.offset, needed, window.remainingBytes);
    return false;
  }
  return true;
}

function noteEndOfRecords(window: ByteWindow, sink: FrameSink, headerBytes: number): void {
  const left = window.end - window.pos;
  if (left > 0) sink.warnCutOff(`the header of frame ${sink.frames + 1}`, window.offset, headerBytes, left);
}
