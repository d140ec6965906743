// Builds small pcap and pcapng files as bytes for the file-reader tests, in either byte order.
import type {Frame, SourceInterface} from '../../src/capture/frame.js';

/** Writes fixed-width integers in one byte order into a growing list of chunks. */
class Writer {
  private readonly parts: Buffer[] = [];

  constructor(private readonly littleEndian: boolean) {}

  u16(value: number): this {
    const b = Buffer.alloc(2);
    if (this.littleEndian) b.writeUInt16LE(value);
    else b.writeUInt16BE(value);
    return this.bytes(b);
  }

  u32(value: number): this {
    const b = Buffer.alloc(4);
    if (this.littleEndian) b.writeUInt32LE(value >>> 0);
    else b.writeUInt32BE(value >>> 0);
    return this.bytes(b);
  }

  /** A 64-bit value as two 32-bit words, high word first (pcapng timestamps). */
  u64Words(value: bigint): this {
    return this.u32(Number(value >> 32n)).u32(Number(value & 0xff_ff_ff_ffn));
  }

  /** A 64-bit value in the byte order's natural layout (pcapng integer options). */
  i64(value: bigint): this {
    const b = Buffer.alloc(8);
    if (this.littleEndian) b.writeBigInt64LE(value);
    else b.writeBigInt64BE(value);
    return this.bytes(b);
  }

  bytes(b: Buffer): this {
    this.parts.push(b);
    return this;
  }

  /** Zero bytes up to the next multiple of 4. */
  pad4(): this {
    const length = this.length();
    return this.bytes(Buffer.alloc((4 - (length % 4)) % 4));
  }

  length(): number {
    return this.parts.reduce((sum, part) => sum + part.length, 0);
  }

  done(): Buffer {
    return Buffer.concat(this.parts);
  }
}

export interface PcapRecord {
  sec: number;
  fraction: number;
  data: Buffer;
  origLen?: number;
  /** Overrides the captured length field (for garbage-length tests). */
  capLenField?: number;
}

export interface PcapOptions {
  littleEndian?: boolean;
  nanos?: boolean;
  /** The whole 32-bit link-type field, FCS bits included. */
  linkField?: number;
}

/** A classic pcap file: the header, then each record. */
export function buildPcap(records: PcapRecord[], options: PcapOptions = {}): Buffer {
  const {littleEndian = true, nanos = false, linkField = 1} = options;
  const w = new Writer(littleEndian);
  w.u32(nanos ? 0xa1_b2_3c_4d : 0xa1_b2_c3_d4).u16(2).u16(4).u32(0).u32(0).u32(65_535).u32(linkField);
  for (const record of records) {
    w.u32(record.sec).u32(record.fraction);
    w.u32(record.capLenField ?? record.data.length).u32(record.origLen ?? record.data.length);
    w.bytes(record.data);
  }
  return w.done();
}

/** One pcapng block: type, total length, the body padded to 4 bytes, the length again. */
export function block(littleEndian: boolean, type: number, body: Buffer, lengthField?: number): Buffer {
  const padded = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
  const length = lengthField ?? padded.length + 12;
  return new Writer(littleEndian).u32(type).u32(length).bytes(padded).u32(length).done();
}

/** A Section Header Block (version 1.0, unknown section length). */
export function sectionHeader(littleEndian: boolean): Buffer {
  const body = new Writer(littleEndian).u32(0x1a_2b_3c_4d).u16(1).u16(0).u32(0xff_ff_ff_ff).u32(0xff_ff_ff_ff);
  return new Writer(littleEndian).u32(0x0a_0d_0d_0a).u32(28).bytes(body.done()).u32(28).done();
}

export interface InterfaceSpec {
  linkType: number;
  snapLen?: number;
  name?: string;
  tsresol?: number;
  tsoffsetSec?: bigint;
}

/** An Interface Description Block with the options given. */
export function interfaceBlock(littleEndian: boolean, spec: InterfaceSpec): Buffer {
  const w = new Writer(littleEndian).u16(spec.linkType).u16(0).u32(spec.snapLen ?? 0);
  if (spec.name !== undefined) w.u16(2).u16(Buffer.byteLength(spec.name)).bytes(Buffer.from(spec.name)).pad4();
  if (spec.tsresol !== undefined) w.u16(9).u16(1).bytes(Buffer.from([spec.tsresol])).pad4();
  if (spec.tsoffsetSec !== undefined) w.u16(14).u16(8).i64(spec.tsoffsetSec);
  w.u16(0).u16(0);
  return block(littleEndian, 1, w.done());
}

/** An Enhanced Packet Block; `units` is the raw 64-bit timestamp in the interface's resolution. */
export function enhancedPacket(
  littleEndian: boolean,
  interfaceId: number,
  units: bigint,
  data: Buffer,
  origLen?: number,
  capLenField?: number,
): Buffer {
  const w = new Writer(littleEndian).u32(interfaceId).u64Words(units);
  w.u32(capLenField ?? data.length).u32(origLen ?? data.length).bytes(data);
  return block(littleEndian, 6, w.done());
}

/** A Simple Packet Block: original length and data, nothing else. */
export function simplePacket(littleEndian: boolean, origLen: number, data: Buffer): Buffer {
  return block(littleEndian, 3, new Writer(littleEndian).u32(origLen).bytes(data).done());
}

/** The obsolete Packet Block (type 2): 16-bit interface id and drop count, then like an EPB. */
export function obsoletePacket(littleEndian: boolean, interfaceId: number, units: bigint, data: Buffer): Buffer {
  const w = new Writer(littleEndian).u16(interfaceId).u16(0).u64Words(units);
  return block(littleEndian, 2, w.u32(data.length).u32(data.length).bytes(data).done());
}

/** A frame as the tests compare it: a copy, because the reader reuses its Frame and bytes. */
export interface SeenFrame {
  time: string;
  linkType: number;
  interfaceId: number;
  hex: string;
  origLen: number;
}

/** "sec.nnnnnnnnn", the form tests compare times in. */
export function formatTime(frame: Pick<Frame, 'tsSec' | 'tsNsec'>): string {
  return `${frame.tsSec}.${String(frame.tsNsec).padStart(9, '0')}`;
}

export function copyFrame(frame: Frame): SeenFrame {
  const {linkType, interfaceId, origLen} = frame;
  return {time: formatTime(frame), linkType, interfaceId, hex: frame.data.toString('hex'), origLen};
}

/** Collects frames and interface announcements in the order they arrive. */
export function collector() {
  const events: Array<{frame: SeenFrame} | {iface: SourceInterface}> = [];
  const frames: SeenFrame[] = [];
  return {
    events,
    frames,
    onFrame: (frame: Frame) => {
      const seen = copyFrame(frame);
      frames.push(seen);
      events.push({frame: seen});
    },
    onInterface: (iface: SourceInterface) => events.push({iface: {...iface}}),
  };
}
