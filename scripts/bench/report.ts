// Turns the benchmark's figures into BENCHMARKS.md, keeping whatever others appended below the marker.
import {existsSync, readFileSync, writeFileSync} from 'node:fs';

import type {TimedRun} from './run-commands.js';

/** Text below this line in BENCHMARKS.md is kept when the benchmark rewrites the file. */
export const KEEP_MARKER = '<!-- npm run bench keeps everything below this line: append other measurements here -->';

/** Issue 2's targets. */
export const TARGET_FRAMES_PER_SEC = 1_000_000;
export const TARGET_BYTES_PER_RECORD = 400;

export interface IngestFigures {
  runsSec: number[];
  bestSec: number;
  frames: number;
  records: number;
  framesPerSec: number;
}

export interface BenchResults {
  date: string;
  machine: {nproc: number; cpu: string; memory: string; node: string; kernel: string};
  tools: {tcpdump: string; tshark: string; gnuTime: boolean};
  command: string;
  capture: {path: string; frames: number; hosts: number; seed: number; bytes: number; byKind: Record<string, number>};
  loadBefore: string;
  loadAfter: string;
  runs: {llreach: TimedRun[]; tcpdump: TimedRun[]; tshark: TimedRun[]};
  ingest: {fromMemory: IngestFigures; decodeModel: IngestFigures};
  output: {records: number; snapshotMs: number; jsonStringifyMs: number; jsonBytes: number; tableRenderMs: Array<{rows: number; ms: number}>};
  memory: {records: number; addresses: number; bytesPerRecord: number; heapBytesBefore: number; heapBytesAfter: number};
  flood: FloodFigures | {notMeasured: string};
  watch: unknown;
  loads: Record<string, string>;
}

export interface FloodFigures {
  macs: number;
  frames: number;
  maxRecords: number;
  recordsKept: number;
  evicted: {records: number; entries: number};
  ingestSec: number;
  framesPerSec: number;
  jsonBytes: number;
  maxRssBytes: number;
}

/** Rewrites `path` with these results, keeping the text below KEEP_MARKER. */
export function writeReport(path: string, results: BenchResults): void {
  const kept = existsSync(path) ? readFileSync(path, 'utf8').split(KEEP_MARKER)[1] : undefined;
  const body = [header(results), machine(results), measured(results), figures(results), targets(results),
    outputStage(results), watchSection(results), floodSection(results)].join('\n\n');
  writeFileSync(path, `${body}\n\n${KEEP_MARKER}\n${kept === undefined ? '\n## Other measurements\n\n(none yet)\n' : kept.replace(/^\n/, '')}`);
}

function header(r: BenchResults): string {
  return `# Benchmarks

Written by \`npm run bench\` (scripts/bench.ts) on ${r.date}. Every figure below comes from that one
run on one generated capture; rerun \`npm run bench\` to refresh them (the capture is regenerated
identically from its seed under bench-out/, which git ignores).`;
}

function machine({machine: m, tools, loadBefore, loadAfter, runs}: BenchResults): string {
  return `## Machine

| | |
|---|---|
| CPU | ${m.cpu} |
| Cores (nproc) | ${m.nproc} |
| Memory | ${m.memory} |
| Kernel | ${m.kernel} |
| Node | ${m.node} |
| tcpdump | ${tools.tcpdump} |
| tshark | ${tools.tshark} |
| Load average (1, 5, 15 min) | before: ${loadBefore}; after: ${loadAfter} |

The machine is shared: other jobs (test suites of other work in progress) may run at the same
time, which the load averages show. Each timed command ran ${runs.llreach.length} times, interleaved (llreach, tcpdump,
tshark, then again), and the fastest run counts.`;
}

