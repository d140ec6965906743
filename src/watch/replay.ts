// Replaying a capture file on its own clock: frames are decoded once, then fed to the model only
// when the replay clock (file time, moved by wall time × speed or in steps) reaches them.
import {basename} from 'node:path';

import type {Frame, SourceInterface} from '../capture/frame.js';
import {readCaptureFile, type CaptureFileSummary, type ReadOptions} from '../capture/file-reader.js';
import {isPlausibleTime} from '../core/clock.js';
import type {ReachabilityModel} from '../core/model.js';
import {decodeFrame} from '../decode/decode-frame.js';
import type {LinkEvent} from '../decode/link-event.js';
import {EXIT, LlreachError} from '../errors.js';
import {checkLinkTypes} from '../pipeline.js';

/** A frame reduced to what the model reads: its time, interface and decoded facts. */
interface ReplayFrame {
  tsSec: number;
  tsNsec: number;
  /**
   * When it plays on the file clock: its own time, or the latest time before it when it is stamped
   * earlier (a clock stepped back), as a live capture delivers such a frame when it arrives.
   */
  atSec: number;
  interfaceId: number;
  event: LinkEvent;
}

/**
 * A silence this long (file seconds) plays step by step, so expiries show as they happen; the rest
 * of a longer one is crossed in one step, so a file with gaps of days or years neither stalls a
 * replay nor floods --json with identical snapshots.
 */
export const SILENCE_PLAYED_SEC = 600;

/**
 * Frames a replay holds at most (about 270 bytes each in memory): past it watch stops with an
 * error rather than let a huge or damaged file (a sparse 2 GB tail is 100 million empty records)
 * exhaust the heap. show streams files and has no such bound.
 */
export const MAX_REPLAY_FRAMES = 5_000_000;

export interface LoadedReplay {
  frames: ReplayFrame[];
  interfaces: SourceInterface[];
  summary: CaptureFileSummary;
}

// LIMITATION: --read decodes the whole file into memory before playing it (roughly 270 bytes per frame), so files past MAX_REPLAY_FRAMES (5 million) are refused — a pull-based (pausable) file reader would let replay read ahead only as far as the clock and lift the bound.
/** Reads and decodes every frame of `path` (decoding exactly as pipeline.ingestFrame does). */
export function loadReplay(path: string, options: ReadOptions = {}, maxFrames = MAX_REPLAY_FRAMES): LoadedReplay {
  const frames: ReplayFrame[] = [];
  const interfaces: SourceInterface[] = [];
  let clock = Number.NEGATIVE_INFINITY;
  const summary = readCaptureFile(
    path,
    (frame) => {
      if (frames.length >= maxFrames) throw replayTooLarge(path, maxFrames);
      // The model refuses implausible times (counted malformed); they must not move the replay either.
      if (isPlausibleTime(frame.tsSec)) clock = Math.max(clock, frame.tsSec + frame.tsNsec / 1e9);
      frames.push(toReplayFrame(frame, clock));
    },
    (iface) => interfaces.push({...iface}),
    options,
  );
  checkLinkTypes(summary, path); // as show does
  // Frames before the first plausible time play with it (0 when the file has none).
  const firstTime = frames.find((frame) => frame.atSec > Number.NEGATIVE_INFINITY)?.atSec ?? 0;
  for (const frame of frames) if (frame.atSec === Number.NEGATIVE_INFINITY) frame.atSec = firstTime;
  return {frames, interfaces, summary};
}

function replayTooLarge(path: string, maxFrames: number): LlreachError {
  const message = `${basename(path)} has more than ${maxFrames.toLocaleString('en-US')} frames, more than watch --read holds in memory`;
  return new LlreachError('REPLAY_TOO_LARGE', message, EXIT.BAD_FILE, [
    `read it whole with: llreach show --read ${path}`,
    `or replay it in parts: editcap -c ${maxFrames} ${path} part.pcapng`,
  ]);
}

function toReplayFrame(frame: Frame, atSec: number): ReplayFrame {
  const event = decodeFrame(frame.data, frame.linkType, frame.origLen);
  return {tsSec: frame.tsSec, tsNsec: frame.tsNsec, atSec, interfaceId: frame.interfaceId, event};
}

/** Where a replay stands: the next frame to feed and the file-clock time reached. */
export class ReplayCursor {
  private next = 0;
  /** File-clock seconds (with fraction) reached so far; starts at the first frame. */
  reachedSec: number;

  constructor(private readonly replay: LoadedReplay) {
    const first = replay.frames[0];
    this.reachedSec = first ? first.atSec : 0;
  }

  get startSec(): number {
    const first = this.replay.frames[0];
    return first ? first.atSec : 0;
  }

  get endSec(): number {
    const last = this.replay.frames.at(-1);
    return last ? Math.max(this.startSec, last.atSec) : 0;
  }

  /** True once every frame has been fed. */
  get done(): boolean {
    return this.next >= this.replay.frames.length;
  }

  /**
   * Where a step of `intervalSec` from here ends: one interval on, except that once a silence has
   * lasted SILENCE_PLAYED_SEC the step crosses the rest of it, to one interval before the next
   * frame. Returns the seconds skipped too (0 for an ordinary step).
   */
  stepEnd(intervalSec: number): {endSec: number; crossedSec: number} {
    const endSec = this.reachedSec + intervalSec;
    const next = this.replay.frames[this.next];
    const lastFed = this.replay.frames[this.next - 1];
    if (!next || !lastFed || next.atSec <= endSec) return {endSec, crossedSec: 0};
    if (this.reachedSec - lastFed.atSec < SILENCE_PLAYED_SEC) return {endSec, crossedSec: 0};
    const crossedTo = Math.max(endSec, next.atSec - intervalSec);
    return {endSec: crossedTo, crossedSec: crossedTo - endSec};
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
    while (this.next < frames.length && frames[this.next]!.atSec <= target) {
      const frame = frames[this.next++]!;
      Object.assign(shell, {tsSec: frame.tsSec, tsNsec: frame.tsNsec, interfaceId: frame.interfaceId});
      model.ingest(shell, frame.event);
    }
    this.reachedSec = target;
    if (frames.length > 0) model.advanceTo(Math.floor(target));
    return this.next - from;
  }
}
