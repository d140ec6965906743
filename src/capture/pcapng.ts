// pcapng: typed, length-framed blocks grouped in sections; each Section Header Block sets its section's byte order.
import type {SourceInterface} from './frame.js';
import {describeTimestampUnit, setPcapngTimestamp, type TimestampUnit} from './pcapng-time.js';
import {MAX_RECORD_BYTES, type ByteWindow} from './pcap-window.js';
import type {FrameSink} from './pcap-sink.js';

/** Block type numbers (pcapng draft, "Block Types" registry). */
const BLOCK = {
  SECTION_HEADER: 0x0a_0d_0d_0a,
  INTERFACE_DESCRIPTION: 1,
  PACKET_OBSOLETE: 2,
  SIMPLE_PACKET: 3,
  NAME_RESOLUTION: 4,
  INTERFACE_STATISTICS: 5,
  ENHANCED_PACKET: 6,
  SYSTEMD_JOURNAL: 9,
  DECRYPTION_SECRETS: 10,
  CUSTOM_COPY: 0x00_00_0b_ad,
  CUSTOM_NO_COPY: 0x40_00_0b_ad,
} as const;

/** Blocks that carry no frames and that llreach has no use for: skipped without a word. */
const QUIETLY_SKIPPED = new Set<number>([
  BLOCK.NAME_RESOLUTION,
  BLOCK.INTERFACE_STATISTICS,
  BLOCK.SYSTEMD_JOURNAL,
  BLOCK.DECRYPTION_SECRETS,
  BLOCK.CUSTOM_COPY,
  BLOCK.CUSTOM_NO_COPY,
]);

/** The smallest valid length of each block type we parse: its fixed fields plus the two length words. */
const MIN_BYTES: Record<number, number> = {
  [BLOCK.SECTION_HEADER]: 28,
  [BLOCK.INTERFACE_DESCRIPTION]: 20,
  [BLOCK.PACKET_OBSOLETE]: 32,
  [BLOCK.SIMPLE_PACKET]: 16,
  [BLOCK.ENHANCED_PACKET]: 32,
};

/** Block types a resync accepts as the next block (frames, interfaces and the quiet ones). */
const RESYNC_TYPES = new Set<number>([
  BLOCK.INTERFACE_DESCRIPTION, BLOCK.PACKET_OBSOLETE, BLOCK.SIMPLE_PACKET, BLOCK.ENHANCED_PACKET, ...QUIETLY_SKIPPED,
]);

export const PCAPNG_MAGIC = BLOCK.SECTION_HEADER;
const BYTE_ORDER_MAGIC = 0x1a_2b_3c_4d;
const BLOCK_HEADER_BYTES = 12;
/** Packet data starts here in Enhanced and obsolete Packet Blocks (after type, length, 5 fixed words). */
const PACKET_DATA_AT = 28;
const SIMPLE_PACKET_DATA_AT = 12;
const OPTION = {END: 0, IF_NAME: 2, IF_TSRESOL: 9, IF_TSOFFSET: 14} as const;

interface NgInterface {
  iface: SourceInterface;
  /** Bytes captured at most per frame; 0 means no limit. */
  snapLen: number;
  unit: TimestampUnit;
}


interface InterfaceOptions {
  name?: string;
  tsresol?: number;
  tsoffsetSec: number;
}

/** Reads every block of a pcapng file from the window's start (a Section Header Block). */
export function readPcapng(window: ByteWindow, sink: FrameSink): void {
  new PcapngReader(window, sink).readAll();
}

class PcapngReader {
  /** The current section's byte order (a plain field: it is read several times per packet). */
  private littleEndian = true;
  /** The current section's interfaces in the order described: the index is the section-local id. */
  private sectionInterfaces: NgInterface[] = [];
  private readonly unknownBlockTypes = new Map<number, number>();
  private packetsOnUndescribedInterfaces = 0;
  /** Why the last block could not be read, for the warning resync gives. */
  private damage = '';

