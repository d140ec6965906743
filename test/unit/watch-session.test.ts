// WatchSession driven by a replayed file and by a fake live capture: what each output receives,
// the clock moving without frames, and reopening a lost interface with backoff.
import assert from 'node:assert/strict';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';

import type {Frame} from '../../src/capture/frame.js';
import {takeSnapshot} from '../../src/core/snapshot.js';
import {EXIT, LlreachError} from '../../src/errors.js';
import {createModel, feedFile} from '../../src/pipeline.js';
import type {WatchEvent} from '../../src/watch/diff.js';
import {canDrawScreen, eventsOutput, jsonOutput, linesOutput, type Step, type WatchOutput} from '../../src/watch/outputs.js';
import {WatchSession} from '../../src/watch/session.js';
import {openLiveSource, openReplaySource, reopenDelayMs} from '../../src/watch/sources.js';
import {loadReplay, SILENCE_PLAYED_SEC} from '../../src/watch/replay.js';
import {projectRoot} from '../helpers/paths.js';
import {buildPcap} from './file-reader-fixtures.js';

const LAB = join(projectRoot, 'samples', 'lab.pcapng');
const FLAGS = {'arp-base': 30, 'nd6-base': 30, seed: 7};

function recorder(): WatchOutput & {steps: Step[]; ended: number} {
  const out = {
    steps: [] as Step[],
    ended: 0,
    show: (step: Step) => void out.steps.push(step),
    end: () => void (out.ended += 1),
  };
  return out;
}

function replaySession(output: WatchOutput, intervalMs = 1000, distinctRecordBound?: number) {
  const model = createModel(FLAGS);
  const source = openReplaySource(model, LAB, 'lab.pcapng', 'max');
  const session = new WatchSession({model, source, intervalMs, proto: 'all', holdAtEnd: false, distinctRecordBound});
  return {model, done: session.run(output)};
}

