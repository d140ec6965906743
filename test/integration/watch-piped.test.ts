// `llreach watch` with stdout not a terminal: change lines, --json and --events, from a replayed
// file and live in a lab namespace, plus losing the interface and getting it back.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {describe, it} from 'node:test';

import type {WatchEvent} from '../../src/watch/diff.js';
import {corpusDir, projectRoot} from '../helpers/paths.js';
import {createLab, exec, spawnIn, waitFor, type Lab} from './netns.js';

const CLI = join(projectRoot, 'test', 'integration', 'watch-cli.ts');
const LAB_FILE = join(projectRoot, 'samples', 'lab.pcapng');
const MAC_A = '02:00:00:78:00:0a';
const MAC_B = '02:00:00:78:00:0b';
const NODE = [process.execPath, '--import', 'tsx', CLI];

async function watchFile(...args: string[]) {
  const speed = args.includes('--speed') ? [] : ['--speed', 'max'];
  const argv = [...NODE.slice(1), '--read', LAB_FILE, ...speed, '--seed', '3', ...args];
  // FORCE_COLOR asks for colour, yet a pipe must still get plain text.
  const env = {...process.env, FORCE_COLOR: '3'};
  const {stdout, stderr} = await promisify(execFile)(NODE[0]!, argv, {cwd: projectRoot, env});
  return {stdout, stderr};
}

function pairLab(t: Parameters<typeof createLab>[1]): Promise<Lab> {
  return createLab({
    topology: 'pair',
    hosts: {a: {mac: MAC_A, addresses: ['198.51.100.1/24']}, b: {mac: MAC_B, addresses: ['198.51.100.2/24']}},
  }, t);
}

/** Pings a from b until `seen` (watch, started just before, may not be capturing yet). */
function pingUntil(lab: Lab, seen: () => boolean): Promise<boolean> {
  return waitFor(async () => {
    await exec(lab.ns.b!, ['ping', '-c', '1', '-W', '1', '198.51.100.1'], {allowFailure: true});
    return seen();
  }, 20_000, "b's IPv4 record in watch's output", 300);
}

const IPV4_B = new RegExp(`"proto":"ipv4","addr":"${MAC_B}"|ipv4 +${MAC_B}|"proto":2048,"addr":"${MAC_B}"`);

describe('watch --read with stdout piped', {timeout: 60_000}, () => {
  it('prints plain change lines with their times and no escape codes, then the summary on stderr', async () => {
    const {stdout, stderr} = await watchFile();
    assert.doesNotMatch(stdout, /\u001B/);
    const lines = stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^TIME {16}CHANGE {4}INTERFACE/);
    assert.match(stdout, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d added +br0 +ipv4 +02:11:00:00:00:bb .*198\.51\.100\.20 \(moved from 02:11:00:00:00:0b\)$/m);
    assert.match(stdout, /^\S+ \S+ removed +br0 +ipv4 +02:11:00:00:00:0b /m);
    assert.doesNotMatch(stderr, /\u001B/);
    // A file has nothing libpcap could drop, so the summary does not count drops.
    assert.equal(stderr.trim(), 'watch: 75 frames, 8 records seen, 3 moves');
  });

  it('--duration stops a real-time replay after that many wall seconds', async () => {
    const started = Date.now();
    const {stdout, stderr} = await watchFile('--speed', '1', '--duration', '1', '--events');
    const elapsedMs = Date.now() - started;
    assert.ok(elapsedMs < 6000, `took ${elapsedMs} ms`);
    const events = stdout.trimEnd().split('\n').filter(Boolean).map((line) => JSON.parse(line) as WatchEvent);
    const first = events[0]?.time ?? 0;
    assert.ok(events.every((e) => e.time - first <= 2), 'only the first second or so of the file');
    assert.match(stderr, /^watch: \d+ frames?,/m);
    assert.doesNotMatch(stderr, /^watch: 75 frames/m, 'not the whole file');
  });

  it('--json prints one NDJSON snapshot per interval and nothing else on stdout', async () => {
    const {stdout} = await watchFile('--json', '--interval', '2');
    const docs = stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    assert.ok(docs.length >= 6 && docs.length <= 7, `${docs.length} snapshots for 11.4 s at 2 s`);
    assert.ok(docs.every((d, i) => d.schemaVersion === 1 && (i === 0 || d.calendar - docs[i - 1].calendar <= 2)));
    const last = docs.at(-1);
    assert.equal(last.frames, 75);
    assert.equal(last.interfaces[0].records.length, 6);
  });

  it('--events prints one NDJSON line per change; --proto narrows them', async () => {
    const {stdout} = await watchFile('--events', '--proto', 'ipv4');
    const events = stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as WatchEvent);
    // Moves carry their frame's exact time; the rest whole seconds of the snapshot or record.
    assert.ok(events.every((e) => e.proto === 'ipv4' && e.schemaVersion === 1 && (e.type === 'address-moved' || Number.isInteger(e.time))));
    assert.deepEqual(events.filter((e) => e.type === 'address-moved').map((e) => [e.address, e.from, e.addr]), [
      ['198.51.100.20', '02:11:00:00:00:0b', '02:11:00:00:00:bb'],
    ]);
  });

  it('refuses a file whose link type no decoder reads, with exit 7 as show does', async () => {
    const argv = [...NODE.slice(1), '--read', join(corpusDir, 'td-arcnet-arp.pcap'), '--speed', 'max'];
    const result = await promisify(execFile)(NODE[0]!, argv, {cwd: projectRoot}).catch((error) => error);
    assert.equal(result.code, 7);
    assert.match(result.stderr, /ARCNET_LINUX \(129\) is not supported/);
  });

  it('a replay finds the same events, in the same order and at the same times, at every --speed', async () => {
    const atMax = (await watchFile('--events')).stdout;
    assert.ok(atMax.split('\n').length > 10);
    for (const speed of ['5', '100']) {
      assert.equal((await watchFile('--events', '--speed', speed)).stdout, atMax, `--speed ${speed}`);
    }
  });
});

