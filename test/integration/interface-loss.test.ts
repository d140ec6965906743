// `llreach show` losing its interface mid-capture in a lab namespace (the veth deleted, or taken
// down): one clear message on stderr, the table of what was seen on stdout, exit code 8, no stack.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';

import {runJs} from '../helpers/paths.js';
import {captureOpened, createLab, exec, type Lab, spawnIn, waitFor} from './netns.js';

const PEER_MAC = '02:00:00:10:55:01';
const EXIT_INTERFACE_LOST = 8;

function pairLab(t: Parameters<typeof createLab>[1]): Promise<Lab> {
  return createLab({
    topology: 'pair',
    hosts: {
      peer: {mac: PEER_MAC, addresses: ['198.51.100.1/24']},
      watcher: {mac: '02:00:00:10:55:02', addresses: ['198.51.100.2/24']},
    },
  }, t);
}

/** Starts show, then has the peer announce itself and ping across. */
async function showWithPeerSeen(lab: Lab, extraArgs: string[]) {
  const show = spawnIn(lab.ns.watcher!, ['node', runJs, 'show', lab.hostIface, '--duration', '60', '--no-color', ...extraArgs]);
  await captureOpened(lab.ns.watcher!);
  // The socket shows before the filter is attached: wait a little, then announce the peer (an ARP
  // binding makes its record; the pings only refresh it).
  await new Promise((resolve) => setTimeout(resolve, 300));
  await exec(lab.ns.peer!, ['arping', '-c', '2', '-U', '-I', lab.hostIface, '198.51.100.1'], {allowFailure: true});
  await exec(lab.ns.peer!, ['ping', '-c', '3', '-i', '0.2', '-W', '1', '198.51.100.2']);
  return show;
}

function assertNoStack(stderr: string): void {
  assert.doesNotMatch(stderr, /\n\s+at \S+ \(|Error:|Assertion|core dumped/, `no stack trace or abort:\n${stderr}`);
}

describe('show when the interface goes away mid-capture', {timeout: 90_000}, () => {
  it('deleted: one message, the table of what was seen, exit 8', async (t) => {
    const lab = await pairLab(t);
    const show = await showWithPeerSeen(lab, []);
    await exec(lab.ns.watcher!, ['ip', 'link', 'del', lab.hostIface]);
    const result = await waitFor(() => show.child.exitCode !== null && show.exited, 15_000, 'show to exit by itself');
    const {code, stdout, stderr} = await result;

    assert.equal(code, EXIT_INTERFACE_LOST, stderr);
    // oclif wraps a long warning over several lines (its libpcap reason varies), so count warnings.
    const warnings = stderr.split(/\bWarning:/).slice(1);
    assert.equal(warnings.length, 1, `exactly one warning on stderr:\n${stderr}`);
    assert.equal(stderr.split('\n').filter((line) => line.trim() !== '' && !line.startsWith(' ›')).length, 0, `nothing but the warning:\n${stderr}`);
    assert.match(warnings[0]!.replaceAll(/\s*›\s*/g, ' '), /capture on eth0 stopped: the interface disappeared/);
    assertNoStack(stderr);
    assert.match(stdout, /eth0: segment view, \d+ frames read/);
    assert.match(stdout, new RegExp(`ipv4 +│ ${PEER_MAC} +│ 1 `), `the peer's record is printed:\n${stdout}`);
    assert.match(stdout, /198\.51\.100\.1/);
  });

  it('taken down: the JSON of what was seen carries the message in warnings, exit 8', async (t) => {
    const lab = await pairLab(t);
    const show = await showWithPeerSeen(lab, ['--json']);
    await exec(lab.ns.watcher!, ['ip', 'link', 'set', lab.hostIface, 'down']);
    const result = await waitFor(() => show.child.exitCode !== null && show.exited, 15_000, 'show to exit by itself');
    const {code, stdout, stderr} = await result;

    assert.equal(code, EXIT_INTERFACE_LOST, stderr);
    assertNoStack(stderr);
    const output = JSON.parse(stdout);
    const records = output.interfaces.flatMap((ctx: {records: Array<{addr: string}>}) => ctx.records);
    assert.ok(records.some((r: {addr: string}) => r.addr === PEER_MAC), stdout);
    assert.ok(output.frames > 0);
    const lost = output.warnings.filter((w: string) => /stopped/.test(w));
    assert.equal(lost.length, 1, output.warnings);
    assert.match(lost[0], /^capture on eth0 stopped: the interface went down/);
  });
});
