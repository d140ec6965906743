// Benchmarks `watch`'s two costs and prints them as JSON: redrawing a 10,000-record table
// (snapshot, diff, selection, screen text) and how many frames the pipeline ingests per second
// while it also redraws once a second. Run: node --import tsx scripts/bench-watch.ts
import {performance} from 'node:perf_hooks';

import {DEFAULT_BUFFER_BYTES, DEFAULT_SNAPLEN} from '../src/capture/live.js';
import type {Snapshot} from '../src/core/snapshot.js';
import {createModel, ingestFrame} from '../src/pipeline.js';
import type {SortKey} from '../src/watch/view-state.js';
import {arpFrame, percentile, redraw, round, START_SEC, type Phases} from './bench/watch-steps.js';

const RECORDS = 10_000;
const REDRAWS = 60;
const WARMUP_REDRAWS = 5;
const REFRESHES_PER_STEP = 1_000;
const NEW_HOSTS_PER_STEP = 10;
const INGEST_SECONDS = 2;

/** Approximate TPACKET_V2 ring slot: snaplen plus header, sockaddr_ll and MAC reserve, 16-aligned. */
function ringSlotBytes(snaplen: number): number {
  return Math.ceil((snaplen + 96) / 16) * 16;
}

function buildModel() {
  const model = createModel({'arp-base': 30, 'nd6-base': 30, seed: 1});
  model.addInterface({id: 0, name: 'bench0', linkType: 1});
  for (let n = 1; n <= RECORDS; n++) ingestFrame(model, arpFrame(n, START_SEC + Math.floor(n / 1000)));
  return model;
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