function measured({capture: c, command}: BenchResults): string {
  const mix = Object.entries(c.byKind).map(([kind, n]) => `${kind} ${n.toLocaleString('en-US')}`).join(', ');
  return `## What was measured, and how

- **Capture**: \`${c.path}\`, classic pcap (microseconds, Ethernet), ${c.frames.toLocaleString('en-US')} frames,
  ${(c.bytes / 1e6).toFixed(1)} MB, from ${c.hosts.toLocaleString('en-US')} station MACs plus 4 routers, seed ${c.seed},
  stamped at 100,000 frames/s of capture time (${c.frames / 100_000} s). Mix: ${mix}. ARP requests and replies;
  NS with a source link-layer option, NA (solicited, override) with a target one, RS, RA (from
  fe80::/64 link-local sources, as RFC 4861 requires, with a prefix option); UDP over IPv4 and
  IPv6 with valid checksums. Frames are 60–120 bytes. Unicast addresses come only from
  198.51.100.0/24, 203.0.113.0/24 (the first 508 hosts are dual-stack) and 2001:db8::/32.
- **llreach end to end**: \`${command} > /dev/null\` — process start, oclif, reading the file,
  decoding, the model and the output; wall time measured around the process, peak RSS by
  \`/usr/bin/time -f %M\`.
- **llreach in process** (scripts/bench/measure-ingest.ts, one child process): the file is read
  into memory first, so no disk and no process start are counted. *Reader + decode + model*:
  \`readCaptureBytes\` feeding \`ingestFrame\` (what \`show --read\` runs per frame).
  *Decode + model*: the frames are split out of the file beforehand and only \`ingestFrame\`
  (\`decodeFrame\` then \`model.ingest\`) is timed. Same flags as the end-to-end run (seed 1,
  bases 30 s, default --max-records).
- **tcpdump**: \`tcpdump -r FILE -w /dev/null\` (reads and writes every record, no dissection).
- **tshark**: \`tshark -r FILE -Y "arp or icmpv6" > /dev/null\` (dissects every frame, prints the matches).
- **Bytes per record** (scripts/bench/measure-memory.ts, \`node --expose-gc\`): a model takes
  100,000 Neighbor Advertisements, each from a distinct MAC announcing its own 2001:db8:1::
  address, through \`ingestFrame\`: 100,000 records and 100,000 resolver entries. Heap in use
  after \`global.gc()\` before and after, divided by the records. IPv6 is the costlier family
  (its addresses are 32-character strings); IPv4 cannot be measured at this size inside the
  512 documentation addresses.`;
}

function figures(r: BenchResults): string {
  const frames = r.capture.frames;
  const llreach = best(r.runs.llreach);
  const tcpdump = best(r.runs.tcpdump);
  const tshark = best(r.runs.tshark);
  const fps = (run: TimedRun) => frames / run.wallSec;
  const row = (name: string, sec: number, rate: number, rss: number | undefined, runs: string) =>
    `| ${name} | ${sec.toFixed(3)} | ${Math.round(rate).toLocaleString('en-US')} | ${ratio(rate, fps(tcpdump))} | ${ratio(rate, fps(tshark))} | ${rss === undefined ? '—' : mb(rss)} | ${runs} |`;
  const wallRuns = (runs: TimedRun[]) => runs.map((run) => run.wallSec.toFixed(2)).join(', ');
  const {fromMemory, decodeModel} = r.ingest;
  return `## Figures

${frames.toLocaleString('en-US')} frames; frames/s = frames ÷ best wall time. Ratios are this row's frames/s over tcpdump's and tshark's.

| Measurement | Best s | Frames/s | × tcpdump | × tshark | Peak RSS | Runs (s) |
|---|---:|---:|---:|---:|---:|---|
${row('llreach show --read --json (end to end)', llreach.wallSec, fps(llreach), llreach.maxRssBytes, wallRuns(r.runs.llreach))}
${row('llreach reader + decode + model (in process, from memory)', fromMemory.bestSec, fromMemory.framesPerSec, undefined, fromMemory.runsSec.join(', '))}
${row('llreach decode + model (in process)', decodeModel.bestSec, decodeModel.framesPerSec, undefined, decodeModel.runsSec.join(', '))}
${row('tcpdump -r FILE -w /dev/null', tcpdump.wallSec, fps(tcpdump), tcpdump.maxRssBytes, wallRuns(r.runs.tcpdump))}
${row('tshark -r FILE -Y "arp or icmpv6"', tshark.wallSec, fps(tshark), tshark.maxRssBytes, wallRuns(r.runs.tshark))}

Records in the model at the end: ${decodeModel.records.toLocaleString('en-US')}.
Bytes per record at ${r.memory.records.toLocaleString('en-US')} records: **${r.memory.bytesPerRecord}** (heap ${mb(r.memory.heapBytesBefore)} → ${mb(r.memory.heapBytesAfter)}).
Load average while measuring: ${Object.entries(r.loads).map(([step, load]) => `${step}: ${load}`).join('; ')}.`;
}

function verdict(ok: boolean): string {
  return ok ? '**PASS**' : '**MISS**';
}