  constructor(
    private readonly window: ByteWindow,
    private readonly sink: FrameSink,
  ) {}

  readAll(): void {
    while (this.readBlock());
    this.reportSkippedBlocks();
  }

  /** Reads one block; false when reading must stop (end of input or damage, already warned about). */
  private readBlock(): boolean {
    const window = this.window;
    if (!window.ensure(BLOCK_HEADER_BYTES)) return this.noteEndOfBlocks();
    const isSection = window.buf.readUInt32LE(window.pos) === BLOCK.SECTION_HEADER;
    if (isSection && !this.startSection()) return this.resync();
    const type = isSection ? BLOCK.SECTION_HEADER : this.u32(window.buf, window.pos);
    const length = this.u32(window.buf, window.pos + 4);
    const framing = this.checkFraming(type, length);
    if (framing === 'cut') return false;
    if (framing === 'damaged') return this.resync();
    if (!this.handleBlock(type, window.buf, window.pos, length)) return false;
    window.skip(length);
    return true;
  }

  private u32(buf: Buffer, at: number): number {
    return this.littleEndian ? buf.readUInt32LE(at) : buf.readUInt32BE(at);
  }

  private u16(buf: Buffer, at: number): number {
    return this.littleEndian ? buf.readUInt16LE(at) : buf.readUInt16BE(at);
  }

  /** A Section Header Block starts a new byte order and a new, empty list of interfaces. */
  private startSection(): boolean {
    const {buf, pos} = this.window;
    const magicLe = buf.readUInt32LE(pos + 8);
    if (magicLe !== BYTE_ORDER_MAGIC && buf.readUInt32BE(pos + 8) !== BYTE_ORDER_MAGIC) {
      this.damage = `the pcapng section header at byte ${this.window.offset} has no valid byte-order magic`;
      return false;
    }
    this.littleEndian = magicLe === BYTE_ORDER_MAGIC;
    this.sectionInterfaces = [];
    return true;
  }

  /**
   * Checks the block's framing and makes all of it available. 'cut' (warned about) when the file
   * ends inside it; 'damaged' (the reason kept in `damage`) when it cannot be a block.
   */
  private checkFraming(type: number, length: number): 'ok' | 'cut' | 'damaged' {
    const at = this.window.offset;
    const kind = `the pcapng block at byte ${at} (type 0x${type.toString(16)})`;
    if (length < BLOCK_HEADER_BYTES || length % 4 !== 0 || length < (MIN_BYTES[type] ?? 0)) {
      this.damage = `${kind} has an impossible length, ${length}`;
      return 'damaged';
    }
    if (length > MAX_RECORD_BYTES) {
      this.damage = `${kind} claims ${length} bytes, more than any block can have`;
      return 'damaged';
    }
    if (length > this.window.remainingBytes || !this.window.ensure(length)) {
      this.sink.warnCutOff(`a pcapng block (type 0x${type.toString(16)})`, at, length, this.window.remainingBytes);
      return 'cut';
    }
    // Every block ends with a copy of its length; a mismatch means we are no longer at a block boundary.
    const trailing = this.u32(this.window.buf, this.window.pos + length - 4);
    if (trailing === length) return 'ok';
    this.damage = `${kind} ends with length ${trailing}, not ${length}`;
    return 'damaged';
  }

  /**
   * After damage, looks 4 bytes at a time (blocks are 4-aligned) for the next place where a block
   * of a known type frames correctly (its length repeated at its end), and reads on from there.
   */
  private resync(): boolean {
    const from = this.window.offset;
    for (;;) {
      this.window.skip(4);
      if (!this.window.ensure(BLOCK_HEADER_BYTES)) {
        this.stop(this.damage);
        return false;
      }
      if (this.looksLikeBlock()) break;
    }
    this.sink.warn(`${this.damage}; the file is damaged there: ${this.window.offset - from} bytes were skipped ` +
      `to the next block, at byte ${this.window.offset}`);
    return true;
  }

