// `npm run bench`: generates the benchmark captures, times llreach beside tcpdump and tshark, writes BENCHMARKS.md.
// Options: --frames N (1,000,000) --hosts N (12,000) --flood N (1,000,000) --seed N (1) --runs N (3) --out DIR (bench-out)
import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {cpus, release, totalmem} from 'node:os';
import {dirname, join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';

import {generateFloodCapture, generateMixedCapture, type CaptureStats} from './bench/generate-capture.js';
import {writeReport, type BenchResults, type FloodFigures, type IngestFigures} from './bench/report.js';
import {hasGnuTime, loadAverage, runJsonChild, timeCommand, versionLine, type TimedRun} from './bench/run-commands.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Bump when the generator's output changes, so cached captures are regenerated. */
const GENERATOR_VERSION = 1;

function log(message: string): void {
  process.stderr.write(`bench: ${message} (load ${loadAverage()})\n`);
}

function parseOptions() {
  const {values} = parseArgs({
    options: {
      frames: {type: 'string', default: '1000000'},
      hosts: {type: 'string', default: '12000'},
      flood: {type: 'string', default: '1000000'},
      seed: {type: 'string', default: '1'},
      runs: {type: 'string', default: '3'},
      out: {type: 'string', default: 'bench-out'},
    },
  });
  const number = (name: keyof typeof values) => Number(values[name]);
  return {frames: number('frames'), hosts: number('hosts'), flood: number('flood'), seed: number('seed'),
    runs: number('runs'), out: join(ROOT, values.out!)};
}

/** Builds dist/ when any source file is newer than the built show command. */
function buildIfStale(): void {
  const built = join(ROOT, 'dist/commands/show.js');
  const builtMs = existsSync(built) ? statSync(built).mtimeMs : 0;
  if (newestMtimeMs(join(ROOT, 'src')) <= builtMs) return;
  log('dist is older than src: npm run build');
  const result = spawnSync('npm', ['run', 'build'], {cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit']});
  if (result.status !== 0) throw new Error('npm run build failed; the end-to-end figure needs a working build');
}

function newestMtimeMs(dir: string): number {
  return readdirSync(dir, {withFileTypes: true}).reduce((newest, entry) => {
    const path = join(dir, entry.name);
    return Math.max(newest, entry.isDirectory() ? newestMtimeMs(path) : statSync(path).mtimeMs);
  }, 0);
}

/** The mixed capture, generated once per set of options (the generator is deterministic). */
function mixedCapture(options: ReturnType<typeof parseOptions>): {path: string; stats: CaptureStats} {
  const path = join(options.out, `mixed-v${GENERATOR_VERSION}-${options.frames}f-${options.hosts}h-s${options.seed}.pcap`);
  const statsPath = `${path}.json`;
  if (existsSync(path) && existsSync(statsPath)) return {path, stats: JSON.parse(readFileSync(statsPath, 'utf8'))};
  log(`generating ${relative(ROOT, path)}`);
  const stats = generateMixedCapture(path, {frames: options.frames, hosts: options.hosts, seed: options.seed});
  writeFileSync(statsPath, JSON.stringify(stats));
  return {path, stats};
}

function floodCapture(options: ReturnType<typeof parseOptions>): string {
  const path = join(options.out, `flood-v${GENERATOR_VERSION}-${options.flood}macs.pcap`);
  if (existsSync(path)) return path;
  log(`generating ${relative(ROOT, path)}`);
  generateFloodCapture(path, options.flood);
  return path;
}

/** llreach, tcpdump and tshark on the same file, interleaved round by round. */
function timeCommands(file: string, runs: number) {
  const commands = {
    llreach: ['node', 'bin/run.js', 'show', '--read', file, '--json', '--seed', '1'],
    tcpdump: ['tcpdump', '-r', file, '-w', '/dev/null'],
    tshark: ['tshark', '-r', file, '-Y', 'arp or icmpv6'],
  };
  const timed: Record<keyof typeof commands, TimedRun[]> = {llreach: [], tcpdump: [], tshark: []};
  for (let round = 1; round <= runs; round++) {
    for (const [name, argv] of Object.entries(commands) as Array<[keyof typeof commands, string[]]>) {
      log(`round ${round}/${runs}: ${name}`);
      timed[name].push(timeCommand(argv, ROOT));
    }
  }
  return timed;
}

const TSX = ['node', '--import', 'tsx'];

function measureIngest(file: string, runs: number) {
  log('in-process reader, decode and model');
  return runJsonChild([...TSX, 'scripts/bench/measure-ingest.ts', file, String(runs)], ROOT) as
    {fromMemory: IngestFigures; decodeModel: IngestFigures};
}

function measureFlood(options: ReturnType<typeof parseOptions>): FloodFigures | {notMeasured: string} {
  const show = readFileSync(join(ROOT, 'src/commands/show.ts'), 'utf8');
  if (!show.includes("'max-records'")) return {notMeasured: 'not measured: --max-records not yet implemented'};
  const file = floodCapture(options);
  log('MAC flood');
  const figures = runJsonChild([...TSX, 'scripts/bench/measure-flood.ts', file], ROOT) as Omit<FloodFigures, 'macs'>;
  return {macs: options.flood, ...figures};
}

function measureWatch(): unknown {
  if (!existsSync(join(ROOT, 'scripts/bench-watch.ts'))) return 'not measured: scripts/bench-watch.ts does not exist yet';
  log('watch redraw (scripts/bench-watch.ts)');
  const redraw = runJsonChild([...TSX, 'scripts/bench-watch.ts'], ROOT) as Record<string, unknown>;
  log('watch for an hour of link time (scripts/bench/measure-watch-hour.ts)');
  const hour = runJsonChild(['node', '--expose-gc', '--import', 'tsx', 'scripts/bench/measure-watch-hour.ts'], ROOT);
  return {...redraw, hour};
}

function describeMachine(): BenchResults['machine'] {
  const nproc = Number(spawnSync('nproc', {encoding: 'utf8'}).stdout.trim());
  return {nproc, cpu: cpus()[0]?.model ?? 'unknown', memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version, kernel: `Linux ${release()}`};
}

function main(): void {
  const options = parseOptions();
  mkdirSync(options.out, {recursive: true});
  buildIfStale();
  const {path, stats} = mixedCapture(options);
  const file = relative(ROOT, path);
  const loads: Record<string, string> = {};
  const loadBefore = loadAverage();
  const runs = timeCommands(file, options.runs);
  loads['after the command runs'] = loadAverage();
  const ingest = measureIngest(file, options.runs);
  loads['after in-process'] = loadAverage();
  const output = runJsonChild([...TSX, 'scripts/bench/measure-output.ts', file], ROOT) as BenchResults['output'];
  const memory = runJsonChild(['node', '--expose-gc', '--import', 'tsx', 'scripts/bench/measure-memory.ts', '100000'], ROOT) as BenchResults['memory'];
  const flood = measureFlood(options);
  const watch = measureWatch();
  const results: BenchResults = {
    date: new Date().toISOString(), machine: describeMachine(),
    tools: {tcpdump: versionLine(['tcpdump', '--version']), tshark: versionLine(['tshark', '--version']), gnuTime: hasGnuTime()},
    command: `node bin/run.js show --read ${file} --json --seed 1`,
    capture: {path: file, frames: stats.frames, hosts: options.hosts, seed: options.seed, bytes: stats.bytes, byKind: stats.byKind},
    loadBefore, loadAfter: loadAverage(), loads, runs, ingest, output, memory, flood, watch,
  };
  writeReport(join(ROOT, 'BENCHMARKS.md'), results);
  log('wrote BENCHMARKS.md');
  console.log(JSON.stringify(results, null, 2));
}

main();
