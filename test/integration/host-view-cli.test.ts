// `llreach show --view host` on the bundled sample file: "us" from flags, usage errors, profiles,
// --format layouts and --ifindex exit codes (issue 3 items 1, 6, 8). Runs the built CLI.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {join} from 'node:path';
import {describe, it} from 'node:test';

import {possibleReachableSeconds} from '../../src/core/reachable-time.js';
import {EXIT} from '../../src/exit-codes.js';
import {projectRoot, runJs} from '../helpers/paths.js';

const SAMPLE = join(projectRoot, 'samples', 'lab.pcapng');
/** Host `a` of samples/README.md. */
const HOST_A = [
  '--self-mac', '02:11:00:00:00:0a',
  '--self-addr', '198.51.100.10/24', '--self-addr', '198.51.100.11/24',
  '--self-addr', '2001:db8:1::10/64', '--self-addr', '2001:db8:1:0:11:ff:fe00:a/64', '--self-addr', 'fe80::11:ff:fe00:a/64',
];

function show(...args: string[]) {
  const result = spawnSync('node', [runJs, 'show', '--read', SAMPLE, '--seed', '1', '--no-color', ...args], {
    encoding: 'utf8',
    env: {...process.env, TZ: 'UTC'},
  });
  return {code: result.status, stdout: result.stdout, stderr: result.stderr};
}

describe('show --view host on a file', () => {
  it('without "us" is a usage error that names the flags to give', () => {
    const result = show('--view', 'host');
    assert.equal(result.code, EXIT.USAGE);
    assert.match(result.stderr, /--self-mac/);
    assert.match(result.stderr, /--self-addr/);
  });

  it('gives host a\'s entries with verdicts in the JSON', () => {
    const result = show('--view', 'host', ...HOST_A, '--json');
    assert.equal(result.code, 0, result.stderr);
    const output = JSON.parse(result.stdout);
    assert.equal(output.view, 'host');
    const ctx = output.host.contexts[0];
    const router = ctx.arp.find((row: {address: string}) => row.address === '198.51.100.1');
    assert.equal(router.mac, '02:11:00:00:00:01');
    assert.equal(router.verdict.reason, 'single-address');
    assert.ok(ctx.nd.every((row: {verdict: unknown}) => row.verdict === null), 'E12: no ND verdicts');
    assert.ok(!ctx.arp.some((row: {address: string}) => row.address === '198.51.100.30'), 'an ARP probe target gets no entry');
  });

  it('--profile xnu-3789 draws ARP reachable times from base 120; --arp-base overrides it', () => {
    const output = JSON.parse(show('--view', 'host', ...HOST_A, '--profile', 'xnu-3789', '--json').stdout);
    const ipv4 = output.interfaces[0].records.filter((r: {proto: number}) => r.proto === 0x0800);
    assert.ok(ipv4.length > 0);
    for (const record of ipv4) assert.ok(possibleReachableSeconds(120).includes(record.reachable), String(record.reachable));
    assert.equal(output.host.profile, 'xnu-3789');
    const overridden = JSON.parse(show('--view', 'host', ...HOST_A, '--profile', 'xnu-3789', '--arp-base', '10', '--json').stdout);
    assert.equal(overridden.host.arpBase, 10);
  });

  it('--format arp, ndp and netstat print Apple\'s headers', () => {
    assert.match(show('--view', 'host', ...HOST_A, '--format', 'arp').stdout, /^Neighbor {16}Linklayer Address Expire\(O\) Expire\(I\) {4}Netif Refs Prbs RSSI {4}LQM {5}NPM {4}\n198\.51\.100\.1 /);
    assert.match(show('--view', 'host', ...HOST_A, '--format', 'ndp').stdout, /^Neighbor {24}Linklayer Address {2}Netif Expire\(O\)/);
    assert.match(show('--format', 'netstat').stdout, /^Proto {2}Linklayer Address {4}Netif Expire {4}Refs Prbs {4}RSSI {5}LQM {5}NPM\n0x800  2:11:0:0:0:1 /);
  });

  it('--format arp in the segment view is a usage error', () => {
    assert.equal(show('--format', 'arp').code, EXIT.USAGE);
  });

  it('E30: --ifindex 0 or an index the file does not have exits NO_SUCH_INDEX; index 1 works', () => {
    assert.equal(show('--ifindex', '0').code, EXIT.NO_SUCH_INDEX);
    assert.equal(show('--ifindex', '7').code, EXIT.NO_SUCH_INDEX);
    assert.equal(show('--ifindex', '1', '--format', 'netstat').code, 0);
  });
});