  /** A known block type whose length is possible and repeated at its end (section headers by their magic). */
  private looksLikeBlock(): boolean {
    const window = this.window;
    if (window.buf.readUInt32LE(window.pos) === BLOCK.SECTION_HEADER) {
      const magicAt = window.pos + 8;
      return window.ensure(12) && [window.buf.readUInt32LE(magicAt), window.buf.readUInt32BE(magicAt)].includes(BYTE_ORDER_MAGIC);
    }
    const type = this.u32(window.buf, window.pos);
    const length = this.u32(window.buf, window.pos + 4);
    if (!RESYNC_TYPES.has(type) || length % 4 !== 0 || length < Math.max(BLOCK_HEADER_BYTES, MIN_BYTES[type] ?? 0)) return false;
    if (length > window.remainingBytes || !window.ensure(length)) return false;
    return this.u32(window.buf, window.pos + length - 4) === length;
  }

  private handleBlock(type: number, buf: Buffer, at: number, length: number): boolean {
    switch (type) {
      case BLOCK.ENHANCED_PACKET:
        return this.readPacket(buf, at, length, this.u32(buf, at + 8));
      case BLOCK.SIMPLE_PACKET:
        return this.readSimplePacket(buf, at, length);
      case BLOCK.PACKET_OBSOLETE:
        return this.readPacket(buf, at, length, this.u16(buf, at + 8));
      case BLOCK.INTERFACE_DESCRIPTION:
        this.describeInterface(buf, at, length);
        return true;
      case BLOCK.SECTION_HEADER:
        return this.checkSectionVersion(buf, at);
      default:
        if (!QUIETLY_SKIPPED.has(type)) this.unknownBlockTypes.set(type, (this.unknownBlockTypes.get(type) ?? 0) + 1);
        return true;
    }
  }

  private checkSectionVersion(buf: Buffer, at: number): boolean {
    const major = this.u16(buf, at + 12);
    if (major === 1) return true;
    const version = `${major}.${this.u16(buf, at + 14)}`;
    this.stop(`the pcapng section at byte ${this.window.offset} is format version ${version}, not 1.x`);
    return false;
  }

  /** Enhanced Packet Block, or the obsolete Packet Block: same layout after the interface id. */
  private readPacket(buf: Buffer, at: number, length: number, localId: number): boolean {
    const described = this.sectionInterfaces[localId];
    if (described === undefined) {
      this.packetsOnUndescribedInterfaces += 1;
      return true;
    }
    const capLen = this.u32(buf, at + 20);
    if (capLen > length - PACKET_DATA_AT - 4) {
      const at = this.window.offset;
      this.stop(`the pcapng packet block at byte ${at} claims ${capLen} captured bytes in a ${length}-byte block`);
      return false;
    }
    const frame = this.sink.frame;
    setPcapngTimestamp(frame, described.unit, this.u32(buf, at + 12), this.u32(buf, at + 16));
    frame.origLen = this.u32(buf, at + 24);
    this.deliver(described, buf.subarray(at + PACKET_DATA_AT, at + PACKET_DATA_AT + capLen));
    return true;
  }

  /**
   * A Simple Packet Block belongs to the section's first interface and has no timestamp: the frame
   * keeps the previous frame's time (0 before any), so time never runs backwards because of it.
   */
  private readSimplePacket(buf: Buffer, at: number, length: number): boolean {
    // LIMITATION: a file of only Simple Packet Blocks puts every frame at time 0 (1970), so expiry times mean nothing — only a --start-time style flag from the user could supply a clock.
    const described = this.sectionInterfaces[0];
    if (described === undefined) {
      this.packetsOnUndescribedInterfaces += 1;
      return true;
    }
    const origLen = this.u32(buf, at + 8);
    const snapLen = described.snapLen === 0 ? origLen : described.snapLen;
    const capLen = Math.min(origLen, snapLen, length - SIMPLE_PACKET_DATA_AT - 4);
    this.sink.frame.origLen = origLen;
    this.deliver(described, buf.subarray(at + SIMPLE_PACKET_DATA_AT, at + SIMPLE_PACKET_DATA_AT + capLen));
    return true;
  }

