// An hour of a busy link through the real watch loop — WatchSession and the terminal output,
// drawing on a fake 160x50 terminal — stepped as fast as it goes. Every ten minutes of link time
// it notes the records held, the heap after a full GC and the step times, to show that watch
// left running stays cheap. Run: node --expose-gc --import tsx scripts/bench/measure-watch-hour.ts
import {performance} from 'node:perf_hooks';
import {PassThrough, Writable} from 'node:stream';

import {Chalk} from 'chalk';

import type {ReachabilityModel} from '../../src/core/model.js';
import {createModel, ingestFrame} from '../../src/pipeline.js';
import {terminalOutput, type WatchOutput} from '../../src/watch/outputs.js';
import {WatchSession} from '../../src/watch/session.js';
import type {WatchSource} from '../../src/watch/sources.js';
import {arpFrame, percentile, round, START_SEC} from './watch-steps.js';

const LINK_SECONDS = 3600;
const SAMPLE_EVERY_SEC = 600;
/** Hosts talking at any moment; NEW_HOSTS_PER_SEC join each second and as many fall silent. */
const ACTIVE_HOSTS = 8000;
const NEW_HOSTS_PER_SEC = 5;
const REFRESHES_PER_SEC = 1000;

interface Sample {
  minute: number;
  records: number;
  heapUsedMiB: number;
  rssMiB: number;
  medianStepMs: number;
  p95StepMs: number;
}

/** A second of link traffic per step: refreshes from the talking hosts, a few newcomers. */
function busyLink(onStepDone: (second: number) => void): WatchSource & {second: number} {
  let random = 1;
  const nextRandom = () => (random = (random * 1_103_515_245 + 12_345) % 2 ** 31);
  const source = {
    label: 'bench0 (an hour, max speed)',
    pace: 'max' as const,
    second: 0,
    advance(model: ReachabilityModel) {
      const now = START_SEC + source.second;
      const firstTalking = 1 + source.second * NEW_HOSTS_PER_SEC;
      if (source.second === 0) for (let n = 1; n <= ACTIVE_HOSTS; n++) ingestFrame(model, arpFrame(n, now));
      for (let i = 0; i < NEW_HOSTS_PER_SEC; i++) ingestFrame(model, arpFrame(firstTalking + ACTIVE_HOSTS - 1 - i, now));
      for (let i = 0; i < REFRESHES_PER_SEC; i++) ingestFrame(model, arpFrame(firstTalking + (nextRandom() % ACTIVE_HOSTS), now));
      model.advanceTo(now);
      onStepDone(source.second);
      source.second += 1;
      return {frames: REFRESHES_PER_SEC + NEW_HOSTS_PER_SEC, seconds: 1, done: source.second > LINK_SECONDS};
    },
    dropped: () => 0,
    received: () => 0,
    note: () => undefined,
    lost: () => undefined,
    warnings: () => [],
    close: () => undefined,
  };
  return source;
}

/** A terminal that is never looked at: writes are counted and dropped. */
function fakeTerminal() {
  const stdout = Object.assign(new Writable({write: (_chunk, _encoding, done) => done()}), {columns: 160, rows: 50, isTTY: true});
  const stdin = Object.assign(new PassThrough(), {isTTY: false});
  return {stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream};
}

async function main(): Promise<void> {
  const gc = (globalThis as {gc?: () => void}).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  const model = createModel({'arp-base': 30, 'nd6-base': 30, seed: 1});
  model.addInterface({id: 0, name: 'bench0', linkType: 1});
  const samples: Sample[] = [];
  let stepTimes: number[] = [];
  let advancedAt = 0;
  const source = busyLink(() => (advancedAt = performance.now()));
  const session = new WatchSession({model, source, intervalMs: 1000, proto: 'all', holdAtEnd: false});
  const terminal = terminalOutput({chalk: new Chalk({level: 2}), proto: 'all', onQuit: () => session.stop(), ...fakeTerminal()});
  const timed: WatchOutput = {
    show(step) {
      terminal.show(step);
      stepTimes.push(performance.now() - advancedAt); // snapshot, diff, selection, screen and log-update
      if (source.second % SAMPLE_EVERY_SEC !== 0) return;
      gc();
      const records = step.snapshot.interfaces.reduce((sum, ctx) => sum + ctx.records.length, 0);
      const memory = process.memoryUsage();
      const mib = (bytes: number) => round(bytes / 2 ** 20);
      samples.push({
        minute: source.second / 60, records, heapUsedMiB: mib(memory.heapUsed), rssMiB: mib(memory.rss),
        medianStepMs: round(percentile(stepTimes, 50)), p95StepMs: round(percentile(stepTimes, 95)),
      });
      stepTimes = [];
    },
    end: () => terminal.end(),
  };
  const started = performance.now();
  const summary = await session.run(timed);
  console.log(JSON.stringify({
    linkSeconds: LINK_SECONDS, activeHosts: ACTIVE_HOSTS, newHostsPerSec: NEW_HOSTS_PER_SEC,
    framesPerSec: REFRESHES_PER_SEC + NEW_HOSTS_PER_SEC, wallSec: round((performance.now() - started) / 1000),
    recordsSeen: summary.recordsSeen, samples,
  }));
}

await main();
