// A MAC flood through a veth pair: 200,000 frames, each from a new random source MAC, sent by a
// python3 AF_PACKET sender in one namespace while `llreach show --max-records 1000` captures in
// the other. The bound must hold, the flood must be counted, and memory must stay bounded.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, it} from 'node:test';

import {projectRoot, runJs} from '../helpers/paths.js';
import {captureOpened, exec, spawnIn, useLab} from './netns.js';

const SENDER = join(projectRoot, 'test', 'integration', 'fixtures', 'flood-sender.py');
const FLOOD_FRAMES = 200_000;
const MAX_RECORDS = 1000;
/**
 * Peak resident memory allowed for the capturing llreach. Measured on the 2-core CI machine:
 * about 150 MiB (node and oclif ~65 MiB, the 32 MiB capture ring once the flood has filled it, the
 * model at 1,000 records, rendering). 256 MiB leaves room for GC timing; a model that kept every
 * flooded MAC would hold 200 times as many records.
 */
const MAX_RSS_KIB = 256 * 1024;

/** Peak RSS (VmHWM) of `pid`, sampled until the process is gone; the last reading wins. */
function trackPeakRss(pid: number): {peakKib: () => number; stop: () => void} {
  let peakKib = 0;
  const sample = () => {
    try {
      const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (hwm) peakKib = Math.max(peakKib, Number(hwm[1]));
    } catch {
      // The process has exited; the readings so far stand.
    }
  };
  const timer = setInterval(sample, 100);
  return {peakKib: () => peakKib, stop: () => clearInterval(timer)};
}

interface ContextJson {
  interface: string;
  frames: number;
  evicted: {records: number; entries: number};
  records: Array<{proto: number; addr: string}>;
}

describe('a flood of random source MACs', {timeout: 120_000}, () => {
  const lab = useLab({
    topology: 'pair',
    hosts: {flooder: {mac: '02:00:00:f1:00:01'}, watcher: {mac: '02:00:00:f1:00:02'}},
  });

  it(`keeps at most ${MAX_RECORDS} records per context, counts the flood, and stays under ${MAX_RSS_KIB >> 10} MiB`, async (t) => {
    const {ns, hostIface} = lab();
    const args = ['show', hostIface, '--json', '--max-records', String(MAX_RECORDS), '--duration', '60', '--seed', '1'];
    const show = spawnIn(ns.watcher!, ['node', runJs, ...args]);
    const rss = trackPeakRss(show.pid);
    await captureOpened(ns.watcher!);

    const sender = await exec(ns.flooder!, ['python3', SENDER, hostIface, String(FLOOD_FRAMES), '6'], {timeoutMs: 90_000});
    const sent = Number(/^sent (\d+)$/m.exec(sender.stdout)?.[1]);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // let the ring drain into the model
    const result = await show.stop('SIGINT', 20_000);
    rss.stop();

    assert.equal(result.code, 0, result.stderr);
    assert.ok(sent >= FLOOD_FRAMES * 0.95, `the sender sent ${sent} of ${FLOOD_FRAMES}`);
    const output = JSON.parse(result.stdout);
    const [ctx, ...others] = output.interfaces as ContextJson[];
    assert.equal(others.length, 0, 'one context: the untagged veth');
    assert.ok(ctx!.records.length <= MAX_RECORDS, `${ctx!.records.length} records`);
    assert.ok(ctx!.records.length >= MAX_RECORDS * 0.5, 'the context filled up before evicting');
    assert.ok(ctx!.evicted.records > 0 && ctx!.evicted.entries > 0, JSON.stringify(ctx!.evicted));
    const counted = output.capture.received as number;
    assert.ok(counted >= sent * 0.9, `libpcap received ${counted} of ${sent}`);
    assert.ok(output.frames + output.capture.dropped >= counted * 0.99, `frames ${output.frames}, capture ${JSON.stringify(output.capture)}`);
    assert.ok(ctx!.evicted.records + ctx!.records.length >= output.frames * 0.5, 'most flooded MACs made a record');
    assert.ok(rss.peakKib() > 0, 'RSS was sampled');
    assert.ok(rss.peakKib() < MAX_RSS_KIB, `peak RSS ${rss.peakKib()} KiB`);
    assert.ok(output.warnings.some((w: string) => /--max-records reached; evicted \d+ least recently heard/.test(w)), output.warnings);
    t.diagnostic(`peak RSS ${rss.peakKib()} KiB; ${output.frames} frames, ${ctx!.records.length} records, ${ctx!.evicted.records} evicted`);
  });
});
