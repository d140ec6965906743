// Dropping root once the capture is open (like tcpdump -Z), read from /proc/<pid>/status of the
// running llreach inside a lab namespace: uid, gid, groups and every capability set, per thread.
import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import {chmodSync, copyFileSync, mkdtempSync, readdirSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';

import {projectRoot, runJs} from '../helpers/paths.js';
import {captureOpened, createLab, exec, type Lab, spawnIn, waitFor} from './netns.js';

const NOBODY = '65534';
const CAP_NET_RAW_ONLY = '0000000000002000';
const NO_CAPS = '0000000000000000';

interface ThreadStatus {
  uid: string[];
  gid: string[];
  groups: string;
  caps: Record<'CapInh' | 'CapPrm' | 'CapEff' | 'CapBnd' | 'CapAmb', string>;
}

function parseStatus(text: string): ThreadStatus {
  const field = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'm').exec(text)?.[1]?.trim() ?? '';
  const caps = {CapInh: '', CapPrm: '', CapEff: '', CapBnd: '', CapAmb: ''};
  for (const name of Object.keys(caps) as Array<keyof typeof caps>) caps[name] = field(name);
  return {uid: field('Uid').split(/\s+/), gid: field('Gid').split(/\s+/), groups: field('Groups'), caps};
}

/** The main thread's status and every thread's (node has a thread pool and V8 workers). */
function readThreads(pid: number): {main: ThreadStatus; threads: ThreadStatus[]} {
  const main = parseStatus(readFileSync(`/proc/${pid}/status`, 'utf8'));
  const threads = readdirSync(`/proc/${pid}/task`).map((tid) =>
    parseStatus(readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8')));
  return {main, threads};
}

/** Waits until the process no longer runs as root (the drop follows the open at once). */
function waitForDrop(pid: number): Promise<ThreadStatus> {
  return waitFor<ThreadStatus | undefined>(() => {
    const {main} = readThreads(pid);
    return main.uid[0] === '0' ? undefined : main;
  }, 20_000, `llreach (pid ${pid}) to leave root`, 50) as Promise<ThreadStatus>;
}

function pairLab(t: Parameters<typeof createLab>[1]): Promise<Lab> {
  return createLab({
    topology: 'pair',
    hosts: {
      watcher: {mac: '02:00:00:5e:c0:01', addresses: ['198.51.100.1/24']},
      peer: {mac: '02:00:00:5e:c0:02', addresses: ['198.51.100.2/24']},
    },
  }, t);
}

function pingWatcher(lab: Lab) {
  return exec(lab.ns.peer!, ['ping', '-c', '2', '-i', '0.2', '-W', '1', '198.51.100.1'], {allowFailure: true});
}

describe('privilege drop after the capture is open', {timeout: 90_000}, () => {
  it('show, started as root, runs as nobody with no capability left and keeps capturing', async (t) => {
    const lab = await pairLab(t);
    const show = spawnIn(lab.ns.watcher!, ['node', runJs, 'show', lab.hostIface, '--duration', '4', '--json', '--seed', '1']);
    const main = await waitForDrop(show.pid);
    const {threads} = readThreads(show.pid);
    await pingWatcher(lab);
    const result = await show.exited;

    assert.deepEqual(main.uid, [NOBODY, NOBODY, NOBODY, NOBODY]);
    assert.deepEqual(main.gid, [NOBODY, NOBODY, NOBODY, NOBODY]);
    assert.equal(main.groups, '', 'supplementary groups cleared');
    assert.deepEqual(main.caps, {CapInh: NO_CAPS, CapPrm: NO_CAPS, CapEff: NO_CAPS, CapBnd: NO_CAPS, CapAmb: NO_CAPS});
    for (const thread of threads) {
      assert.equal(thread.uid.join(' '), `${NOBODY} ${NOBODY} ${NOBODY} ${NOBODY}`, 'every thread switched');
      assert.equal(thread.caps.CapEff, NO_CAPS);
      assert.equal(thread.caps.CapPrm, NO_CAPS);
    }
    assert.equal(result.code, 0, result.stderr);
    const output = JSON.parse(result.stdout);
    const macs = output.interfaces.flatMap((ctx: {records: Array<{addr: string}>}) => ctx.records.map((r) => r.addr));
    assert.ok(macs.includes('02:00:00:5e:c0:02'), `frames after the drop still reach the model: ${result.stdout}`);
  });

  it('watch keeps CAP_NET_RAW and nothing else, and still reopens a lost interface as nobody', async (t) => {
    const lab = await pairLab(t);
    const ns = lab.ns.watcher!;
    const watch = spawnIn(ns, ['node', runJs, 'watch', lab.hostIface, '--interval', '0.5', '--events']);
    const main = await waitForDrop(watch.pid);
    const {threads} = readThreads(watch.pid);
    assert.deepEqual(main.uid, [NOBODY, NOBODY, NOBODY, NOBODY]);
    assert.equal(main.groups, '');
    assert.deepEqual(main.caps, {
      CapInh: NO_CAPS, CapPrm: CAP_NET_RAW_ONLY, CapEff: CAP_NET_RAW_ONLY, CapBnd: CAP_NET_RAW_ONLY, CapAmb: NO_CAPS,
    });
    for (const thread of threads) {
      assert.ok([NO_CAPS, CAP_NET_RAW_ONLY].includes(thread.caps.CapPrm), `no thread holds more: ${thread.caps.CapPrm}`);
    }

    await exec(ns, ['ip', 'link', 'del', lab.hostIface]);
    await waitFor(() => watch.stderr().includes('keeping the table'), 10_000, 'the loss message');
    await exec(ns, ['ip', 'link', 'add', lab.hostIface, 'type', 'veth', 'peer', 'name', lab.hostIface, 'netns', lab.ns.peer!]);
    await exec(ns, ['ip', 'link', 'set', lab.hostIface, 'up']);
    await exec(lab.ns.peer!, ['ip', 'addr', 'add', '198.51.100.2/24', 'dev', lab.hostIface]);
    await exec(lab.ns.peer!, ['ip', 'link', 'set', lab.hostIface, 'up']);
    await waitFor(() => watch.stderr().includes('resumed'), 20_000, `the resume message in:\n${watch.stderr()}`);
    await exec(lab.ns.peer!, ['arping', '-c', '2', '-U', '-I', lab.hostIface, '198.51.100.2'], {allowFailure: true});
    const result = await watch.stop('SIGINT');
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /permission|not permitted/i);
  });

  it('--user root keeps root', async (t) => {
    const lab = await pairLab(t);
    const show = spawnIn(lab.ns.watcher!, ['node', runJs, 'show', lab.hostIface, '--duration', '3', '--user', 'root']);
    await captureOpened(lab.ns.watcher!);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const {main} = readThreads(show.pid);
    const result = await show.exited;
    assert.equal(main.uid[0], '0');
    assert.notEqual(main.caps.CapEff, NO_CAPS);
    assert.equal(result.code, 0, result.stderr);
  });

  it('an unknown --user is a usage error after the open, with the capture closed and no stack', async (t) => {
    const lab = await pairLab(t);
    const show = spawnIn(lab.ns.watcher!, ['node', runJs, 'show', lab.hostIface, '--duration', '3', '--user', 'no-such-llreach-user']);
    const result = await show.exited;
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /no user named "no-such-llreach-user"/);
    assert.match(result.stderr, /--user nobody/);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  });
});

