// `llreach show --view host` on the bundled sample file: "us" from flags, usage errors, profiles,
// --format layouts and --ifindex exit codes (issue 3 items 1, 6, 8). Runs the built CLI.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {join} from 'node:path';
import {describe, it} from 'node:test';

import {possibleReachableSeconds} from '../../src/core/reachable-time.js';
import {EXIT} from '../../src/exit-codes.js';
import {corpusDir, projectRoot, runJs} from '../helpers/paths.js';

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

  it('--format netstat keeps to --proto, like our table', () => {
    const protos = (proto: string) => show('--format', 'netstat', '--proto', proto).stdout.split('\n').slice(1).filter(Boolean).map((line) => line.split(' ')[0]);
    const ipv4 = protos('ipv4');
    const ipv6 = protos('ipv6');
    assert.ok(ipv4.length > 0 && ipv4.every((p) => p === '0x800'), ipv4.join());
    assert.ok(ipv6.length > 0 && ipv6.every((p) => p === '0x86dd'), ipv6.join());
  });

  it('--format netstat names a VLAN context like its sub-interface (pcap0.12), as our table does', () => {
    const result = spawnSync('node', [runJs, 'show', '--read', join(corpusDir, 'zk-dot1q-arp.pcap'), '--format', 'netstat'], {encoding: 'utf8'});
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^0x800 {2}0:18:73:de:57:c1 {2}pcap0\.12 /m);
  });

  it('--format arp in the segment view is a usage error', () => {
    assert.equal(show('--format', 'arp').code, EXIT.USAGE);
  });

  it('E30: --ifindex 0 or an index the file does not have exits NO_SUCH_INDEX; index 1 works', () => {
    assert.equal(show('--ifindex', '0').code, EXIT.NO_SUCH_INDEX);
    const missing = show('--ifindex', '7');
    assert.equal(missing.code, EXIT.NO_SUCH_INDEX);
    assert.match(missing.stderr, /this file's interfaces have indexes 1\b/, 'the hint names the file\'s indexes, not ip -o link');
    assert.equal(show('--ifindex', '1', '--format', 'netstat').code, 0);
  });
});

describe('show: flags that describe "us"', () => {
  const usage = (args: string[], says: RegExp, code: string) => {
    const result = show(...args);
    assert.equal(result.code, EXIT.USAGE, result.stderr);
    assert.match(result.stderr, says);
    assert.match(result.stderr, new RegExp(`Code: ${code}`));
  };

  it('are refused outside the host view instead of being ignored', () => {
    usage(['--self-mac', '02:11:00:00:00:0a'], /--self-mac describes the capturing host[\s\S]*--view host/, 'NEEDS_HOST_VIEW');
    usage(['--router', '--static', '198.51.100.9=02:00:00:00:00:09'], /--router, --static describe/, 'NEEDS_HOST_VIEW');
  });

  it('--self-addr needs a prefix length: a guessed /32 would make every sender off-link', () => {
    usage(['--view', 'host', '--self-mac', '02:11:00:00:00:0a', '--self-addr', '198.51.100.10'], /--self-addr 198\.51\.100\.10 has no prefix length/, 'NO_SELF');
  });

  it('--static that is not ADDR=MAC says what it should look like', () => {
    usage(['--view', 'host', ...HOST_A, '--static', 'bogus'], /--static bogus is not ADDR=MAC[\s\S]*198\.51\.100\.9=02:00:00:00:00:09/, 'BAD_STATIC');
  });
});
