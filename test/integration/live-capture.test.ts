// Live capture end to end: the patched cap inside private namespaces joined by a veth pair, driven
// through test/integration/fixtures/live-capture-fixture.ts run with `ip netns exec`.
import assert from 'node:assert/strict';
import {execFileSync, spawn, type ChildProcess} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {join} from 'node:path';
import {describe, it} from 'node:test';

import {projectRoot} from '../helpers/paths.js';

const FIXTURE = join(projectRoot, 'test', 'integration', 'fixtures', 'live-capture-fixture.ts');
const IF_A = 'llcapva';
const IF_B = 'llcapvb';
const ADDR_B4 = '198.51.100.2';
const ADDR_B6 = '2001:db8::2';
/** Ethernet + IPv4 + ICMP headers around a 1400-byte ping payload. */
const PING4_1400_WIRE_BYTES = 14 + 20 + 8 + 1400;
const PING6_1400_WIRE_BYTES = 14 + 40 + 8 + 1400;
const TEST_TIMEOUT_MS = 60_000;

interface Pair {
  a: string;
  b: string;
}

type Line = Record<string, any>;

let pairCounter = 0;

function sh(argv: string[]): string {
  return execFileSync(argv[0]!, argv.slice(1), {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
}

/** Two namespaces joined by a veth made directly inside them: nothing touches this host's links. */
function createPair(): Pair {
  const base = `llcap${process.pid}n${pairCounter++}`;
  const pair = {a: `${base}a`, b: `${base}b`};
  sh(['ip', 'netns', 'add', pair.a]);
  sh(['ip', 'netns', 'add', pair.b]);
  sh(['ip', 'link', 'add', IF_A, 'netns', pair.a, 'type', 'veth', 'peer', 'name', IF_B, 'netns', pair.b]);
  configureEnd(pair.a, IF_A, '198.51.100.1/24', '2001:db8::1/64');
  configureEnd(pair.b, IF_B, `${ADDR_B4}/24`, `${ADDR_B6}/64`);
  return pair;
}

function configureEnd(ns: string, iface: string, v4: string, v6: string): void {
  sh(['ip', '-n', ns, 'addr', 'add', v4, 'dev', iface]);
  sh(['ip', '-n', ns, 'addr', 'add', v6, 'dev', iface, 'nodad']);
  sh(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
  sh(['ip', '-n', ns, 'link', 'set', iface, 'up']);
}

function deletePair(pair: Pair): void {
  for (const ns of [pair.a, pair.b]) {
    for (const pid of sh(['ip', 'netns', 'pids', ns]).split('\n').filter(Boolean)) killQuietly(Number(pid));
    execFileSync('ip', ['netns', 'del', ns], {stdio: 'ignore'});
  }
}

function killQuietly(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

async function withPair(body: (pair: Pair) => Promise<void>): Promise<void> {
  const pair = createPair();
  try {
    await body(pair);
  } finally {
    deletePair(pair);
  }
}

/** The fixture running in a namespace; its JSON lines are collected as they arrive. */
class Fixture {
  readonly lines: Line[] = [];
  stderr = '';
  readonly exited: Promise<{code: number | null; signal: NodeJS.Signals | null}>;
  private readonly child: ChildProcess;

  constructor(ns: string, config: object, options: {nodeFlags?: string[]; wrapper?: string[]} = {}) {
    const node = [process.execPath, ...(options.nodeFlags ?? []), '--import', 'tsx', FIXTURE, JSON.stringify(config)];
    this.child = spawn('ip', ['netns', 'exec', ns, ...(options.wrapper ?? []), ...node], {cwd: projectRoot});
    let partial = '';
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop()!;
      for (const part of parts) this.lines.push(JSON.parse(part) as Line);
    });
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => this.child.once('close', (code, signal) => resolve({code, signal})));
  }

  send(command: string): void {
    this.child.stdin!.write(`${command}\n`);
  }

  /** Sends `command` and waits for the fresh `event` line it answers with. */
  request(command: string, event: string): Promise<Line> {
    const seen = this.all(event).length;
    this.send(command);
    return this.next(event, 15_000, seen);
  }

  all(event: string): Line[] {
    return this.lines.filter((line) => line.event === event);
  }

  /** The latest `event` line after the first `after` of them, waiting for it to arrive. */
  async next(event: string, timeoutMs = 15_000, after = 0): Promise<Line> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.all(event).slice(after).at(-1);
      if (found) return found;
      if (Date.now() > deadline || this.child.exitCode !== null) {
        throw new Error(`fixture gave no "${event}" line; stdout ${JSON.stringify(this.lines)}; stderr ${this.stderr}`);
      }
      await sleep(20);
    }
  }

  /** Sends close and waits for the process to end by itself (no dangling handle). */
  async closeAndExit() {
    this.send('close');
    const closed = await this.next('closed');
    return {closed, ...(await this.exitWithin(5000))};
  }

  async exitWithin(ms: number) {
    const timer = setTimeout(() => killQuietly(this.child.pid), ms);
    const result = await this.exited;
    clearTimeout(timer);
    return result;
  }

  kill(): void {
    if (this.child.exitCode === null) killQuietly(this.child.pid);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function ping(ns: string, args: string[]): void {
  sh(['ip', 'netns', 'exec', ns, 'ping', '-q', ...args]);
}

/** Asks the fixture until `count` frames were delivered or dropped; returns how many were delivered. */
async function waitForFrames(fixture: Fixture, count: number, timeoutMs = 15_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const {frames, stats} = await fixture.request('stats', 'stats');
    if (frames + stats.dropped >= count) return frames;
    if (Date.now() > deadline) throw new Error(`only ${frames} + ${stats.dropped} of ${count} frames seen`);
    await sleep(100);
  }
}

