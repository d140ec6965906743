// Child process of the benchmark: what `show` does after reading — the snapshot, the JSON text and the table text.
// Run: node --import tsx scripts/bench/measure-output.ts FILE  (prints one JSON object)
import {readFileSync} from 'node:fs';
import {performance} from 'node:perf_hooks';

import {Chalk} from 'chalk';

import {readCaptureBytes} from '../../src/capture/file-reader.js';
import {takeSnapshot, type Snapshot} from '../../src/core/snapshot.js';
import {createModel, ingestFrame} from '../../src/pipeline.js';
import {renderShow} from '../../src/render/table.js';

/** Table sizes to render: enough points to show how the cost grows with the row count. */
const TABLE_ROWS = [1000, 2000, 4000];

function timeMs<T>(work: () => T): {ms: number; value: T} {
  const started = performance.now();
  const value = work();
  return {ms: Math.round(performance.now() - started), value};
}

/** The snapshot cut to its first `rows` records (one context: the benchmark capture has one). */
function firstRows(snapshot: Snapshot, rows: number): Snapshot {
  const [ctx] = snapshot.interfaces;
  return {...snapshot, interfaces: [{...ctx, records: ctx.records.slice(0, rows)}]};
}

const [path] = process.argv.slice(2);
const model = createModel({'arp-base': 30, 'nd6-base': 30, seed: 1});
readCaptureBytes(readFileSync(path), (frame) => ingestFrame(model, frame), (iface) => model.addInterface(iface));
const snapshot = timeMs(() => takeSnapshot(model, 'all'));
const json = timeMs(() => JSON.stringify(snapshot.value, null, 2));
const chalk = new Chalk({level: 0});
const table = TABLE_ROWS.map((rows) => ({
  rows,
  ms: timeMs(() => renderShow(firstRows(snapshot.value, rows), {sourceLabel: 'bench', chalk})).ms,
}));
console.log(JSON.stringify({
  records: snapshot.value.interfaces.reduce((sum, ctx) => sum + ctx.records.length, 0),
  snapshotMs: snapshot.ms,
  jsonStringifyMs: json.ms,
  jsonBytes: json.value.length,
  tableRenderMs: table,
}));
