// End to end: `llreach show` captures live inside a namespace while two Linux kernels talk ARP and
// ND for real, and reports the peer's IPv4 and IPv6 records with their addresses and Refs.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';

import {runJs} from '../helpers/paths.js';
import {captureOpened, exec, spawnIn, useLab} from './netns.js';

/** Resolves once a packet socket is open in `ns` (libpcap has started capturing). */
const PEER_MAC = '02:00:00:00:5e:01';

describe('llreach show, live in a network namespace', () => {
  const lab = useLab({
    topology: 'pair',
    hosts: {
      peer: {mac: PEER_MAC, addresses: ['198.51.100.1/24', '198.51.100.3/24', '2001:db8:5e::1/64']},
      watcher: {mac: '02:00:00:00:5e:02', addresses: ['198.51.100.2/24', '2001:db8:5e::2/64']},
    },
  });

  it("shows the peer's IPv4 record with both its addresses and its IPv6 record", async () => {
    const {ns, hostIface} = lab();
    const show = spawnIn(ns.watcher!, ['node', runJs, 'show', hostIface, '--duration', '6', '--json', '--seed', '1']);
    await captureOpened(ns.watcher!);
    await exec(ns.peer!, ['ping', '-c2', '-i0.2', '-W2', '198.51.100.2']);
    await exec(ns.peer!, ['ping', '-c2', '-i0.2', '-W2', '-I', '198.51.100.3', '198.51.100.2']);
    await exec(ns.peer!, ['ping', '-c2', '-i0.2', '-W2', '2001:db8:5e::2']);
    const result = await show.exited;
    assert.equal(result.code, 0, result.stderr);

    const output = JSON.parse(result.stdout);
    assert.equal(output.source.kind, 'live');
    assert.ok(output.capture.received >= output.frames, 'libpcap counted what it delivered');
    assert.equal(output.capture.dropped, 0);
    assert.equal(output.view, 'segment');
    assert.ok(output.frames > 0);
    const records = output.interfaces.flatMap((ctx: {records: unknown[]}) => ctx.records);
    const peer4 = records.find((r: {proto: number; addr: string}) => r.proto === 0x0800 && r.addr === PEER_MAC);
    const peer6 = records.find((r: {proto: number; addr: string}) => r.proto === 0x86dd && r.addr === PEER_MAC);
    assert.ok(peer4, `no IPv4 record for the peer in ${result.stdout}`);
    assert.deepEqual(peer4.addresses, ['198.51.100.1', '198.51.100.3']);
    assert.equal(peer4.refcnt, 2);
    assert.ok(peer6, `no IPv6 record for the peer in ${result.stdout}`);
    assert.ok(peer6.addresses.includes('2001:db8:5e::1'));
    assert.equal(peer6.refcnt, peer6.addresses.length);
    assert.ok(peer4.expiresIn > 0 && peer4.reachable >= 14 && peer4.reachable <= 44);
  });

  it('prints a table with the peer and its Refs', async () => {
    const {ns, hostIface} = lab();
    const show = spawnIn(ns.watcher!, ['node', runJs, 'show', hostIface, '--duration', '4', '--no-color']);
    await captureOpened(ns.watcher!);
    await exec(ns.peer!, ['arping', '-c', '2', '-U', '-I', hostIface, '198.51.100.1'], {allowFailure: true});
    await exec(ns.peer!, ['ping', '-c2', '-i0.2', '-W2', '198.51.100.2']);
    const result = await show.exited;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /segment view, \d+ frames read, \d+ skipped, \d+ malformed; libpcap received \d+, dropped 0/);
    assert.match(result.stdout, new RegExp(`ipv4 +│ ${PEER_MAC} +│ \\d`));
    assert.match(result.stdout, /198\.51\.100\.1/);
  });

  it('SIGTERM and SIGHUP end a long capture early with the table of what was seen, as Ctrl-C does', async () => {
    const {ns, hostIface} = lab();
    for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
      const show = spawnIn(ns.watcher!, ['node', runJs, 'show', hostIface, '--duration', '60', '--no-color']);
      await captureOpened(ns.watcher!);
      await exec(ns.peer!, ['arping', '-c', '2', '-U', '-I', hostIface, '198.51.100.1'], {allowFailure: true});
      const result = await show.stop(signal);
      assert.equal(result.code, 0, `${signal}: ${result.stderr}`);
      assert.match(result.stdout, new RegExp(`ipv4 +│ ${PEER_MAC} +│ \\d`), signal);
    }
  });
});
