// The terminal output and the session's timing, with fake streams and mocked timers: redraws come
// from the timer (not from frames), keys redraw at once, and the terminal is restored on q and on errors.
import assert from 'node:assert/strict';
import {EventEmitter} from 'node:events';
import {describe, it} from 'node:test';

import {Chalk} from 'chalk';

import type {Frame} from '../../src/capture/frame.js';
import type {LlreachError} from '../../src/errors.js';
import {createModel} from '../../src/pipeline.js';
import {terminalOutput, type Step, type WatchOutput} from '../../src/watch/outputs.js';
import {WatchSession} from '../../src/watch/session.js';
import {openLiveSource} from '../../src/watch/sources.js';
import {row, snapshotAt} from './watch-fixtures.js';

class FakeTty extends EventEmitter {
  isTTY = true;
  columns = 100;
  rows = 10;
  written = '';
  rawMode: boolean | undefined;
  write(text: string) {
    this.written += text;
    return true;
  }
  setRawMode(mode: boolean) {
    this.rawMode = mode;
    return this;
  }
  setEncoding() {
    return this;
  }
  resume() {
    return this;
  }
  pause() {
    return this;
  }
}

function fakeTerminal() {
  const stdout = new FakeTty();
  const stdin = new FakeTty();
  let quits = 0;
  const output = terminalOutput({
    chalk: new Chalk({level: 0}),
    proto: 'all',
    onQuit: () => (quits += 1),
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
  });
  return {stdout, stdin, output, quits: () => quits};
}

const step: Step = {
  snapshot: snapshotAt(110, [row({addr: '02:00:00:00:00:01'}), row({addr: '02:00:00:00:00:02', addresses: ['198.51.100.2']})]),
  diff: {changes: [], events: []},
  status: {source: 'eth0', framesPerSec: 0, dropped: 0},
};

describe('terminal output', () => {
  it('takes the terminal (alternate screen, hidden cursor, raw keys) and gives it back once', () => {
    const {stdout, stdin, output} = fakeTerminal();
    assert.ok(stdout.written.startsWith('\u001B[?1049h\u001B[?25l'));
    assert.equal(stdin.rawMode, true);
    output.show(step);
    assert.match(stdout.written, /02:00:00:00:00:02/);
    output.end();
    output.end();
    assert.equal(stdin.rawMode, false);
    assert.ok(stdout.written.endsWith('\u001B[?25h\u001B[?1049l'));
    assert.equal(stdout.written.split('\u001B[?1049l').length, 2, 'restored exactly once');
  });

  it('redraws at once on a key, and asks to quit on q or Ctrl-C', () => {
    const {stdout, stdin, output, quits} = fakeTerminal();
    output.show(step);
    stdout.written = '';
    stdin.emit('data', '/198.51.100.2\r');
    assert.match(stdout.written, /\(1 shown\)/);
    stdin.emit('data', 'q');
    assert.equal(quits(), 1);
    output.end();
  });

  it('clears and redraws the whole screen when the terminal is resized', () => {
    const {stdout, output} = fakeTerminal();
    output.show(step);
    stdout.written = '';
    stdout.columns = 60;
    stdout.emit('resize');
    assert.ok(stdout.written.startsWith('\u001B[H\u001B[2J'));
    assert.match(stdout.written, /02:00:00:00:00:01/);
    output.end();
  });
});

class FakeCapture {
  readonly iface = {id: 0, name: 'fake0', linkType: 1};
  frameCb: ((frame: Frame) => void) | undefined;
  onFrame(cb: (frame: Frame) => void) { this.frameCb = cb; }
  onLost(_cb: (error: LlreachError) => void) {}
  stats() { return {received: 0, dropped: 0, ifDropped: 0}; }
  close() {}
}

/** A broadcast ARP request from 02:00:00:00:00:0n for 198.51.100.n. */
function arpFrame(n: number, tsSec: number): Frame {
  const data = Buffer.from(`ffffffffffff02000000000${n}08060001080006040001` + `02000000000${n}c63364${n.toString(16).padStart(2, '0')}` + '000000000000c6336401', 'hex');
  return {tsSec, tsNsec: 0, linkType: 1, interfaceId: 0, data, origLen: data.length};
}

describe('WatchSession timing (live)', () => {
  it('shows one step per interval however many frames arrive, and the clock moves without frames', async (t) => {
    t.mock.timers.enable({apis: ['setTimeout', 'Date'], now: 1_796_389_200_000});
    const model = createModel({'arp-base': 30, 'nd6-base': 30, seed: 1});
    const capture = new FakeCapture();
    const source = await openLiveSource(model, 'fake0', {onMessage: () => undefined, open: () => capture as never});
    const steps: Step[] = [];
    const output: WatchOutput = {show: (s) => void steps.push(s), end: () => undefined};
    const session = new WatchSession({model, source, intervalMs: 1000, proto: 'all', holdAtEnd: true});
    const done = session.run(output);
    assert.equal(steps.length, 1, 'a first step at once');
    for (let i = 0; i < 50; i++) capture.frameCb!(arpFrame(2 + (i % 3), 1_796_389_200));
    assert.equal(steps.length, 1, 'frames alone never redraw');
    t.mock.timers.tick(1000);
    assert.equal(steps.length, 2);
    assert.equal(steps[1]!.diff.changes.filter((c) => c.kind === 'added').length, 3);
    assert.equal(steps[1]!.status.framesPerSec, 50);
    const expiresIn = steps[1]!.snapshot.interfaces[0]!.records[0]!.expiresIn;
    for (let second = 0; second < 3; second++) t.mock.timers.tick(1000);
    assert.equal(steps.length, 5, 'one step per second with no frames');
    assert.equal(steps[4]!.snapshot.interfaces[0]!.records[0]!.expiresIn, expiresIn - 3, 'the countdown ticks');
    session.stop();
    const summary = await done;
    assert.deepEqual({...summary, lost: undefined}, {frames: 50, recordsSeen: 3, recordsSeenAtLeast: false, moves: 0, dropped: 0, lost: undefined, warnings: []});
  });

  it('restores the terminal and rejects when a step throws', async () => {
    const {stdout, stdin, output} = fakeTerminal();
    const model = createModel({'arp-base': 30, 'nd6-base': 30, seed: 1});
    const source = await openLiveSource(model, 'fake0', {onMessage: () => undefined, open: () => new FakeCapture() as never});
    source.advance = () => {
      throw new Error('boom');
    };
    const session = new WatchSession({model, source, intervalMs: 1000, proto: 'all', holdAtEnd: true});
    await assert.rejects(session.run(output), /boom/);
    assert.equal(stdin.rawMode, false);
    assert.ok(stdout.written.endsWith('\u001B[?25h\u001B[?1049l'));
  });
});
