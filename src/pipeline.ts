// The capture pipeline: a source's frames → decodeFrame → the model. Commands call these.
import {randomBytes} from 'node:crypto';

import type {Frame} from './capture/frame.js';
import {readCaptureFile, type CaptureFileSummary} from './capture/file-reader.js';
import {decodeFrame} from './decode/decode-frame.js';
import {ReachabilityModel} from './core/model.js';
import type {LlreachError} from './errors.js';
import {freshSeed, seededRandom32} from './core/random.js';

export interface ModelFlags {
  'arp-base': number;
  'nd6-base': number;
  seed?: number;
}

/** A model with the bases and random source the flags ask for. */
export function createModel(flags: ModelFlags): ReachabilityModel {
  const seed = flags.seed ?? freshSeed(randomBytes);
  return new ReachabilityModel({
    arpBaseSec: flags['arp-base'],
    nd6BaseSec: flags['nd6-base'],
    random32: seededRandom32(seed),
  });
}

/** Decodes one frame and feeds it to the model. */
export function ingestFrame(model: ReachabilityModel, frame: Frame): void {
  model.ingest(frame, decodeFrame(frame.data, frame.linkType));
}

/** Reads a whole capture file into the model; stops early after `maxFrames` if given. */
export function feedFile(model: ReachabilityModel, path: string, maxFrames?: number): CaptureFileSummary {
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
  );
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
}

/** Snaplen for live capture: ARP, ND and the Ethernet/VLAN headers all fit well inside 256 bytes. */
export const LIVE_SNAPLEN = 256;
/** Ring buffer: STACK.md §2 measured losses below 32 MiB during bursts. */
export const LIVE_BUFFER_BYTES = 32 * 1024 * 1024;

/** Captures on `device` into the model until the duration, the frame count, Ctrl-C or a lost interface. */
export async function feedLive(model: ReachabilityModel, device: string, options: LiveOptions) {
  const {LiveCapture} = await import('./capture/live.js');
  const capture = LiveCapture.open(device, {snaplen: LIVE_SNAPLEN, bufferBytes: LIVE_BUFFER_BYTES});
  model.addInterface(capture.iface);
  const result = await runUntilDone(capture, model, options);
  model.advanceTo(Math.floor(Date.now() / 1000)); // "time left" is measured against the end of the capture
  return {...result, interfaceName: capture.iface.name};
}

type OpenCapture = InstanceType<typeof import('./capture/live.js').LiveCapture>;

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
      process.off('SIGINT', onInterrupt);
      const stats = capture.stats();
      capture.close();
      resolve({frames, stats, lost});
    };
    const onInterrupt = () => finish();
    const timer = setTimeout(finish, options.durationSec * 1000);
    const ticker = setInterval(() => options.onProgress?.(frames, (Date.now() - startedMs) / 1000), 1000);
    process.once('SIGINT', onInterrupt);
    capture.onLost((error) => finish(error));
    capture.onFrame((frame) => {
      if (frames >= limit) return;
      frames += 1;
      ingestFrame(model, frame);
      if (frames >= limit) finish();
    });
  });
}