describe('watch live in a namespace with stdout piped', {timeout: 90_000}, () => {
  it('prints a line when a peer appears, and --events and --json stream while traffic starts', async (t) => {
    const lab = await pairLab(t);
    const runs = [
      spawnIn(lab.ns.a!, [...NODE, lab.hostIface, '--interval', '0.5']),
      spawnIn(lab.ns.a!, [...NODE, lab.hostIface, '--interval', '0.5', '--events']),
      spawnIn(lab.ns.a!, [...NODE, lab.hostIface, '--interval', '0.5', '--json']),
    ];
    await waitFor(() => runs[2]!.stdout().includes('"schemaVersion"'), 20_000, 'the first --json snapshot');
    await pingUntil(lab, () => runs.every((run) => IPV4_B.test(run.stdout())));
    await new Promise((resolve) => setTimeout(resolve, 700)); // one more interval for --json
    const results = await Promise.all(runs.map((run) => run.stop('SIGINT')));

    for (const result of results) {
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /^watch: \d+ frames, \d+ records seen, 0 moves, 0 dropped by libpcap$/m);
      assert.doesNotMatch(result.stdout, /\u001B/);
    }
    assert.match(results[0]!.stdout, new RegExp(`^\\S+ \\S+ added +eth0 +ipv4 +${MAC_B} +1 +0 +\\S+ +198\\.51\\.100\\.2$`, 'm'));
    const events = results[1]!.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as WatchEvent);
    const created = events.find((e) => e.type === 'record-created' && e.addr === MAC_B && e.proto === 'ipv4');
    assert.ok(created && Math.abs(created.time - Date.now() / 1000) < 30, 'created, stamped with a recent frame time');
    const snapshots = results[2]!.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    const macs = snapshots.at(-1).interfaces.flatMap((ctx: {records: Array<{addr: string}>}) => ctx.records.map((r) => r.addr));
    assert.ok(macs.includes(MAC_B), `last snapshot holds b: ${macs}`);
    assert.ok(snapshots.length >= 2, 'a snapshot per interval, not one at the end');
  });

  it('keeps running when the interface goes away, says so once, and exits 8 if it is still gone', async (t) => {
    const lab = await pairLab(t);
    const run = spawnIn(lab.ns.a!, [...NODE, lab.hostIface, '--interval', '0.5', '--events']);
    await pingUntil(lab, () => IPV4_B.test(run.stdout()));
    await exec(lab.ns.a!, ['ip', 'link', 'del', lab.hostIface]);
    await waitFor(() => run.stderr().includes('keeping the table'), 10_000, 'the loss message');
    await new Promise((resolve) => setTimeout(resolve, 3500)); // attempts at 1 s and 3 s fail
    assert.equal(run.stderr().match(/keeping the table/g)?.length, 1, `one message:\n${run.stderr()}`);
    assert.equal(run.child.exitCode, null, 'still running');
    const result = await run.stop('SIGINT');
    assert.equal(result.code, 8, result.stderr);
    assert.match(result.stderr, /^watch: \d+ frames, \d+ records seen, 0 moves/m);
    const lines = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    assert.equal(lines.at(-1).error?.code, 'INTERFACE_LOST', 'the event stream ends saying why watch exits 8');
    assert.equal(lines.filter((e) => e.type === 'capture-lost').length, 1, 'the stream says when the capture stopped');
  });

  it('reopens the interface when it comes back', async (t) => {
    const lab = await pairLab(t);
    const run = spawnIn(lab.ns.a!, [...NODE, lab.hostIface, '--interval', '0.5', '--events']);
    await pingUntil(lab, () => IPV4_B.test(run.stdout()));
    await exec(lab.ns.a!, ['ip', 'link', 'del', lab.hostIface]);
    await waitFor(() => run.stderr().includes('keeping the table'), 10_000, 'the loss message');
    await exec(lab.ns.a!, ['ip', 'link', 'add', lab.hostIface, 'type', 'veth', 'peer', 'name', lab.hostIface, 'netns', lab.ns.b!]);
    await exec(lab.ns.a!, ['ip', 'link', 'set', lab.hostIface, 'up']);
    await exec(lab.ns.b!, ['ip', 'link', 'set', lab.hostIface, 'up']);
    await waitFor(() => run.stderr().includes('resumed'), 15_000, 'the resume message');
    await new Promise((resolve) => setTimeout(resolve, 700)); // one more step writes the event
    const result = await run.stop('SIGINT');
    assert.equal(result.code, 0, result.stderr);
    const types = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line).type as string);
    assert.deepEqual(types.filter((type) => type.startsWith('capture-')), ['capture-lost', 'capture-resumed']);
  });
});
