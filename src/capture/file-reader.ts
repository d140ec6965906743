// Reads pcap and pcapng capture files (pure TypeScript, bounded memory) into Frames, one callback per frame.
import {closeSync, fstatSync, openSync, readFileSync, readSync} from 'node:fs';
import {gunzipSync} from 'node:zlib';

import {EXIT, LlreachError} from '../errors.js';
import type {Frame, SourceInterface} from './frame.js';
import {isPcapMagic, readPcap} from './pcap-classic.js';
import {FrameSink, type FrameCallback, type InterfaceCallback} from './pcap-sink.js';
import {ByteWindow, DEFAULT_CHUNK_BYTES} from './pcap-window.js';
import {PCAPNG_MAGIC, readPcapng} from './pcapng.js';

export interface CaptureFileSummary {
  format: 'pcap' | 'pcapng';
  /** Frames delivered to onFrame. */
  frames: number;
  /** Every interface the file described (pcap: exactly one, id 0, named 'pcap0'). */
  interfaces: SourceInterface[];
  /** Things the user should know: a cut-off file, damage that stopped reading, skipped blocks. */
  warnings: string[];
}

export interface ReadOptions {
  /** Size of each read from the file (tests make it tiny to put records across chunk edges). */
  chunkBytes?: number;
  /**
   * Runs once the file is open and before its first byte is read (where root is given up); what
   * it returns heads the summary's warnings.
   */
  afterOpen?: () => string[];
}

/**
 * Reads a capture file in bounded chunks (not the whole file at once), calling onFrame for every
 * complete frame and onInterface when an interface is first described (before its first frame).
 * The Frame object and its `data` are reused for the next frame: consumers copy what they keep.
 * Damaged or cut-off files yield every frame before the damage plus a warning; only a file that
 * cannot be read or is not a capture at all throws (LlreachError FILE_UNREADABLE / NOT_A_CAPTURE).
 */
export function readCaptureFile(
  path: string,
  onFrame: (frame: Frame) => void,
  onInterface?: (iface: SourceInterface) => void,
  options: ReadOptions = {},
): CaptureFileSummary {
  // "-" is standard input, as for tcpdump -r -.
  const fd = openCaptureFile(path === '-' ? '/dev/stdin' : path);
  try {
    const openWarnings = options.afterOpen?.() ?? [];
    const summary = readWindow(openWindow(fd, path, options), path, onFrame, onInterface);
    summary.warnings.unshift(...openWarnings);
    return summary;
  } finally {
    closeSync(fd);
  }
}

/** The bytes of an open file: read in chunks, or whole and decompressed when it is gzip. */
function openWindow(fd: number, path: string, options: ReadOptions): ByteWindow {
  const stat = fstatSync(fd);
  if (stat.isFile() && isGzipFile(fd)) return ByteWindow.overBytes(gunzipFile(fd, path));
  const totalBytes = stat.isFile() ? stat.size : Number.POSITIVE_INFINITY; // a pipe's size is unknown
  const readInto = (into: Buffer, offset: number, length: number) => readFileBytes(fd, path, into, offset, length);
  return ByteWindow.overReader(readInto, totalBytes, options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
}

/** Same as readCaptureFile over bytes already in memory (tests, small inputs). */
export function readCaptureBytes(
  bytes: Buffer,
  onFrame: (frame: Frame) => void,
  onInterface?: (iface: SourceInterface) => void,
): CaptureFileSummary {
  return readWindow(ByteWindow.overBytes(bytes), 'the input', onFrame, onInterface);
}

function readWindow(
  window: ByteWindow,
  label: string,
  onFrame: FrameCallback,
  onInterface: InterfaceCallback | undefined,
): CaptureFileSummary {
  const format = detectFormat(window, label);
  const sink = new FrameSink(onFrame, onInterface);
  if (format === 'pcap') readPcap(window, sink);
  else readPcapng(window, sink);
  return {format, frames: sink.frames, interfaces: sink.interfaces, warnings: sink.warnings};
}

/** Decides the format from the first 4 bytes, or throws NOT_A_CAPTURE. */
function detectFormat(window: ByteWindow, label: string): 'pcap' | 'pcapng' {
  window.ensure(4);
  const head = window.buf.subarray(window.pos, Math.min(window.pos + 4, window.end));
  if (head.length === 4) {
    const magicLe = head.readUInt32LE(0);
    if (magicLe === PCAPNG_MAGIC) return 'pcapng';
    if (isPcapMagic(magicLe)) return 'pcap';
  }
  const start = head.length === 0 ? 'it is empty' : `starts with 0x${head.toString('hex')}`;
  throw new LlreachError('NOT_A_CAPTURE', `${label} is not a pcap or pcapng file (${start})`, EXIT.BAD_FILE, [
    suggestFix(head),
  ]);
}

/** A gzip file: its first two bytes are the gzip magic (checked with a positional read). */
function isGzipFile(fd: number): boolean {
  const head = Buffer.alloc(2);
  return readSync(fd, head, 0, 2, 0) === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
}

// LIMITATION: a gzip-compressed capture (as tcpdump -w - | gzip writes) is decompressed whole into memory, so one larger than 512 MiB uncompressed is refused, and zstd or a compressed pipe are not read at all — a streaming inflate behind ByteWindow would lift both.
/** Decompresses a gzip capture into memory, up to MAX_GUNZIP_BYTES. */
function gunzipFile(fd: number, path: string): Buffer {
  try {
    return gunzipSync(readFileSync(fd), {maxOutputLength: MAX_GUNZIP_BYTES});
  } catch (error) {
    const tooBig = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    const why = tooBig ? `it is larger than ${MAX_GUNZIP_BYTES / 2 ** 20} MiB uncompressed` : `it does not decompress (${describeOsError(error)})`;
    throw new LlreachError('BAD_COMPRESSED_FILE', `cannot read the gzip-compressed capture ${path}: ${why}`, EXIT.BAD_FILE, [
      `decompress it first and read the result: gunzip -k '${path}'`,
    ]);
  }
}

const GZIP_MAGIC = [0x1f, 0x8b];
/** The most a gzip capture may decompress to in memory. */
const MAX_GUNZIP_BYTES = 512 * 2 ** 20;

function suggestFix(head: Buffer): string {
  if (head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1]) return 'It looks gzip-compressed and came through a pipe: decompress it first (gunzip -c FILE | llreach ... --read -).';
  if (head[0] === 0x28 && head[1] === 0xb5) return 'It looks zstd-compressed: decompress it first (zstd -d FILE).';
  return 'Give a file written by tcpdump, dumpcap, tshark or Wireshark (editcap -F pcapng IN OUT converts others).';
}

function openCaptureFile(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (error) {
    throw unreadable(path, error);
  }
}

function readFileBytes(fd: number, path: string, into: Buffer, offset: number, length: number): number {
  try {
    return readSync(fd, into, offset, length, null);
  } catch (error) {
    throw unreadable(path, error);
  }
}

function unreadable(path: string, error: unknown): LlreachError {
  const message = `cannot read capture file ${path}: ${describeOsError(error)}`;
  return new LlreachError('FILE_UNREADABLE', message, EXIT.BAD_FILE, [
    `Check the path and that you may read the file: ls -l '${path}'`,
  ]);
}

/** "ENOENT: no such file or directory, open 'x'" → "no such file or directory". */
function describeOsError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const match = /^[A-Z0-9]+: (.*?), \w+/.exec(error.message);
  return match ? match[1] : error.message;
}
