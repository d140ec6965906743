// Where watch's frames come from: a live interface (reopened with backoff when it goes away) or a
// capture file replayed on its own clock. Both move the model's clock between redraws.
import type {ReachabilityModel} from '../core/model.js';
import type {LlreachError} from '../errors.js';
import {isSupportedLinkType} from '../decode/decode-frame.js';
import {dropRootAfterOpen, ingestFrame, unsupportedLinkError} from '../pipeline.js';
import {formatSeconds} from '../render/words.js';
import {loadReplay, ReplayCursor} from './replay.js';

/** What one step of a source did, for frames/s and for knowing when a file is over. */
export interface Progress {
  frames: number;
  /** Seconds of the source's clock the step covered (wall time live, file time on replay). */
  seconds: number;
  done: boolean;
}

export interface WatchSource {
  /** 'eth0' or 'lab.pcapng (replay x10)'. */
  readonly label: string;
  /** 'wall': step every interval of wall time; 'max': step as fast as possible. */
  readonly pace: 'wall' | 'max';
  /** Wall milliseconds between steps, when not the interval itself (replays at a speed). */
  stepDelayMs?(intervalMs: number): number;
  /** Brings the model up to the source's "now"; `intervalSec` is the step for replays. */
  advance(model: ReachabilityModel, intervalSec: number): Progress;
  /** libpcap drops so far (over every reopen); undefined for files. */
  dropped(): number | undefined;
  /** Frames libpcap received so far (over every reopen); undefined for files. */
  received(): number | undefined;
  /** A condition to show in the status line, if any. */
  note(): string | undefined;
  /** Set while the interface is gone (watch then exits with its exit code). */
  lost(): LlreachError | undefined;
  /** What the user should know about the source, as show warns: a damaged or cut-off file. */
  warnings(): string[];
  close(): void;
}

export const REOPEN_FIRST_DELAY_MS = 1000;
export const REOPEN_MAX_DELAY_MS = 30_000;

/** The wait before reopen attempt `attempt` (0-based): 1 s doubling up to 30 s. */
export function reopenDelayMs(attempt: number): number {
  return Math.min(REOPEN_MAX_DELAY_MS, REOPEN_FIRST_DELAY_MS * 2 ** Math.min(attempt, 15));
}

/** A replay of `path`: `speed` file seconds per wall second, or 'max'. */
export function openReplaySource(
  model: ReachabilityModel,
  path: string,
  label: string,
  speed: number | 'max',
  user?: string,
): WatchSource {
  const replay = loadReplay(path, user === undefined ? {} : {afterOpen: dropRootAfterOpen(user)});
  for (const iface of replay.interfaces) model.addInterface(iface);
  const cursor = new ReplayCursor(replay);
  let started = false;
  let crossedSec = 0;
  return {
    label: speed === 'max' ? `${label} (replay, max speed)` : `${label} (replay x${speed})`,
    pace: speed === 'max' ? 'max' : 'wall',
    // Every step plays exactly one interval of file time, whatever the speed: the speed only sets
    // how often steps come, so the changes and events found are the same at every speed.
    stepDelayMs: (intervalMs) => (speed === 'max' ? 0 : intervalMs / speed),
    advance(m, intervalSec) {
      const from = cursor.reachedSec;
      const step = cursor.stepEnd(intervalSec);
      const frames = cursor.playUntil(m, started ? step.endSec : from);
      crossedSec = started ? step.crossedSec : 0;
      started = true;
      return {frames, seconds: cursor.reachedSec - from, done: cursor.done && cursor.reachedSec >= cursor.endSec};
    },
    dropped: () => undefined,
    received: () => undefined,
    note: () => {
      if (cursor.done && cursor.reachedSec >= cursor.endSec) return 'end of capture';
      return crossedSec > 0 ? `crossed ${formatSeconds(crossedSec)} without frames` : undefined;
    },
    lost: () => undefined,
    warnings: () => replay.summary.warnings,
    close: () => undefined,
  };
}

