// Replaying a capture file on its own clock: frames are decoded once, then fed to the model only
// when the replay clock (file time, moved by wall time × speed or in steps) reaches them.
import {basename} from 'node:path';

import type {Frame, SourceInterface} from '../capture/frame.js';
import {readCaptureFile, type CaptureFileSummary} from '../capture/file-reader.js';
import type {ReachabilityModel} from '../core/model.js';
import {decodeFrame, isSupportedLinkType} from '../decode/decode-frame.js';
import type {LinkEvent} from '../decode/link-event.js';
import {unsupportedLinkError} from '../pipeline.js';

/** A frame reduced to what the model reads: its time, interface and decoded facts. */
interface ReplayFrame {
  tsSec: number;
  tsNsec: number;
  interfaceId: number;
  event: LinkEvent;
}

export interface LoadedReplay {
  frames: ReplayFrame[];
  interfaces: SourceInterface[];
  summary: CaptureFileSummary;
}

// LIMITATION: --read decodes the whole file into memory before playing it (roughly 200 bytes per frame), so a capture of tens of millions of frames needs gigabytes — a pull-based (pausable) file reader would let replay read ahead only as far as the clock.
/** Reads and decodes every frame of `path` (decoding exactly as pipeline.ingestFrame does). */
export function loadReplay(path: string): LoadedReplay {
  const frames: ReplayFrame[] = [];
  const interfaces: SourceInterface[] = [];
  const summary = readCaptureFile(
    path,
    (frame) => frames.push(toReplayFrame(frame)),
    (iface) => interfaces.push({...iface}),
  );
  const unsupported = interfaces.filter((iface) => !isSupportedLinkType(iface.linkType));
  if (unsupported.length > 0 && unsupported.length === interfaces.length) {
    throw unsupportedLinkError(basename(path), unsupported[0].linkType); // as show does
  }
  return {frames, interfaces, summary};
}

function toReplayFrame(frame: Frame): ReplayFrame {
  const event = decodeFrame(frame.data, frame.linkType, frame.origLen);
  return {tsSec: frame.tsSec, tsNsec: frame.tsNsec, interfaceId: frame.interfaceId, event};
}

/** Seconds since the epoch, with the fraction, of a frame. */
function frameTime(frame: ReplayFrame): number {
  return frame.tsSec + frame.tsNsec / 1e9;
}

/** Where a replay stands: the next frame to feed and the file-clock time reached. */
export class ReplayCursor {
  private next = 0;
  /** File-clock seconds (with fraction) reached so far; starts at the first frame. */
  reachedSec: number;

  constructor(private readonly replay: LoadedReplay) {
    const first = replay.frames[0];
    this.reachedSec = first ? frameTime(first) : 0;
  }

  get startSec(): number {
    const first = this.replay.frames[0];
    return first ? frameTime(first) : 0;
  }

  get endSec(): number {
    const last = this.replay.frames.at(-1);
    return last ? Math.max(this.startSec, frameTime(last)) : 0;
  }

  /** True once every frame has been fed. */
  get done(): boolean {
    return this.next >= this.replay.frames.length;
  }

  /**
   * Feeds every frame stamped at or before `targetSec` (capped at the end of the file) and moves
   * the model's clock there, as idle time moves it during a live capture. Returns frames fed.
   */
  playUntil(model: ReachabilityModel, targetSec: number): number {
    const target = Math.min(Math.max(targetSec, this.reachedSec), this.endSec);
    const frames = this.replay.frames;
    const shell: Frame = {tsSec: 0, tsNsec: 0, linkType: -1, interfaceId: 0, data: Buffer.alloc(0), origLen: 0};
    const from = this.next;
    while (this.next < frames.length && frameTime(frames[this.next]!) <= target) {
      const frame = frames[this.next++]!;
      Object.assign(shell, {tsSec: frame.tsSec, tsNsec: frame.tsNsec, interfaceId: frame.interfaceId});
      model.ingest(shell, frame.event);
    }
    this.reachedSec = target;
    if (frames.length > 0) model.advanceTo(Math.floor(target));
    return this.next - from;
  }
}