function targets(r: BenchResults): string {
  const rate = r.ingest.decodeModel.framesPerSec;
  const perRecord = r.memory.bytesPerRecord;
  return `## Targets (issue 2)

| Target | Measured | Verdict |
|---|---:|---|
| ≥ 1,000,000 frames/s through decode and model, on this ${r.machine.nproc}-core machine | ${rate.toLocaleString('en-US')} frames/s (with the pcap reader: ${r.ingest.fromMemory.framesPerSec.toLocaleString('en-US')}) | ${verdict(rate >= TARGET_FRAMES_PER_SEC)} |
| < 400 bytes per record | ${perRecord} bytes | ${verdict(perRecord < TARGET_BYTES_PER_RECORD)} |`;
}

function outputStage({output: o, runs, ingest}: BenchResults): string {
  const e2e = best(runs.llreach).wallSec;
  const rest = e2e - ingest.fromMemory.bestSec - (o.snapshotMs + o.jsonStringifyMs) / 1000;
  const points = o.tableRenderMs.map(({rows, ms}) => `${rows.toLocaleString('en-US')} rows: ${(ms / 1000).toFixed(2)} s`).join('; ');
  return `## Where the end-to-end time goes

The end-to-end run takes ${e2e.toFixed(1)} s. Reading, decoding and the model take about
${ingest.fromMemory.bestSec.toFixed(1)} s of it; for the ${o.records.toLocaleString('en-US')} records the snapshot takes ${o.snapshotMs} ms and
\`JSON.stringify\` ${o.jsonStringifyMs} ms (${mb(o.jsonBytes)} of JSON) (scripts/bench/measure-output.ts). The remaining
${rest.toFixed(1)} s are process start, oclif and writing the JSON. \`show\` lays out no table under
\`--json\`, and past 500 records per context it lays tables out in plain columns in linear time,
because cli-table3's layout (\`fillInTable\`, \`conflictExists\`) compares each cell with every
earlier one. Its table render time measured in this run (src/render/table.ts): ${points}.`;
}

/** The figures scripts/bench-watch.ts prints (the fields this report reads). */
interface WatchFigures {
  records: number;
  redraw10kTreeOrder: RedrawFigures;
  redraw10kSortedByExpiry: RedrawFigures;
  redrawBudgetMs: number;
  stepTraffic: {refreshes: number; newHosts: number};
  ingestFramesPerSec: number;
  ingestFramesPerSecWhileRedrawingEverySecond: number;
  ringCapacityFrames: number;
  framesArrivingDuringOneRedrawAt100kpps: number;
  hour?: HourFigures;
}

/** What scripts/bench/measure-watch-hour.ts prints. */
interface HourFigures {
  linkSeconds: number;
  activeHosts: number;
  newHostsPerSec: number;
  framesPerSec: number;
  wallSec: number;
  recordsSeen: number;
  samples: Array<{minute: number; records: number; heapUsedMiB: number; rssMiB: number; medianStepMs: number; p95StepMs: number}>;
}

function hourSection(hour: HourFigures | undefined): string {
  if (!hour) return 'The hour-long run was not measured.';
  const rows = hour.samples.map((s) => `| ${s.minute} | ${s.records.toLocaleString('en-US')} | ${s.heapUsedMiB} MiB | ${s.rssMiB} MiB | ${s.medianStepMs} ms | ${s.p95StepMs} ms |`);
  return `### An hour left running

scripts/bench/measure-watch-hour.ts plays ${hour.linkSeconds / 60} minutes of a busy link through the real watch loop
(WatchSession and the terminal output, drawing through log-update on a fake 160x50 terminal), as
fast as it goes (${hour.wallSec} s of wall time here): ${hour.activeHosts.toLocaleString('en-US')} hosts talk at any moment, ${hour.newHostsPerSec} new ones join each
second while as many fall silent (their records expire, their addresses age out after 1200 s and
the records go), ${hour.framesPerSec.toLocaleString('en-US')} ARP frames a second; ${hour.recordsSeen.toLocaleString('en-US')} distinct records in all. Every ten minutes
of link time: the records held, the heap after a full GC, the process RSS, and the time of the
steps of those ten minutes (snapshot, diff, selection, screen and terminal write).

| Minute | Records | Heap after GC | RSS | Median step | p95 step |
|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}`;
}

interface RedrawFigures {
  firstRedrawMs: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
}