describe('WatchSession replaying a file at max speed', () => {
  it('steps one interval of file time at a time and ends at the last frame with the same records as show', async () => {
    const output = recorder();
    const {done} = replaySession(output);
    const summary = await done;
    const times = output.steps.map((s) => s.snapshot.calendar);
    assert.ok(output.steps.length >= 11 && output.steps.length <= 13, `${output.steps.length} steps for 11.4 s`);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    assert.ok(gaps.slice(0, -1).every((gap) => gap === 1) && gaps.at(-1)! <= 1, `one second per step, the last partial: ${gaps}`);

    const whole = createModel(FLAGS);
    feedFile(whole, LAB);
    const final = output.steps.at(-1)!.snapshot;
    assert.deepEqual(final.interfaces, takeSnapshot(whole).interfaces);
    assert.equal(output.steps.at(-1)!.status.note, 'end of capture');
    assert.deepEqual({...summary, lost: undefined}, {frames: 75, recordsSeen: 8, recordsSeenAtLeast: false, moves: 3, dropped: undefined, lost: undefined, warnings: []});
    assert.equal(output.ended, 1);
  });

  it('stops counting distinct records at its bound and says "at least", so a MAC flood cannot grow it', async () => {
    const summary = await replaySession(recorder(), 1000, 5).done;
    assert.deepEqual([summary.recordsSeen, summary.recordsSeenAtLeast], [5, true]);
  });

  it('streams events that replay the sample\'s story: b\'s addresses move to 02:11:00:00:00:bb', async () => {
    const lines: string[] = [];
    const {done} = replaySession(eventsOutput((text) => lines.push(...text.trimEnd().split('\n'))));
    await done;
    const events = lines.map((line) => JSON.parse(line) as WatchEvent);
    const moves = events.filter((e) => e.type === 'address-moved').map((e) => `${e.address} ${e.from}→${e.addr}`);
    assert.deepEqual(moves.sort(), [
      '198.51.100.20 02:11:00:00:00:0b→02:11:00:00:00:bb',
      '2001:db8:1:0:11:ff:fe00:b 02:11:00:00:00:0b→02:11:00:00:00:bb',
      'fe80::11:ff:fe00:b 02:11:00:00:00:0b→02:11:00:00:00:bb',
    ]);
    assert.equal(events.filter((e) => e.type === 'record-created').length, 8);
    assert.deepEqual(events.filter((e) => e.type === 'record-removed').map((e) => e.addr), ['02:11:00:00:00:0b', '02:11:00:00:00:0b']);
    assert.ok(events.every((e, i) => e.schemaVersion === 1 && (i === 0 || e.time >= events[i - 1]!.time)));
  });

  it('--json prints one parseable snapshot per step, and the lines output has no escape codes', async () => {
    const json: string[] = [];
    await replaySession(jsonOutput((t) => json.push(t), {kind: 'file', path: 'lab.pcapng'})).done;
    assert.ok(json.length >= 11);
    for (const line of json) {
      assert.ok(line.endsWith('\n') && !line.slice(0, -1).includes('\n'));
      const doc = JSON.parse(line);
      assert.equal(doc.schemaVersion, 1);
      assert.deepEqual(doc.source, {kind: 'file', path: 'lab.pcapng'});
      assert.equal(doc.capture, undefined, 'a file has no libpcap counts, as in show --json');
    }
    const text: string[] = [];
    await replaySession(linesOutput((t) => text.push(t))).done;
    assert.doesNotMatch(text.join(''), /\u001B/);
    assert.match(text.join(''), /^TIME +CHANGE/);
  });

  it('--json of a live capture carries libpcap\'s received and dropped under capture, as show --json does', () => {
    const json: string[] = [];
    const output = jsonOutput((t) => json.push(t), {kind: 'live', interface: 'veth0'});
    const snapshot = takeSnapshot(createModel(FLAGS));
    output.show({snapshot, diff: {changes: [], events: []}, status: {source: 'veth0', framesPerSec: 0, dropped: 2, received: 40}});
    const doc = JSON.parse(json[0]!);
    assert.deepEqual([doc.source, doc.capture], [{kind: 'live', interface: 'veth0'}, {received: 40, dropped: 2}]);
  });
});

/** A stand-in for LiveCapture: frames and loss are pushed by the test. */
class FakeCapture {
  readonly iface = {id: 0, name: 'fake0', linkType: 1};
  readonly linkType = 1;
  frameCb: ((frame: Frame) => void) | undefined;
  lostCb: ((error: LlreachError) => void) | undefined;
  closed = false;
  onFrame(cb: (frame: Frame) => void) { this.frameCb = cb; }
  onLost(cb: (error: LlreachError) => void) { this.lostCb = cb; }
  stats() { return {received: 0, dropped: 2, ifDropped: 0}; }
  close() { this.closed = true; }
}