function frameMs(frame: Line): number {
  return frame.tsSec * 1000 + frame.tsNsec / 1e6;
}

async function withFixture(ns: string, config: object, body: (fixture: Fixture) => Promise<void>, options = {}) {
  const fixture = new Fixture(ns, config, options);
  try {
    await body(fixture);
  } finally {
    fixture.kill();
  }
}

describe('LiveCapture on a veth inside a network namespace', {timeout: TEST_TIMEOUT_MS * 10}, () => {
  it('runs the patched cap build', () => {
    const cap = createRequire(join(projectRoot, 'package.json'))('cap') as {llreachPatch?: string};
    assert.equal(cap.llreachPatch, 'llreach-cap-patch-1');
    const source = readFileSync(join(projectRoot, 'node_modules', 'cap', 'src', 'binding.cc'), 'utf8');
    assert.doesNotMatch(source, /This may not actually work/);
    assert.match(source, /capture socket error/);
  });

  it('stamps frames with libpcap times, not the time a blocked event loop handled them', {timeout: TEST_TIMEOUT_MS}, () =>
    withPair((pair) =>
      withFixture(pair.b, {device: IF_B, printFrames: true}, async (fixture) => {
        await fixture.next('ready');
        fixture.send('block 2500');
        await fixture.next('blocking');
        const pingStartMs = Date.now();
        ping(pair.a, ['-c', '3', '-i', '0.2', '-s', '1400', ADDR_B4]);
        const pingEndMs = Date.now();
        const unblocked = await fixture.next('unblocked');
        const {code} = await fixture.closeAndExit();
        assert.equal(code, 0);

        const frames = fixture.all('frame');
        const pings = frames.filter((frame) => frame.origLen === PING4_1400_WIRE_BYTES);
        assert.equal(pings.length, 6, 'three echo requests and three replies');
        for (const frame of pings) {
          assert.ok(frameMs(frame) >= pingStartMs - 50 && frameMs(frame) <= pingEndMs + 50, `ts ${frameMs(frame)} outside the ping`);
          assert.ok(frame.handledMs >= unblocked.endMs, 'handled only after the block');
          assert.ok(unblocked.endMs - frameMs(frame) > 300, 'timestamp taken when captured, long before handling');
        }
        for (const [i, frame] of frames.entries()) {
          assert.ok(Math.abs(frameMs(frame) - Date.now()) < 10_000, 'within seconds of now');
          assert.ok(frame.tsNsec >= 0 && frame.tsNsec < 1e9);
          if (i > 0) assert.ok(frameMs(frame) >= frameMs(frames[i - 1]!), 'non-decreasing');
        }
        assert.ok(frames.some((frame) => frame.tsNsec % 1e6 !== 0), 'sub-millisecond parts');
        assert.ok(frames.some((frame) => frame.tsNsec % 1000 !== 0), 'nanosecond precision');
      }),
    ),
  );

  it('honours snaplen: big pings are cut to it but keep their length on the wire', {timeout: TEST_TIMEOUT_MS}, () =>
    withPair((pair) =>
      withFixture(pair.b, {device: IF_B, printFrames: true, snaplen: 128}, async (fixture) => {
        await fixture.next('ready');
        ping(pair.a, ['-c', '2', '-i', '0.2', '-s', '1400', ADDR_B4]);
        ping(pair.a, ['-c', '2', '-i', '0.2', '-s', '1400', ADDR_B6]);
        const {code} = await fixture.closeAndExit();
        assert.equal(code, 0);
        const frames = fixture.all('frame');
        assert.equal(frames.filter((frame) => frame.origLen === PING4_1400_WIRE_BYTES).length, 4);
        assert.equal(frames.filter((frame) => frame.origLen === PING6_1400_WIRE_BYTES).length, 4);
        for (const frame of frames) {
          assert.ok(frame.caplen <= 128);
          assert.equal(frame.caplen, Math.min(frame.origLen, 128));
        }
      }),
    ),
  );

  it('closes from inside a frame callback and lets the process exit', {timeout: TEST_TIMEOUT_MS}, () =>
    withPair((pair) =>
      withFixture(pair.b, {device: IF_B, closeAfterFrames: 3}, async (fixture) => {
        await fixture.next('ready');
        ping(pair.a, ['-c', '5', '-i', '0.01', ADDR_B4]);
        const closed = await fixture.next('closed');
        const {code, signal} = await fixture.exitWithin(5000);
        assert.deepEqual({code, signal}, {code: 0, signal: null});
        assert.equal(closed.frames, 3, 'no frame delivered after close');
      }),
    ),
  );

  it('counts received and dropped frames when a small ring overflows', {timeout: TEST_TIMEOUT_MS}, () =>
    withPair((pair) =>
      withFixture(pair.b, {device: IF_B, bufferBytes: 65_536}, async (fixture) => {
        await fixture.next('ready');
        fixture.send('block 2500');
        await fixture.next('blocking');
        ping(pair.a, ['-f', '-c', '2000', '-s', '100', ADDR_B4]);
        await fixture.next('unblocked');
        await sleep(300);
        const {closed, code} = await fixture.closeAndExit();
        assert.equal(code, 0);
        const {received, dropped, ifDropped} = closed.stats;
        assert.ok(received >= 4000, `received ${received}: 2000 requests and 2000 replies at least`);
        assert.ok(dropped > 0, 'the ring overflowed while the loop was blocked');
        // A stray ND/MLD frame may land between the last read and close: counted, never delivered.
        const unaccounted = received - dropped - closed.frames;
        assert.ok(unaccounted >= 0 && unaccounted <= 3, `${unaccounted} frames neither delivered nor dropped`);
        assert.equal(typeof ifDropped, 'number');
      }),
    ),
  );

  it('keeps the packet buffer alive while gc() runs during capture (no crash)', {timeout: TEST_TIMEOUT_MS}, () =>
    withPair((pair) =>
      withFixture(
        pair.b,
        {device: IF_B, rawCap: true, gc: true, bufferBytes: 8 << 20, snaplen: 256},
        async (fixture) => {
          await fixture.next('ready');
          ping(pair.a, ['-c', '300', '-i', '0.005', '-s', '200', ADDR_B4]);
          const delivered = await waitForFrames(fixture, 600); // 300 echo requests + 300 replies
          assert.ok(delivered >= 300, `only ${delivered} frames went through gc()`);
          const {code, signal} = await fixture.closeAndExit();
          assert.equal(signal, null, fixture.stderr);
          assert.equal(code, 0, fixture.stderr);
        },
        {nodeFlags: ['--expose-gc']},
      ),
    ),
  );

  it('reports a deleted interface through onLost and exits with INTERFACE_LOST, not an abort', {timeout: TEST_TIMEOUT_MS}, () =>
    withPair((pair) =>
      withFixture(pair.b, {device: IF_B}, async (fixture) => {
        await fixture.next('ready');
        ping(pair.a, ['-c', '2', '-i', '0.2', ADDR_B4]);
        sh(['ip', '-n', pair.b, 'link', 'del', IF_B]);
        const lost = await fixture.next('lost');
        const {code, signal} = await fixture.exitWithin(5000);
        assert.equal(signal, null);
        assert.equal(code, 8, fixture.stderr);
        assert.equal(lost.code, 'INTERFACE_LOST');
        assert.equal(lost.exit, 8);
        assert.match(lost.message, /llcapvb stopped: the interface disappeared/);
        assert.ok(lost.stats.received >= 4);
      }),
    ),
  );

  it('reports an interface taken down through onLost too', {timeout: TEST_TIMEOUT_MS}, () =>
    withPair((pair) =>
      withFixture(pair.b, {device: IF_B}, async (fixture) => {
        await fixture.next('ready');
        sh(['ip', '-n', pair.b, 'link', 'set', IF_B, 'down']);
        const lost = await fixture.next('lost');
        const {code, signal} = await fixture.exitWithin(5000);
        assert.deepEqual({code, signal}, {code: 8, signal: null});
        assert.equal(lost.code, 'INTERFACE_LOST');
        assert.match(lost.message, /the interface went down/);
      }),
    ),
  );

  it('captures on `any` (cooked link type, no VLAN filter, no IPv4 warning on stderr)', {timeout: TEST_TIMEOUT_MS}, () =>
    withPair((pair) =>
      withFixture(pair.b, {device: 'any'}, async (fixture) => {
        const ready = await fixture.next('ready');
        assert.equal(ready.linkType, 113);
        const {code} = await fixture.closeAndExit();
        assert.equal(code, 0);
        assert.doesNotMatch(fixture.stderr, /Warning|may not actually work/);
      }),
    ),
  );

  it('names the interfaces that exist when asked for an unknown one', {timeout: TEST_TIMEOUT_MS}, () =>
    withPair((pair) =>
      withFixture(pair.b, {device: 'nosuch0'}, async (fixture) => {
        const error = await fixture.next('error');
        const {code} = await fixture.exitWithin(10_000);
        assert.equal(code, 3);
        assert.equal(error.code, 'NO_SUCH_INTERFACE');
        assert.match(error.message, /"nosuch0".*interfaces here: llcapvb, lo/);
      }),
    ),
  );

  it('asks for CAP_NET_RAW, with the fixes, when run without privilege', {timeout: TEST_TIMEOUT_MS}, () =>
    withPair((pair) =>
      withFixture(
        pair.b,
        {device: IF_B},
        async (fixture) => {
          const error = await fixture.next('error');
          const {code} = await fixture.exitWithin(10_000);
          assert.equal(code, 4);
          assert.equal(error.code, 'PERMISSION');
          assert.match(error.message, /CAP_NET_RAW/);
          assert.ok(error.suggestions.some((text: string) => text.includes('sudo')));
          assert.ok(error.suggestions.some((text: string) => text.includes('setcap cap_net_raw=eip')));
        },
        // Root without CAP_NET_RAW: unlike switching to nobody, it still reads a checkout in a 0700 directory.
        {wrapper: ['setpriv', '--bounding-set=-net_raw', '--inh-caps=-net_raw']},
      ),
    ),
  );
});
