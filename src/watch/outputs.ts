// The four ways watch shows each step: the live screen on a terminal, append-only change lines,
// NDJSON snapshots (--json) and NDJSON change events (--events).
import type {ChalkInstance} from 'chalk';

import type {ProtoFilter, Snapshot} from '../core/snapshot.js';
import {renderChangeLines, renderEventLine, renderLinesHeader, renderSnapshotLine} from '../render/live-lines.js';
import {pageRowsFor, renderScreen, type ScreenStatus} from '../render/live-screen.js';
import type {CaptureEvent, SnapshotDiff} from './diff.js';
import type {Key} from './keys.js';
import {Terminal} from './terminal.js';
import {applyKey, initialViewState, selectRows, type ViewState} from './view-state.js';

export interface Step {
  snapshot: Snapshot;
  diff: SnapshotDiff;
  status: ScreenStatus;
  /** The capture stopping or starting again during this step (live only). */
  capture?: CaptureEvent[];
}

export interface WatchOutput {
  /** Shows one step of the session. */
  show(step: Step): void;
  /** Releases whatever the output holds (the terminal); safe to call twice. */
  end(): void;
}

type Write = (text: string) => void;

/** Append-only lines: a header once, then one line per record that appeared, changed or went. */
export function linesOutput(write: Write): WatchOutput {
  let headerDone = false;
  return {
    show({snapshot, diff}) {
      if (diff.changes.length === 0) return;
      if (!headerDone) write(`${renderLinesHeader()}\n`);
      headerDone = true;
      write(renderChangeLines(diff.changes, snapshot.calendar).map((line) => `${line}\n`).join(''));
    },
    end: () => undefined,
  };
}

/**
 * --json: one snapshot per step as one NDJSON line, with `source`, `warnings` and (live) `capture`
 * as show has them.
 */
export function jsonOutput(write: Write, source: Record<string, unknown>, warnings: string[] = []): WatchOutput {
  return {
    show({snapshot, status}) {
      const live = status.dropped !== undefined;
      const capture = live ? {capture: {received: status.received ?? 0, dropped: status.dropped}} : {};
      write(`${renderSnapshotLine(snapshot, {source, warnings, ...capture})}\n`);
    },
    end: () => undefined,
  };
}

/** --events: one NDJSON line per change event. */
export function eventsOutput(write: Write): WatchOutput {
  return {
    show({diff, capture = []}) {
      const events = capture.length > 0 ? [...diff.events, ...capture].sort((a, b) => a.time - b.time) : diff.events;
      if (events.length > 0) write(events.map((e) => `${renderEventLine(e)}\n`).join(''));
    },
    end: () => undefined,
  };
}

export interface TerminalOutputOptions {
  chalk: ChalkInstance;
  proto: ProtoFilter;
  /** Called when the person presses q or Ctrl-C. */
  onQuit: () => void;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
}

/** The live screen: redrawn at each step, on every key and on resize. */
export function terminalOutput(options: TerminalOutputOptions): WatchOutput {
  let state: ViewState = initialViewState(options.proto);
  let last: Step | undefined;
  const createdAt = new Map<string, number>();
  const redraw = () => {
    if (!last) return;
    const rows = selectRows(last.snapshot, state);
    const {width, height} = terminal;
    terminal.render(renderScreen({...last, rows, state, createdAt, width, height, chalk: options.chalk}));
  };
  const onKeys = (keys: Key[]) => {
    for (const key of keys) {
      const total = last ? selectRows(last.snapshot, state).length : 0;
      state = applyKey(state, key, pageRowsFor(terminal.height), total);
    }
    if (state.quit) options.onQuit();
    else redraw();
  };
  const stdout = options.stdout ?? process.stdout;
  const terminal = new Terminal(stdout, options.stdin ?? process.stdin, {onKeys, onResize: redraw});
  terminal.start();
  return {
    show(step) {
      rememberCreated(createdAt, step);
      last = step;
      redraw();
    },
    end: () => terminal.restore(),
  };
}

/** Notes when records appeared (for the highlight) and forgets records that are gone. */
function rememberCreated(createdAt: Map<string, number>, step: Step): void {
  for (const change of step.diff.changes) {
    if (change.kind === 'added') createdAt.set(change.key, step.snapshot.calendar);
    if (change.kind === 'removed') createdAt.delete(change.key);
  }
}

export type OutputMode = 'terminal' | 'lines' | 'json' | 'events';

/** Whether the live screen can be drawn: a terminal that can move its cursor (not TERM=dumb). */
export function canDrawScreen(stdout: {isTTY?: boolean}, env: NodeJS.ProcessEnv): boolean {
  return stdout.isTTY === true && env.TERM !== 'dumb';
}

/** --json and --events win; otherwise the live screen on a terminal and change lines elsewhere. */
export function chooseOutputMode(flags: {json: boolean; events: boolean}, stdoutIsTty: boolean): OutputMode {
  if (flags.json) return 'json';
  if (flags.events) return 'events';
  return stdoutIsTty ? 'terminal' : 'lines';
}

export interface CreateOutputOptions {
  mode: OutputMode;
  chalk: ChalkInstance;
  proto: ProtoFilter;
  source: Record<string, unknown>;
  /** The source's warnings, carried by every --json snapshot. */
  warnings: string[];
  onQuit: () => void;
}

export function createOutput(options: CreateOutputOptions): WatchOutput {
  const write: Write = (text) => process.stdout.write(text);
  switch (options.mode) {
    case 'json': return jsonOutput(write, options.source, options.warnings);
    case 'events': return eventsOutput(write);
    case 'lines': return linesOutput(write);
    case 'terminal': return terminalOutput(options);
  }
}
