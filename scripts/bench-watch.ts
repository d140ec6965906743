// Benchmarks `watch`'s two costs and prints them as JSON: redrawing a 10,000-record table
// (snapshot, diff, selection, screen text) and how many frames the pipeline ingests per second
// while it also redraws once a second. Run: node --import tsx scripts/bench-watch.ts
import {performance} from 'node:perf_hooks';

import {Chalk} from 'chalk';

import {DEFAULT_BUFFER_BYTES, DEFAULT_SNAPLEN} from '../src/capture/live.js';
import type {Frame} from '../src/capture/frame.js';
import {takeSnapshot, type Snapshot} from '../src/core/snapshot.js';
import {createModel, ingestFrame} from '../src/pipeline.js';
import {renderScreen} from '../src/render/live-screen.js';
import {diffSnapshots} from '../src/watch/diff.js';
import {initialViewState, selectRows, type SortKey} from '../src/watch/view-state.js';

const RECORDS = 10_000;
const REDRAWS = 60;
const WARMUP_REDRAWS = 5;
const REFRESHES_PER_STEP = 1_000;
const NEW_HOSTS_PER_STEP = 10;
const INGEST_SECONDS = 2;
const START_SEC = 1_796_389_200;
/** Approximate TPACKET_V2 ring slot: snaplen plus header, sockaddr_ll and MAC reserve, 16-aligned. */
function ringSlotBytes(snaplen: number): number {
  return Math.ceil((snaplen + 96) / 16) * 16;
}

/** An Ethernet ARP request from host `n` (MAC 02:00:…:n, IPv4 198.51.100.x / 203.0.113.x by n). */
function arpFrame(n: number, tsSec: number): Frame {
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
  data.writeUInt32BE((10 << 24) + ((n + 1) % RECORDS), 38);
  return {tsSec, tsNsec: 0, linkType: 1, interfaceId: 0, data, origLen: 42};
}

function buildModel() {
  const model = createModel({'arp-base': 30, 'nd6-base': 30, seed: 1});
  model.addInterface({id: 0, name: 'bench0', linkType: 1});
  for (let n = 1; n <= RECORDS; n++) ingestFrame(model, arpFrame(n, START_SEC + Math.floor(n / 1000)));
  return model;
}

/** One redraw's phases, timed: the model's snapshot, the diff, the row selection, the screen text. */
function redraw(model: ReturnType<typeof createModel>, previous: Snapshot | undefined, sort: SortKey, phases?: Phases) {
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

interface Phases {
  snapshot: number[];
  diff: number[];
  select: number[];
  render: number[];
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Between two redraws: one second of traffic, refreshes from existing hosts and a few new ones. */
function trafficStep(model: ReturnType<typeof createModel>, step: number, tsSec: number): void {
  for (let i = 0; i < REFRESHES_PER_STEP; i++) ingestFrame(model, arpFrame(((step * 7919 + i * 104_729) % RECORDS) + 1, tsSec));
  for (let i = 0; i < NEW_HOSTS_PER_STEP; i++) ingestFrame(model, arpFrame(RECORDS + step * NEW_HOSTS_PER_STEP + i + 1, tsSec));
}

/**
 * The first redraw (every record new: all text formatted, every record an event), then REDRAWS
 * steady ones, each after a second of traffic, as a person watching a busy link sees them.
 */
function measureRedraws(sort: SortKey) {
  const model = buildModel();
  const firstStarted = performance.now();
  let previous = redraw(model, undefined, sort).snapshot;
  const firstMs = performance.now() - firstStarted;
  for (let i = 0; i < WARMUP_REDRAWS; i++) previous = redraw(model, previous, sort).snapshot;
  const times: number[] = [];
  const phases: Phases = {snapshot: [], diff: [], select: [], render: []};
  for (let i = 0; i < REDRAWS; i++) {
    const now = START_SEC + 10 + i;
    trafficStep(model, i, now);
    model.advanceTo(now);
    const started = performance.now();
    previous = redraw(model, previous, sort, phases).snapshot;
    times.push(performance.now() - started);
  }
  const medianOf = (values: number[]) => round(percentile(values, 50));
  return {
    firstRedrawMs: round(firstMs),
    medianMs: medianOf(times),
    p95Ms: round(percentile(times, 95)),
    maxMs: round(Math.max(...times)),
    medianPhasesMs: {snapshot: medianOf(phases.snapshot), diff: medianOf(phases.diff), select: medianOf(phases.select), render: medianOf(phases.render)},
  };
}

/** Frames per second through decode + model for `seconds`, redrawing every `redrawEveryMs` if set. */
function measureIngest(seconds: number, redrawEveryMs?: number) {
  const model = buildModel();
  const frames = Array.from({length: 4096}, (_, i) => arpFrame((i % RECORDS) + 1, START_SEC + 20));
  let previous: Snapshot | undefined;
  let count = 0;
  let redraws = 0;
  const started = performance.now();
  let nextRedraw = started + (redrawEveryMs ?? Number.POSITIVE_INFINITY);
  while (performance.now() - started < seconds * 1000) {
    for (let i = 0; i < 1024; i++) ingestFrame(model, frames[count++ % frames.length]!);
    if (performance.now() >= nextRedraw) {
      previous = redraw(model, previous, 'tree').snapshot;
      redraws += 1;
      nextRedraw += redrawEveryMs!;
    }
  }
  return {framesPerSec: Math.round(count / ((performance.now() - started) / 1000)), redraws};
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

const redrawTree = measureRedraws('tree');
const redrawExpiry = measureRedraws('expiry');
const alone = measureIngest(INGEST_SECONDS);
const withRedraw = measureIngest(INGEST_SECONDS, 1000);
const ringFrames = Math.floor(DEFAULT_BUFFER_BYTES / ringSlotBytes(DEFAULT_SNAPLEN));
console.log(JSON.stringify({
  benchmark: 'watch',
  records: RECORDS,
  redraw10kTreeOrder: redrawTree,
  redraw10kSortedByExpiry: redrawExpiry,
  redrawBudgetMs: 20,
  redrawMedianUnderBudget: redrawTree.medianMs < 20 && redrawExpiry.medianMs < 20,
  redrawP95UnderBudget: redrawTree.p95Ms < 20 && redrawExpiry.p95Ms < 20,
  stepTraffic: {refreshes: REFRESHES_PER_STEP, newHosts: NEW_HOSTS_PER_STEP},
  ingestFramesPerSec: alone.framesPerSec,
  ingestFramesPerSecWhileRedrawingEverySecond: withRedraw.framesPerSec,
  redrawsDuringIngest: withRedraw.redraws,
  // Frames the kernel ring holds while one redraw blocks the event loop (live.ts snaplen and ring size).
  ringCapacityFrames: ringFrames,
  framesArrivingDuringOneRedrawAt100kpps: Math.ceil(100_000 * (Math.max(redrawTree.maxMs, redrawExpiry.maxMs) / 1000)),
  snaplen: DEFAULT_SNAPLEN,
}, null, 2));