type Capture = InstanceType<typeof import('../capture/live.js').LiveCapture>;
type OpenCapture = (device: string) => Capture;

export interface LiveSourceOptions {
  /** Called once per loss and once per recovery, with a sentence for the user. */
  onMessage: (text: string) => void;
  /** Replaces LiveCapture.open (tests). */
  open?: OpenCapture;
}

/** Captures on `device`; throws the open error (no such interface, permission …) at once. */
export async function openLiveSource(
  model: ReachabilityModel,
  device: string,
  options: LiveSourceOptions,
): Promise<WatchSource> {
  const open = options.open ?? (await defaultOpener());
  const live = new LiveSource(model, device, open, options.onMessage);
  live.attach(open(device));
  return live;
}

async function defaultOpener(): Promise<OpenCapture> {
  const {LiveCapture} = await import('../capture/live.js');
  return (device) => {
    const capture = LiveCapture.open(device); // snaplen, ring size and filter: live.ts defaults, as show uses
    if (isSupportedLinkType(capture.linkType)) return capture;
    capture.close();
    throw unsupportedLinkError(`interface ${device}`, capture.linkType);
  };
}

class LiveSource implements WatchSource {
  readonly pace = 'wall';
  private capture: Capture | undefined;
  private framesSinceStep = 0;
  private lastStepMs = Date.now();
  private droppedBefore = 0;
  private receivedBefore = 0;
  private lostError: LlreachError | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryAtMs = 0;
  private attempt = 0;
  private closed = false;

  constructor(
    private readonly model: ReachabilityModel,
    readonly label: string,
    private readonly open: OpenCapture,
    private readonly onMessage: (text: string) => void,
  ) {}

  attach(capture: Capture): void {
    this.capture = capture;
    this.model.addInterface(capture.iface);
    capture.onFrame((frame) => {
      this.framesSinceStep += 1;
      ingestFrame(this.model, frame);
    });
    capture.onLost((error) => this.handleLoss(error));
  }

  advance(model: ReachabilityModel): Progress {
    const nowMs = Date.now();
    model.advanceTo(Math.floor(nowMs / 1000));
    const progress = {frames: this.framesSinceStep, seconds: (nowMs - this.lastStepMs) / 1000, done: false};
    this.framesSinceStep = 0;
    this.lastStepMs = nowMs;
    return progress;
  }

  dropped(): number {
    return this.droppedBefore + (this.capture ? this.capture.stats().dropped : 0);
  }

  received(): number {
    return this.receivedBefore + (this.capture ? this.capture.stats().received : 0);
  }

  note(): string | undefined {
    if (!this.lostError) return undefined;
    const seconds = Math.max(0, Math.ceil((this.retryAtMs - Date.now()) / 1000));
    return `interface lost, retrying in ${seconds}s`;
  }

  lost(): LlreachError | undefined {
    return this.lostError;
  }

  /** A live interface's troubles are said as they happen (onMessage), not kept for the end. */
  warnings(): string[] {
    return [];
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.capture?.close();
  }

  private handleLoss(error: LlreachError): void {
    if (this.closed || this.lostError) return;
    this.droppedBefore = this.dropped();
    this.receivedBefore = this.received();
    this.capture = undefined;
    this.lostError = error;
    this.attempt = 0;
    this.onMessage(`${error.message}; keeping the table and reopening it (every 1 s, backing off to 30 s)`);
    this.scheduleReopen();
  }

  /** One timer at a time, 1 s doubling to 30 s: never a busy loop, however long it stays away. */
  private scheduleReopen(): void {
    const delayMs = reopenDelayMs(this.attempt++);
    this.retryAtMs = Date.now() + delayMs;
    this.retryTimer = setTimeout(() => this.tryReopen(), delayMs);
  }

  private tryReopen(): void {
    if (this.closed) return;
    try {
      this.attach(this.open(this.label));
    } catch {
      this.scheduleReopen();
      return;
    }
    this.lostError = undefined;
    this.onMessage(`capture on ${this.label} resumed`);
  }
}
