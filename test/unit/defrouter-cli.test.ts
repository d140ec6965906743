// `llreach get-defrouter --read FILE` end to end on corpus files: RA routers, --gateway, the
// "none" values with exit 10, and the ESRCH case with exit 9. Runs bin/run.js (needs `npm run build`).
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';

import {corpusDir, projectRoot, runJs} from '../helpers/paths.js';

function getDefrouter(...args: string[]) {
  const result = spawnSync('node', [runJs, 'get-defrouter', ...args], {encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}});
  return {code: result.status, stdout: result.stdout, stderr: result.stderr};
}

const corpus = (name: string) => join(corpusDir, name);

describe('llreach get-defrouter on capture files', () => {
  it('td-ra-7opts.pcap: the RA router b0:99:28:c8:d6:6c, whose record aged out months before the end: exit 10, with the record as it was', () => {
    const run = getDefrouter('--af', 'inet6', '--read', corpus('td-ra-7opts.pcap'), '--json', '--seed', '7');
    assert.equal(run.code, 10, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.equal(out.schemaVersion, 1);
    assert.equal(out.gateway, 'fe80::b299:28ff:fec8:d66c');
    assert.equal(out.gatewaySource, 'ra');
    assert.deepEqual([out.hasRecord, out.verdict, out.info.addr], [false, 'no-record', '00:00:00:00:00:00'], 'as of the end of the file');
    const last = out.lastRecord;
    assert.equal(last.info.addr, 'b0:99:28:c8:d6:6c');
    assert.equal(last.info.refcnt, 1);
    assert.equal(last.info.netproto, 30);
    assert.equal(last.info.curtime, 1, 'as it was at the RA');
    const reachable = last.info.rcv_expire - last.info.curtime;
    assert.ok(reachable >= 14 && reachable <= 44, `reachable ${reachable}`);
    assert.equal(last.timeLeftSec, reachable);
    assert.equal(last.verdict, 'reachable');
  });

  it('prints the fields as a table by default (the bundled sample\'s radvd router)', () => {
    const run = getDefrouter('--af', 'inet6', '--read', join(projectRoot, 'samples', 'lab.pcapng'));
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /inet6 default router fe80::11:ff:fe00:1 at 02:11:00:00:00:01 on br0 \(from a Router Advertisement\): reachable/);
    for (const field of ['refcnt', 'probes', 'snd_expire', 'rcv_expire', 'curtime', 'netproto', 'addr', 'rssi', 'lqm', 'npm']) {
      assert.match(run.stdout, new RegExp(`│ ${field} +│`));
    }
    assert.match(run.stdout, /│ addr +│ 02:11:00:00:00:01/);
    assert.match(run.stdout, /30 \(PF_INET6\)/);
  });

  it('says in text how a record that aged out before the end of the file was last, and warns', () => {
    const run = getDefrouter('--af', 'inet6', '--read', corpus('td-ra-7opts.pcap'));
    assert.equal(run.code, 10);
    assert.match(run.stdout, /: no reachability record/);
    assert.match(run.stdout, /Before it aged out, at uptime 1: b0:99:28:c8:d6:6c, refcnt 1, reachable/);
    const warning = run.stderr.replaceAll(/\s*›\s*/g, ' '); // oclif wraps warnings with › markers
    assert.match(warning, /the record of fe80::b299:28ff:fec8:d66c was gone by the end of td-ra-7opts\.pcap/);
  });

  it('td-ra-rio24.pcap (router lifetime 0): no default route, exit 9, naming what was seen', () => {
    const run = getDefrouter('--af', 'inet6', '--read', corpus('td-ra-rio24.pcap'), '--json');
    assert.equal(run.code, 9);
    const {error} = JSON.parse(run.stdout);
    assert.equal(error.code, 'NO_DEFAULT_ROUTE');
    assert.match(error.message, /no default route for inet6: td-ra-rio24\.pcap has RAs from 1 router\(s\).*1 with router lifetime 0/);
  });

  it('an RA that breaks RFC 4861 (hop limit 64) gives exit 9 naming the discarded messages, not "none seen"', () => {
    const file = readFileSync(corpus('td-ra-7opts.pcap'));
    file[24 + 16 + 14 + 7] = 64; // the first frame (the RA): little-endian pcap, Ethernet, IPv6 hop limit
    const path = join(mkdtempSync(join(tmpdir(), 'llreach-ra-')), 'ra-hop64.pcap');
    writeFileSync(path, file);
    const run = getDefrouter('--af', 'inet6', '--read', path, '--json');
    assert.equal(run.code, 9);
    const {error} = JSON.parse(run.stdout);
    assert.match(error.message, /no valid Router Advertisement was seen in ra-hop64\.pcap \(ND messages discarded as invalid or malformed: 1 ND_INVALID_HOP_LIMIT\)/);
  });

  it('--af inet on a file without --gateway: exit 9, a file has no IPv4 routing table', () => {
    const run = getDefrouter('--af', 'inet', '--read', corpus('td-ra-7opts.pcap'));
    assert.equal(run.code, 9);
    assert.match(run.stderr, /no default route for inet: td-ra-7opts\.pcap is a capture file/);
  });

  it('--gateway on a shared record: refcnt 2 and the alias verdict (cs-arppoison)', () => {
    const run = getDefrouter('--af', 'inet', '--read', corpus('cs-arppoison.pcapng'), '--gateway', '172.16.0.1', '--json');
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.equal(out.gatewaySource, 'flag');
    assert.equal(out.info.addr, '00:25:b3:bf:91:ee');
    assert.equal(out.info.netproto, 2);
    assert.equal(out.info.refcnt, 2, 'the poisoner announces 172.16.0.1 and its own address');
    assert.ok(['used-recently', 'not-used'].includes(out.verdictReason), out.verdictReason);
  });

  it('--gateway in a VLAN context names that context (zk-dot1q-arp)', () => {
    const run = getDefrouter('--af', 'inet', '--read', corpus('zk-dot1q-arp.pcap'), '--gateway', '192.168.123.1', '--json');
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.equal(out.interface, 'pcap0 vlan 123');
    assert.equal(out.info.addr, '00:19:06:ea:b8:c1');
  });

  it('a gateway without a record prints the "none" values and exits 10', () => {
    const run = getDefrouter('--af', 'inet', '--read', corpus('cs-arppoison.pcapng'), '--gateway', '198.51.100.1', '--json');
    assert.equal(run.code, 10);
    const out = JSON.parse(run.stdout);
    assert.equal(out.hasRecord, false);
    assert.equal(out.verdict, 'no-record');
    assert.deepEqual(out.info, {
      refcnt: 0, probes: 0, snd_expire: 0, rcv_expire: 0, curtime: 0, netproto: 0,
      addr: '00:00:00:00:00:00', rssi: -2147483648, lqm: -2, npm: -1,
    });
  });

  it('refuses a --gateway of the other family and --probe with --read (exit 2)', () => {
    const wrongFamily = getDefrouter('--af', 'inet', '--read', corpus('cs-arppoison.pcapng'), '--gateway', 'fe80::1');
    assert.equal(wrongFamily.code, 2);
    assert.match(wrongFamily.stderr, /--gateway fe80::1 is not an IPv4 address/);
    const probeOnFile = getDefrouter('--af', 'inet6', '--read', corpus('td-ra-7opts.pcap'), '--probe');
    assert.equal(probeOnFile.code, 2);
  });
});
