// The capture pipeline: a source's frames → decodeFrame → the model. Commands call these.
import {randomBytes} from 'node:crypto';
import {basename} from 'node:path';

import type {Frame} from './capture/frame.js';
import {readCaptureFile, type CaptureFileSummary, type ReadOptions} from './capture/file-reader.js';
import {DEFAULT_USER, dropPrivileges} from './capture/privileges.js';
import {decodeFrame, isSupportedLinkType, linkTypeName} from './decode/decode-frame.js';
import {ReachabilityModel} from './core/model.js';
import {printable} from './core/printable.js';
import {freshSeed, seededRandom32} from './core/random.js';
import {EXIT, LlreachError} from './errors.js';

export interface ModelFlags {
  'arp-base': number;
  'nd6-base': number;
  'max-records'?: number;
  seed?: number;
}

/** A model with the bases and random source the flags ask for. */
export function createModel(flags: ModelFlags): ReachabilityModel {
  const seed = flags.seed ?? freshSeed(randomBytes);
  return new ReachabilityModel({
    arpBaseSec: flags['arp-base'],
    nd6BaseSec: flags['nd6-base'],
    maxRecords: flags['max-records'],
    random32: seededRandom32(seed),
  });
}

/** One warning per context whose --max-records bound evicted anything. */
export function evictionWarnings(model: ReachabilityModel): string[] {
  return model.contextsInOrder()
    .filter((ctx) => ctx.evicted.records + ctx.evicted.entries > 0)
    .map((ctx) => `${ctx.label}: --max-records reached; evicted ${ctx.evicted.records} least recently heard records and ${ctx.evicted.entries} addresses`);
}

/** Decodes one frame and feeds it to the model. */
export function ingestFrame(model: ReachabilityModel, frame: Frame): void {
  model.ingest(frame, decodeFrame(frame.data, frame.linkType, frame.origLen));
}

/**
 * Reads a whole capture file into the model; stops feeding after `maxFrames` if given. A file
 * whose interfaces all have link types llreach cannot decode is an error; in a file that mixes
 * them, the frames of the unsupported ones are counted as skipped and a warning names them.
 */
export function feedFile(model: ReachabilityModel, path: string, maxFrames?: number, options: ReadOptions = {}): CaptureFileSummary {
  const summary = readFrames(model, path, maxFrames, options);
  checkLinkTypes(summary, path);
  return summary;
}

/**
 * A file whose interfaces all have link types llreach cannot decode is an error; when only some
 * have, a warning per interface is added to the summary.
 */
export function checkLinkTypes(summary: CaptureFileSummary, path: string): void {
  const unsupported = summary.interfaces.filter((iface) => !isSupportedLinkType(iface.linkType));
  if (unsupported.length > 0 && unsupported.length === summary.interfaces.length) {
    throw unsupportedLinkError(basename(path), unsupported[0].linkType);
  }
  for (const iface of unsupported) {
    summary.warnings.push(`interface ${printable(iface.name)}: link type ${linkTypeName(iface.linkType)} is not supported; its frames were skipped`);
  }
}

/** The error for a capture whose link type no decoder reads. */
export function unsupportedLinkError(where: string, linkType: number): LlreachError {
  return new LlreachError(
    'UNSUPPORTED_LINK',
    `${where}: link type ${linkTypeName(linkType)} is not supported`,
    EXIT.UNSUPPORTED_LINK,
    ['llreach reads Ethernet (with VLAN tags), Linux cooked (SLL, SLL2), 802.11 and radiotap captures',
      'capture on an Ethernet or Wi-Fi interface, or convert the file with editcap -T ether if the frames are Ethernet'],
  );
}

function readFrames(model: ReachabilityModel, path: string, maxFrames?: number, options: ReadOptions = {}): CaptureFileSummary {
  const limit = maxFrames ?? Number.POSITIVE_INFINITY;
  let fed = 0;
  return readCaptureFile(
    path,
    (frame) => {
      if (fed >= limit) return;
      fed += 1;
      ingestFrame(model, frame);
    },
    (iface) => model.addInterface(iface),
    options,
  );
}

