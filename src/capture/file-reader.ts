// Reads pcap and pcapng capture files (pure TypeScript, bounded memory) into Frames, one callback per frame.
import {closeSync, fstatSync, openSync, readSync} from 'node:fs';

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
  /** Runs once the file is open and before its first byte is read: where root is given up. */
  afterOpen?: () => void;
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
    options.afterOpen?.();
    const stat = fstatSync(fd);
    const totalBytes = stat.isFile() ? stat.size : Number.POSITIVE_INFINITY; // a pipe's size is unknown
    const readInto = (into: Buffer, offset: number, length: number) => readFileBytes(fd, path, into, offset, length);
    const window = ByteWindow.overReader(readInto, totalBytes, options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
    return readWindow(window, path, onFrame, onInterface);
  } finally {
    closeSync(fd);
  }
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

function suggestFix(head: Buffer): string {
  // LIMITATION: compressed captures (tshark reads .pcap.gz/.zst transparently) are refused — a streaming zlib/zstd ByteWindow source would fix it.
  if (head[0] === 0x1f && head[1] === 0x8b) return 'It looks gzip-compressed: decompress it first (gunzip -k FILE).';
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