  private deliver(described: NgInterface, data: Buffer): void {
    const frame = this.sink.frame;
    frame.linkType = described.iface.linkType;
    frame.interfaceId = described.iface.id;
    frame.data = data;
    this.sink.deliver();
  }

  /** Interface Description Block: the next section-local id, and the next file-wide id. */
  private describeInterface(buf: Buffer, at: number, length: number): void {
    const linkType = this.u16(buf, at + 8);
    const snapLen = this.u32(buf, at + 12);
    const options = this.parseInterfaceOptions(buf, at + 16, at + length - 4);
    const iface = this.sink.describeInterface(options.name, linkType);
    const unit = describeTimestampUnit(options.tsresol, options.tsoffsetSec);
    this.sectionInterfaces.push({iface, snapLen, unit});
  }

  /** Reads the options we use; a malformed option ends the list (what came before it still counts). */
  private parseInterfaceOptions(buf: Buffer, from: number, to: number): InterfaceOptions {
    const options: InterfaceOptions = {tsoffsetSec: 0};
    for (let at = from; at + 4 <= to; ) {
      const code = this.u16(buf, at);
      const valueBytes = this.u16(buf, at + 2);
      const value = at + 4;
      if (code === OPTION.END || value + valueBytes > to) break;
      this.applyInterfaceOption(options, code, buf, value, valueBytes);
      at = value + ((valueBytes + 3) & ~3);
    }
    return options;
  }

  private applyInterfaceOption(options: InterfaceOptions, code: number, buf: Buffer, at: number, bytes: number): void {
    if (code === OPTION.IF_NAME && options.name === undefined) {
      const name = buf.toString('utf8', at, at + bytes).replace(/\0+$/, '');
      if (name !== '') options.name = name;
    } else if (code === OPTION.IF_TSRESOL && bytes >= 1) {
      options.tsresol = buf[at];
    } else if (code === OPTION.IF_TSOFFSET && bytes >= 8) {
      options.tsoffsetSec = this.readInt64(buf, at);
    }
  }

  /** A signed 64-bit integer as a number (exact up to 2^53, far beyond any real offset in seconds). */
  private readInt64(buf: Buffer, at: number): number {
    const le = this.littleEndian;
    const high = le ? buf.readInt32LE(at + 4) : buf.readInt32BE(at);
    const low = le ? buf.readUInt32LE(at) : buf.readUInt32BE(at + 4);
    return high * 2 ** 32 + low;
  }

  private noteEndOfBlocks(): false {
    const left = this.window.end - this.window.pos;
    if (left > 0) this.sink.warnCutOff('a pcapng block header', this.window.offset, BLOCK_HEADER_BYTES, left);
    return false;
  }

  /** Damage that leaves no way to find the next block: say where, and stop. */
  private stop(problem: string): void {
    this.sink.warn(`${problem}; the file is damaged, so reading stopped after ${this.sink.frames} frames`);
  }

  private reportSkippedBlocks(): void {
    if (this.unknownBlockTypes.size > 0) {
      const counts = [...this.unknownBlockTypes].map(([type, count]) => `${count} × 0x${type.toString(16)}`);
      this.sink.warn(`skipped pcapng blocks of unknown type (${counts.join(', ')})`);
    }
    if (this.packetsOnUndescribedInterfaces > 0) {
      this.sink.warn(
        `skipped ${this.packetsOnUndescribedInterfaces} pcapng packet blocks that name an interface ` +
          'their section never described',
      );
    }
  }
}