describe('live source', () => {
  it('backs off 1 s, 2 s, 4 s … up to 30 s between reopen attempts', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 40].map(reopenDelayMs), [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('moves the model clock with wall time when no frame arrives', async (t) => {
    t.mock.timers.enable({apis: ['Date'], now: 1_796_389_200_000});
    const model = createModel(FLAGS);
    const fake = new FakeCapture();
    const source = await openLiveSource(model, 'fake0', {onMessage: () => undefined, open: () => fake as never});
    source.advance(model, 1);
    assert.equal(model.clock.calendarSec, 1_796_389_200);
    t.mock.timers.tick(3000);
    const progress = source.advance(model, 1);
    assert.equal(model.clock.calendarSec, 1_796_389_203);
    assert.deepEqual(progress, {frames: 0, seconds: 3, done: false});
    source.close();
  });

  it('keeps going when the interface is lost: one message, reopen attempts with backoff, then resumes', async (t) => {
    t.mock.timers.enable({apis: ['setTimeout', 'Date'], now: 1_796_389_200_000});
    const model = createModel(FLAGS);
    const messages: string[] = [];
    const captures = [new FakeCapture()];
    let attempts = 0;
    const open = () => {
      attempts += 1;
      if (attempts === 1) return captures[0] as never;
      if (attempts < 5) throw new LlreachError('NO_SUCH_INTERFACE', 'no interface named "fake0"', EXIT.NO_SUCH_INTERFACE);
      captures.push(new FakeCapture());
      return captures.at(-1) as never;
    };
    const source = await openLiveSource(model, 'fake0', {onMessage: (m) => messages.push(m), open});
    captures[0]!.lostCb!(new LlreachError('INTERFACE_LOST', 'capture on fake0 stopped: the interface disappeared', EXIT.INTERFACE_LOST));
    assert.equal(source.lost()?.oclif.exit, EXIT.INTERFACE_LOST);
    assert.match(source.note()!, /interface lost, retrying in 1s/);
    for (const waitMs of [999, 1, 2000, 4000]) t.mock.timers.tick(waitMs);
    assert.equal(attempts, 4, 'attempts after 1 s, 3 s and 7 s, none in between');
    t.mock.timers.tick(8000);
    assert.equal(attempts, 5);
    assert.equal(source.lost(), undefined);
    assert.equal(messages.length, 2);
    assert.match(messages[0]!, /^capture on fake0 stopped: the interface disappeared; keeping the table/);
    assert.equal(messages[1], 'capture on fake0 resumed');
    assert.equal(source.dropped(), 4, 'drops of the lost capture plus the new one');
    source.close();
    assert.equal(captures[1]!.closed, true);
  });
});

describe('replay at a given speed', () => {
  it('plays one interval of file time per step and steps every interval ÷ speed of wall time', () => {
    const model = createModel(FLAGS);
    const source = openReplaySource(model, LAB, 'lab.pcapng', 10);
    assert.equal(source.label, 'lab.pcapng (replay x10)');
    assert.equal(source.pace, 'wall');
    assert.equal(source.stepDelayMs?.(1000), 100, 'a 10x replay steps every 100 ms');
    const first = source.advance(model, 1);
    const start = model.clock.calendarSec;
    assert.equal(first.seconds, 0);
    const second = source.advance(model, 5);
    assert.equal(second.seconds, 5);
    assert.equal(model.clock.calendarSec - start, 5);
    const third = source.advance(model, 10);
    assert.equal(third.done, true, 'the 11.4 s file is over after 15 file seconds');
    assert.equal(model.counters.frames, 75);
    assert.equal(source.note(), 'end of capture');
  });
});

/** A gratuitous ARP request from 02:00:00:00:00:0n for 198.51.100.(address ?? n). */
function gratuitousArp(n: number, address = n): Buffer {
  const mac = Buffer.from([2, 0, 0, 0, 0, n]);
  const ip = Buffer.from([198, 51, 100, address]);
  return Buffer.concat([Buffer.alloc(6, 0xff), mac, Buffer.from('08060001080006040001', 'hex'), mac, ip, Buffer.alloc(6), ip]);
}

/** A pcap file of gratuitous ARPs at the given seconds (host n at the n-th time). */
function arpFile(seconds: number[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'llreach-replay-')), 'times.pcap');
  writeFileSync(path, buildPcap(seconds.map((sec, i) => ({sec, fraction: 0, data: gratuitousArp(i + 1)}))));
  return path;
}

async function replayAll(path: string) {
  const model = createModel(FLAGS);
  const source = openReplaySource(model, path, 'times.pcap', 'max');
  const output = recorder();
  const session = new WatchSession({model, source, intervalMs: 1000, proto: 'all', holdAtEnd: false});
  const summary = await session.run(output);
  return {model, output, summary};
}