describe('privilege drop when reading a file as root', {timeout: 60_000}, () => {
  it('watch --read opens the file, then plays it as nobody with no capability', async (t) => {
    if (process.getuid?.() !== 0) assert.fail('the privilege tests need root (CI runs as root)');
    const child = spawn(process.execPath, [runJs, 'watch', '--read', 'samples/lab.pcapng', '--speed', '1'], {cwd: projectRoot, stdio: 'ignore'});
    t.after(() => child.kill());
    const status = await waitForDrop(child.pid!);
    assert.deepEqual([status.uid, status.gid], [[NOBODY, NOBODY, NOBODY, NOBODY], [NOBODY, NOBODY, NOBODY, NOBODY]]);
    assert.deepEqual([status.caps.CapPrm, status.caps.CapEff], [NO_CAPS, NO_CAPS]);
  });

  it('show --read still reads a file only root may read (opened before the drop), and --user root keeps root', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llreach-root-'));
    const path = join(dir, 'root-only.pcapng');
    copyFileSync(join(projectRoot, 'samples', 'lab.pcapng'), path);
    chmodSync(path, 0o600);
    const dropped = spawnSync(process.execPath, [runJs, 'show', '--read', path, '--json'], {encoding: 'utf8'});
    assert.equal(dropped.status, 0, dropped.stderr);
    assert.equal(JSON.parse(dropped.stdout).frames, 75);
    const kept = spawnSync(process.execPath, [runJs, 'show', '--read', path, '--user', 'root', '--json'], {encoding: 'utf8'});
    assert.equal(kept.status, 0, kept.stderr);
  });
});
