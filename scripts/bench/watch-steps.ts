// The pieces of a watch step the watch benchmarks share: synthetic ARP frames and one timed
// redraw (snapshot, diff, row selection, screen text), as the watch loop does it each interval.
import {performance} from 'node:perf_hooks';

import {Chalk} from 'chalk';

import type {Frame} from '../../src/capture/frame.js';
import {takeSnapshot, type Snapshot} from '../../src/core/snapshot.js';
import type {createModel} from '../../src/pipeline.js';
import {renderScreen} from '../../src/render/live-screen.js';
import {diffSnapshots} from '../../src/watch/diff.js';
import {initialViewState, selectRows, type SortKey} from '../../src/watch/view-state.js';

export const START_SEC = 1_796_389_200;

/** An Ethernet ARP request from host `n` (MAC 02:00:…:n, IPv4 198.51.100.x / 203.0.113.x by n). */
export function arpFrame(n: number, tsSec: number): Frame {
  const data = Buffer.alloc(42);
  data.fill(0xff, 0, 6);
  const mac = Buffer.from([0x02, 0, (n >> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
  mac.copy(data, 6);
  data.writeUInt16BE(0x0806, 12);
  data.writeUInt16BE(1, 14); // Ethernet
  data.writeUInt16BE(0x0800, 16);
  data[18] = 6;
  data[19] = 4;
  data.writeUInt16BE(1, 20); // request
  mac.copy(data, 22);
  // Benchmark addresses only need to be distinct; they never leave this process.
  data.writeUInt32BE((10 << 24) + n, 28);
  data.writeUInt32BE((10 << 24) + n + 1, 38);
  return {tsSec, tsNsec: 0, linkType: 1, interfaceId: 0, data, origLen: 42};
}

/** One redraw's phases, timed: the model's snapshot, the diff, the row selection, the screen text. */
export function redraw(model: ReturnType<typeof createModel>, previous: Snapshot | undefined, sort: SortKey, phases?: Phases) {
  const t0 = performance.now();
  const snapshot = takeSnapshot(model, 'all');
  const t1 = performance.now();
  const diff = diffSnapshots(previous, snapshot);
  const t2 = performance.now();
  const state = {...initialViewState(), sort, scroll: 5000};
  const rows = selectRows(snapshot, state);
  const t3 = performance.now();
  const status = {source: 'bench0', framesPerSec: 0, dropped: 0};
  const text = renderScreen({snapshot, rows, state, status, createdAt: new Map(), width: 160, height: 50, chalk: new Chalk({level: 2})});
  const t4 = performance.now();
  phases?.snapshot.push(t1 - t0);
  phases?.diff.push(t2 - t1);
  phases?.select.push(t3 - t2);
  phases?.render.push(t4 - t3);
  return {snapshot, diff, text};
}

export interface Phases {
  snapshot: number[];
  diff: number[];
  select: number[];
  render: number[];
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}


export function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
