// The watch loop: on a timer (never per frame) bring the model up to the source's clock, take a
// snapshot, diff it against the last one and show it; stop on quit, signal, --duration or file end.
import type {ReachabilityModel, TimedMove} from '../core/model.js';
import {matchesProto, takeSnapshot, type ProtoFilter, type Snapshot} from '../core/snapshot.js';
import type {LlreachError} from '../errors.js';
import {STOP_SIGNALS} from '../pipeline.js';
import {diffSnapshots, EVENT_SCHEMA_VERSION, moveEvent, type CaptureEvent, type SnapshotDiff} from './diff.js';
import type {WatchOutput} from './outputs.js';
import type {WatchSource} from './sources.js';

export interface SessionOptions {
  model: ReachabilityModel;
  source: WatchSource;
  intervalMs: number;
  /** Which records the snapshots carry (the terminal filters by itself, so it asks for 'all'). */
  proto: ProtoFilter;
  /** Stop after this many wall seconds. */
  durationSec?: number;
  /** Keep showing the last step after a file ends, until quit (the terminal does). */
  holdAtEnd: boolean;
  /** MAX_DISTINCT_RECORDS unless a test wants a small bound. */
  distinctRecordBound?: number;
}

export interface SessionSummary {
  frames: number;
  recordsSeen: number;
  /** recordsSeen stopped counting at MAX_DISTINCT_RECORDS. */
  recordsSeenAtLeast: boolean;
  moves: number;
  /** libpcap's drops; undefined when playing a file. */
  dropped: number | undefined;
  /** Set when the interface was gone when watch ended. */
  lost: LlreachError | undefined;
  /** What the user should know about the session itself (events not written). */
  warnings: string[];
}


/** The longest delay setTimeout honours; a longer one fires at once (Node's TimeoutOverflowWarning). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Distinct records are counted exactly up to this many; past it the summary says "at least", so
 * an hour of random source MACs cannot grow the set of keys without bound (about 20 MB at most).
 */
export const MAX_DISTINCT_RECORDS = 200_000;

/** Move events written per interval at most, so an ARP storm cannot flood the event stream. */
export const MAX_MOVE_EVENTS_PER_STEP = 10_000;

export class WatchSession {
  private output: WatchOutput | undefined;
  private previous: Snapshot | undefined;
  private readonly seenKeys = new Set<string>();
  private moves = 0;
  /** Moves the model reported since the last step (at most MAX_MOVE_EVENTS_PER_STEP kept). */
  private pendingMoves: TimedMove[] = [];
  private movesThisStep = 0;
  private movesNotWritten = 0;
  /** Whether the live interface was lost at the last step, to report each change once. */
  private wasLost = false;
  private cancelTimer: () => void = () => undefined;
  private finished = false;
  /** A file has been played to its end and the terminal keeps showing it. */
  private finishedPlaying = false;
  private settle!: {resolve: (s: SessionSummary) => void; reject: (e: unknown) => void};
  private readonly onSignal = () => this.stop();

  constructor(private readonly options: SessionOptions) {}

  private get distinctBound(): number {
    return this.options.distinctRecordBound ?? MAX_DISTINCT_RECORDS;
  }

  /** Runs until stopped; the output is created by the caller with `session.stop` as its quit. */
  run(output: WatchOutput): Promise<SessionSummary> {
    this.output = output;
    this.options.model.onMove = (move) => this.noteMove(move);
    const done = new Promise<SessionSummary>((resolve, reject) => (this.settle = {resolve, reject}));
    for (const signal of STOP_SIGNALS) process.on(signal, this.onSignal);
    const {durationSec} = this.options;
    const deadline = durationSec ? setTimeout(() => this.stop(), durationSec * 1000) : undefined;
    this.safely(() => this.step());
    if (!this.finished) this.schedule();
    return done.finally(() => clearTimeout(deadline));
  }

  /** Ends the session after the current step; safe to call more than once. */
  stop(): void {
    if (this.finished) return;
    this.finished = true;
    this.cancelTimer();
    for (const signal of STOP_SIGNALS) process.off(signal, this.onSignal);
    const {source, model} = this.options;
    const summary: SessionSummary = {
      frames: model.counters.frames,
      recordsSeen: this.seenKeys.size,
      recordsSeenAtLeast: this.seenKeys.size >= this.distinctBound,
      moves: this.moves,
      dropped: source.dropped(),
      lost: source.lost(),
      warnings: this.movesNotWritten > 0 ? [movesNotWrittenWarning(this.movesNotWritten)] : [],
    };
    source.close();
    this.output?.end();
    this.settle.resolve(summary);
  }

