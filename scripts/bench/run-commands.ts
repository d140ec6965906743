// Runs and times the benchmark's commands: llreach end to end, tcpdump, tshark, and the measuring child processes.
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync} from 'node:fs';
import {loadavg, tmpdir} from 'node:os';
import {join} from 'node:path';
import {performance} from 'node:perf_hooks';

const GNU_TIME = '/usr/bin/time';

/** One timed run of a command whose standard output went to /dev/null. */
export interface TimedRun {
  wallSec: number;
  /** Peak resident set of the command, from GNU time; undefined when /usr/bin/time is missing. */
  maxRssBytes: number | undefined;
  exitCode: number;
}

export function hasGnuTime(): boolean {
  return existsSync(GNU_TIME);
}

/** Runs `argv` with stdout to /dev/null, timing the wall clock here and the peak RSS with GNU time. */
export function timeCommand(argv: string[], cwd: string): TimedRun {
  const scratch = mkdtempSync(join(tmpdir(), 'llreach-bench-'));
  const rssFile = join(scratch, 'rss');
  const command = hasGnuTime() ? [GNU_TIME, '-f', '%M', '-o', rssFile, ...argv] : argv;
  const devNull = openSync('/dev/null', 'w');
  try {
    const started = performance.now();
    const result = spawnSync(command[0], command.slice(1), {cwd, stdio: ['ignore', devNull, 'pipe']});
    const wallSec = (performance.now() - started) / 1000;
    if (result.status !== 0) throw new Error(`${argv.join(' ')} exited ${result.status}: ${result.stderr}`);
    return {wallSec, maxRssBytes: readRssKib(rssFile), exitCode: result.status};
  } finally {
    closeSync(devNull);
    rmSync(scratch, {recursive: true, force: true});
  }
}

function readRssKib(path: string): number | undefined {
  if (!existsSync(path)) return undefined;
  const kib = Number(readFileSync(path, 'utf8').trim().split('\n').pop());
  return Number.isFinite(kib) ? kib * 1024 : undefined;
}

/** Runs a child that prints one JSON object on stdout, and parses it. */
export function runJsonChild(argv: string[], cwd: string): unknown {
  const result = spawnSync(argv[0], argv.slice(1), {cwd, encoding: 'utf8', maxBuffer: 64 << 20});
  if (result.status !== 0) throw new Error(`${argv.join(' ')} exited ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

/** The first line a command prints about its version ('' when it cannot run). */
export function versionLine(argv: string[]): string {
  const result = spawnSync(argv[0], argv.slice(1), {encoding: 'utf8'});
  const text = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  return text.split('\n').find((line) => line.trim() !== '' && !line.startsWith('Running as'))?.trim() ?? '';
}

/** The 1-, 5- and 15-minute load averages, two decimals each. */
export function loadAverage(): string {
  return loadavg().map((value) => value.toFixed(2)).join(', ');
}