describe('replaying files with odd clocks', () => {
  const T = 1_796_389_200;

  it('plays a frame stamped before the one before it when it comes, and ends', {timeout: 10_000}, async () => {
    const {output, summary, model} = await replayAll(arpFile([T + 100, T + 200, T + 50]));
    assert.equal(summary.frames, 3);
    assert.equal(summary.recordsSeen, 3, 'all three hosts, as show reads them');
    assert.ok(output.steps.length <= 102, `${output.steps.length} steps`);
    assert.equal(model.clock.calendarSec, T + 200, 'the clock never went back');
  });

  it('crosses a silence of years in one step after its first ten minutes, saying so', {timeout: 10_000}, async () => {
    const fiveYears = 5 * 365 * 86_400;
    const {output, summary} = await replayAll(arpFile([T, T + fiveYears]));
    assert.equal(summary.frames, 2);
    assert.ok(output.steps.length <= SILENCE_PLAYED_SEC + 3, `${output.steps.length} steps`);
    const crossing = output.steps.find((step) => step.status.note?.startsWith('crossed'));
    assert.match(crossing?.status.note ?? '', /^crossed 18\d\dd\d+h\d+m\d+s without frames$/);
    const expired = output.steps.findIndex((step) => step.diff.changes.some((c) => c.kind === 'expired'));
    assert.ok(expired > 0 && expired < 60, `the first record expired in the step it did (${expired}), before the crossing`);
  });
});

describe('address moves in the event stream', () => {
  it('reports a spoof the owner undoes within one interval as two moves, at their frames\' times', {timeout: 10_000}, async () => {
    const T = 1_796_389_200;
    const owner = gratuitousArp(1);
    const spoof = gratuitousArp(6, 1); // 02:00:00:00:00:06 claims 198.51.100.1
    const path = join(mkdtempSync(join(tmpdir(), 'llreach-spoof-')), 'spoof.pcap');
    const at = (sec: number, micros: number, data: Buffer) => ({sec, fraction: micros, data});
    writeFileSync(path, buildPcap([at(T, 0, owner), at(T + 5, 100_000, spoof), at(T + 5, 400_000, owner), at(T + 8, 0, owner)]));
    const model = createModel(FLAGS);
    const events: WatchEvent[] = [];
    const session = new WatchSession({model, source: openReplaySource(model, path, 'spoof.pcap', 'max'), intervalMs: 1000, proto: 'all', holdAtEnd: false});
    const summary = await session.run(eventsOutput((line) => events.push(...line.trim().split('\n').map((l) => JSON.parse(l) as WatchEvent))));
    const moves = events.filter((e) => e.type === 'address-moved').map((e) => [e.address, e.from, e.addr, e.time]);
    assert.deepEqual(moves, [
      ['198.51.100.1', '02:00:00:00:00:01', '02:00:00:00:00:06', T + 5.1],
      ['198.51.100.1', '02:00:00:00:00:06', '02:00:00:00:00:01', T + 5.4],
    ]);
    assert.equal(summary.moves, 2);
  });
});

describe('replay memory bound', () => {
  it('stops with REPLAY_TOO_LARGE (exit 6) past its frame bound instead of exhausting the heap', () => {
    assert.throws(() => loadReplay(LAB, {}, 10), (error: LlreachError) =>
      error.code === 'REPLAY_TOO_LARGE' && error.oclif.exit === EXIT.BAD_FILE && /more than 10 frames/.test(error.message));
    assert.equal(loadReplay(LAB, {}, 75).frames.length, 75);
  });
});

describe('where watch draws its screen', () => {
  it('only on a terminal that can move its cursor: TERM=dumb and pipes get the plain lines', () => {
    assert.equal(canDrawScreen({isTTY: true}, {TERM: 'xterm-256color'}), true);
    assert.equal(canDrawScreen({isTTY: true}, {TERM: 'dumb'}), false);
    assert.equal(canDrawScreen({isTTY: false}, {TERM: 'xterm'}), false);
  });
});