function watchSection({watch}: BenchResults): string {
  const heading = '## Watch redraw\n\n<!-- section: watch-redraw (filled by npm run bench from scripts/bench-watch.ts) -->';
  if (typeof watch === 'string') return `${heading}\n\n${watch}`;
  const w = watch as WatchFigures;
  const [tree, expiry] = [w.redraw10kTreeOrder, w.redraw10kSortedByExpiry];
  const worstP95 = Math.max(tree.p95Ms, expiry.p95Ms);
  const keepsUp = w.framesArrivingDuringOneRedrawAt100kpps < w.ringCapacityFrames;
  return `${heading}

One redraw is what \`watch\` does each interval: export the model (takeSnapshot), diff it with the
last export, select and sort the rows, and lay out the screen text with colour. The model holds
${w.records.toLocaleString('en-US')} records; before each of the measured redraws one second of traffic arrives
(${w.stepTraffic.refreshes.toLocaleString('en-US')} ARP frames from known hosts, ${w.stepTraffic.newHosts} new hosts), and the clock moves on a second.
The very first redraw, in which every record is new (all of its text formatted, an event per
record and address) and the code is not yet optimised by V8, is shown apart: it happens once.

| Target | Measured | |
|---|---|---|
| Redraw of ${w.records.toLocaleString('en-US')} records < ${w.redrawBudgetMs} ms | tree order: median ${tree.medianMs} ms, p95 ${tree.p95Ms} ms, max ${tree.maxMs} ms; sorted by expiry: median ${expiry.medianMs} ms, p95 ${expiry.p95Ms} ms, max ${expiry.maxMs} ms (first redraw: ${tree.firstRedrawMs} ms) | ${verdict(worstP95 < w.redrawBudgetMs)} (at the 95th percentile) |
| The capture keeps up while the screen redraws | ${w.ingestFramesPerSec.toLocaleString('en-US')} frames/s through decode and model alone, ${w.ingestFramesPerSecWhileRedrawingEverySecond.toLocaleString('en-US')} while redrawing every second; the longest redraw lets ${w.framesArrivingDuringOneRedrawAt100kpps.toLocaleString('en-US')} frames queue at 100,000 frames/s, and the capture ring holds ${w.ringCapacityFrames.toLocaleString('en-US')} | ${verdict(keepsUp)} |

${hourSection(w.hour)}

Every figure printed by \`node --import tsx scripts/bench-watch.ts\` in this run:

\`\`\`json
${JSON.stringify({...w, hour: undefined}, null, 2)}
\`\`\``;
}

function floodSection({flood, ingest}: BenchResults): string {
  const marker = '<!-- section: mac-flood (filled by npm run bench) -->';
  if ('notMeasured' in flood) return `## MAC flood\n\n${marker}\n\n${flood.notMeasured}`;
  return `## MAC flood

${marker}

A capture of ${flood.macs.toLocaleString('en-US')} Neighbor Solicitations, each from a MAC and a 2001:db8:1:: address never
seen before (every frame makes a resolver entry and a record), read with \`show\`'s default
\`--max-records\` (${flood.maxRecords.toLocaleString('en-US')}) by the functions \`show --read --json\` calls (createModel,
feedFile, takeSnapshot, JSON.stringify) in one child process (scripts/bench/measure-flood.ts);
peak memory is that process's \`resourceUsage().maxRSS\`. Only the JSON is measured here; the
table of the same records is laid out in plain columns (past 500 rows), in linear time.

| Frames | Records kept | Evicted records / addresses | Ingest s | Frames/s | JSON | Peak RSS |
|---:|---:|---:|---:|---:|---:|---:|
| ${flood.frames.toLocaleString('en-US')} | ${flood.recordsKept.toLocaleString('en-US')} | ${flood.evicted.records.toLocaleString('en-US')} / ${flood.evicted.entries.toLocaleString('en-US')} | ${flood.ingestSec} | ${flood.framesPerSec.toLocaleString('en-US')} | ${mb(flood.jsonBytes)} | ${mb(flood.maxRssBytes)} |

${flood.evicted.records > 0 ? evictionNote(flood, ingest.fromMemory) : 'The flood was smaller than the bound, so nothing was evicted.'}`;
}

function evictionNote(flood: FloodFigures, mixed: IngestFigures): string {
  const slowdown = (mixed.framesPerSec / flood.framesPerSec).toFixed(1);
  return `Memory stays bounded by --max-records. Per frame the flood runs ${slowdown} times slower than the
mixed capture through the reader, decode and model (in memory): each eviction batch sorts every
record of the context (src/core/capacity.ts \`evictRecords\`).`;
}

function best(runs: TimedRun[]): TimedRun {
  return runs.reduce((a, b) => (b.wallSec < a.wallSec ? b : a));
}

function ratio(rate: number, reference: number): string {
  return `${(rate / reference).toFixed(2)}`;
}

function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
