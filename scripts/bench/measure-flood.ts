// Child process of the benchmark: a MAC flood read the way `show --read` reads it, with its default --max-records.
// Run: node --import tsx scripts/bench/measure-flood.ts FILE  (prints one JSON object)
import {performance} from 'node:perf_hooks';

// The flood runs through show's own functions in one process, so the figure is the model's
// memory and speed under eviction, without process start-up.

import {DEFAULT_MAX_RECORDS} from '../../src/core/capacity.js';
import {takeSnapshot} from '../../src/core/snapshot.js';
import {createModel, evictionWarnings, feedFile} from '../../src/pipeline.js';

const [path] = process.argv.slice(2);
const started = performance.now();
const model = createModel({'arp-base': 30, 'nd6-base': 30, seed: 1, 'max-records': DEFAULT_MAX_RECORDS});
const summary = feedFile(model, path);
const ingestSec = (performance.now() - started) / 1000;
const json = JSON.stringify(takeSnapshot(model, 'all'), null, 2);
const [ctx] = model.contextsInOrder();
console.log(JSON.stringify({
  frames: summary.frames,
  maxRecords: DEFAULT_MAX_RECORDS,
  recordsKept: ctx.tree.size,
  evicted: ctx.evicted,
  warnings: evictionWarnings(model).length,
  ingestSec: Math.round(ingestSec * 100) / 100,
  framesPerSec: Math.round(summary.frames / ingestSec),
  jsonBytes: json.length,
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
}));