  private schedule(): void {
    const maxPace = this.options.source.pace === 'max';
    const next = () => this.safely(() => {
      this.step();
      if (!this.finished) this.schedule();
    });
    // setImmediate at max pace still lets keys and signals in between steps.
    if (maxPace) {
      const handle = setImmediate(next);
      this.cancelTimer = () => clearImmediate(handle);
    } else {
      const {source, intervalMs} = this.options;
      const delayMs = Math.min(source.stepDelayMs?.(intervalMs) ?? intervalMs, MAX_TIMER_MS);
      const handle = setTimeout(next, delayMs);
      this.cancelTimer = () => clearTimeout(handle);
    }
  }

  // LIMITATION: every step still exports every record (only its text is kept between steps), so a redraw costs time in proportion to the records, not the changes: about 10 ms at 10,000 records here (BENCHMARKS.md), past 20 ms from about 20,000 — a model that reports which records changed since the last export would make a step cost proportional to the changes.
  private step(): void {
    const {model, source, intervalMs, proto} = this.options;
    const progress = source.advance(model, intervalMs / 1000);
    const snapshot = takeSnapshot(model, proto);
    const diff = this.withExactMoves(diffSnapshots(this.previous, snapshot));
    this.previous = snapshot;
    for (const change of diff.changes) {
      if (change.kind === 'added' && this.seenKeys.size < this.distinctBound) this.seenKeys.add(change.key);
    }
    const framesPerSec = progress.seconds > 0 ? progress.frames / progress.seconds : 0;
    const status = {
      source: source.label, framesPerSec, dropped: source.dropped(), received: source.received(), note: source.note(),
    };
    this.output!.show({snapshot, diff, status, capture: this.captureChange(snapshot.calendar)});
    if (progress.done) this.reachEnd();
  }

  /** A capture-lost or capture-resumed event when the live interface went or came back. */
  private captureChange(time: number): CaptureEvent[] {
    const lost = this.options.source.lost();
    if ((lost !== undefined) === this.wasLost) return [];
    this.wasLost = lost !== undefined;
    const base = {schemaVersion: EVENT_SCHEMA_VERSION, time, interface: this.options.source.label};
    return [lost ? {...base, type: 'capture-lost', message: lost.message} : {...base, type: 'capture-resumed'}];
  }

  private noteMove(move: TimedMove): void {
    if (!matchesProto(move.proto, this.options.proto)) return;
    this.moves += 1;
    this.movesThisStep += 1;
    if (this.pendingMoves.length < MAX_MOVE_EVENTS_PER_STEP) this.pendingMoves.push(move);
  }

  /**
   * The diff's events with its address-moved ones replaced by the moves the model reported, each
   * at its frame's time (snapshots miss a move undone within one interval).
   */
  private withExactMoves(diff: SnapshotDiff): SnapshotDiff {
    const moves = this.pendingMoves.map(moveEvent);
    const dropped = this.movesThisStep - moves.length;
    this.pendingMoves = [];
    this.movesThisStep = 0;
    this.movesNotWritten += Math.max(0, dropped);
    const events = [...diff.events.filter((e) => e.type !== 'address-moved'), ...moves].sort((a, b) => a.time - b.time);
    return {changes: diff.changes, events};
  }

  private reachEnd(): void {
    if (!this.options.holdAtEnd) this.stop();
    else this.finishedPlaying = true;
  }

  private safely(body: () => void): void {
    if (this.finished || this.finishedPlaying) return;
    try {
      body();
    } catch (error) {
      this.finished = true;
      this.cancelTimer();
      for (const signal of STOP_SIGNALS) process.off(signal, this.onSignal);
      this.options.source.close();
      this.output?.end();
      this.settle.reject(error);
    }
  }
}

function movesNotWrittenWarning(count: number): string {
  return `${count} address moves were not written as events: more than ${MAX_MOVE_EVENTS_PER_STEP} came in one ` +
    'interval (the count of moves includes them)';
}