/**
 * For --read started as root: once the file is open, become `user` before reading a byte of it,
 * as tcpdump -r -Z does, so a hostile file is parsed without privileges. Without the native
 * binding that switches users, reading goes on as root with the warning returned (file reading
 * must work where libpcap is missing).
 */
export function dropRootAfterOpen(user: string, drop = dropPrivileges): () => string[] {
  return () => {
    try {
      drop(user, {keepNetRaw: false});
      return [];
    } catch (error) {
      if (!(error instanceof LlreachError) || error.code !== 'PRIVILEGE_DROP_UNAVAILABLE') throw error;
      return [`the file was read as root: switching to user "${user}" needs llreach's patched libpcap ` +
        'binding, which is not installed; reading a file needs no privilege, so run llreach --read as an ordinary user'];
    }
  };
}

/** How a live capture ended and what libpcap counted. */
export interface LiveResult {
  frames: number;
  stats: {received: number; dropped: number; ifDropped: number};
  /** Set when the interface went away mid-capture. */
  lost?: LlreachError;
  interfaceName: string;
}

export interface LiveOptions {
  durationSec: number;
  maxFrames?: number;
  /** Called about once a second with the frames so far (for a progress line). */
  onProgress?: (frames: number, elapsedSec: number) => void;
  /** When running as root, the user to switch to once the capture is open (--user). */
  user?: string;
}

/** Captures on `device` into the model until the duration, the frame count, Ctrl-C or a lost interface. */
export async function feedLive(model: ReachabilityModel, device: string, options: LiveOptions) {
  const {LiveCapture} = await import('./capture/live.js');
  const capture = LiveCapture.open(device); // libpcap defaults chosen in live.ts
  if (!isSupportedLinkType(capture.linkType)) {
    capture.close();
    throw unsupportedLinkError(`interface ${device}`, capture.linkType);
  }
  dropPrivilegesOrClose(capture, options.user);
  model.addInterface(capture.iface);
  const result = await runUntilDone(capture, model, options);
  model.advanceTo(Math.floor(Date.now() / 1000)); // "time left" is measured against the end of the capture
  return {...result, interfaceName: capture.iface.name};
}

type OpenCapture = InstanceType<typeof import('./capture/live.js').LiveCapture>;

/** show never reopens its capture, so it keeps no capability at all after the switch. */
function dropPrivilegesOrClose(capture: OpenCapture, user: string = DEFAULT_USER): void {
  try {
    dropPrivileges(user, {keepNetRaw: false});
  } catch (error) {
    capture.close();
    throw error;
  }
}

/** Signals that end a live capture early: what was seen is still printed, as at the deadline. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function runUntilDone(capture: OpenCapture, model: ReachabilityModel, options: LiveOptions) {
  return new Promise<Omit<LiveResult, 'interfaceName'>>((resolve) => {
    const startedMs = Date.now();
    const limit = options.maxFrames ?? Number.POSITIVE_INFINITY;
    let frames = 0;
    let done = false;
    const finish = (lost?: LlreachError) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearInterval(ticker);
      for (const signal of STOP_SIGNALS) process.off(signal, onInterrupt);
      const stats = capture.stats();
      capture.close();
      resolve({frames, stats, lost});
    };
    const onInterrupt = () => finish();
    const timer = setTimeout(finish, options.durationSec * 1000);
    const ticker = setInterval(() => options.onProgress?.(frames, (Date.now() - startedMs) / 1000), 1000);
    for (const signal of STOP_SIGNALS) process.once(signal, onInterrupt);
    capture.onLost((error) => finish(error));
    capture.onFrame((frame) => {
      if (frames >= limit) return;
      frames += 1;
      ingestFrame(model, frame);
      if (frames >= limit) finish();
    });
  });
}
