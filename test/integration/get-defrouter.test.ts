// End to end: `llreach get-defrouter` inside a host namespace whose default routes point at a
// router namespace (IPv4 by hand, IPv6 from radvd's RAs via SLAAC), on a real link. Needs root and
// a built dist/ (`npm run build`).
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';

import {runJs} from '../helpers/paths.js';
import {captureOpened, exec, type Spawned, spawnIn, useLab, waitFor} from './netns.js';

const ROUTER_MAC = '02:00:00:00:6d:01';
const HOST_MAC = '02:00:00:00:6d:02';
const ROUTER_LINK_LOCAL = 'fe80::ff:fe00:6d01'; // EUI-64 of ROUTER_MAC, the RA's source

/** RAs every 3–4 s with a router lifetime, and the prefix for SLAAC. */
function radvdConfig(iface: string): string {
  return `interface ${iface} {
  AdvSendAdvert on;
  MinRtrAdvInterval 3;
  MaxRtrAdvInterval 4;
  AdvDefaultLifetime 600;
  prefix 2001:db8:6d::/64 { AdvOnLink on; AdvAutonomous on; };
};
`;
}

/** Resolves once a packet socket is open in `ns` (libpcap has started capturing). */
async function defaultRoute6(ns: string): Promise<{gateway?: string} | undefined> {
  const routes = JSON.parse((await exec(ns, ['ip', '-j', '-6', 'route', 'show', 'default'])).stdout) as Array<{gateway?: string}>;
  return routes[0];
}

async function getDefrouter(ns: string, ...args: string[]) {
  const result = await exec(ns, ['node', runJs, 'get-defrouter', ...args], {allowFailure: true, timeoutMs: 30_000});
  return {...result, json: result.stdout.trim().startsWith('{') ? JSON.parse(result.stdout) : undefined};
}

function assertRouterRecord(json: {info: Record<string, number | string>}, netproto: number): void {
  const info = json.info as {addr: string; refcnt: number; netproto: number; rcv_expire: number; snd_expire: number; curtime: number};
  assert.equal(info.addr, ROUTER_MAC);
  assert.ok(info.refcnt >= 1, `refcnt ${info.refcnt}`);
  assert.equal(info.netproto, netproto);
  const left = info.rcv_expire - info.curtime;
  assert.ok(left >= 13 && left <= 44, `rcv_expire − curtime = ${left}: a base-30 reachable time, minus at most 1 s`);
  assert.ok(info.snd_expire >= 14 && info.snd_expire <= 44, `snd_expire ${info.snd_expire}: lastused 0 + reachable (E21)`);
}

describe('llreach get-defrouter, live in network namespaces', () => {
  const lab = useLab({
    prefix: 'llgd',
    topology: 'pair',
    hosts: {
      router: {mac: ROUTER_MAC, addresses: ['198.51.100.1/24', '2001:db8:6d::1/64']},
      host: {mac: HOST_MAC, addresses: ['198.51.100.2/24']},
    },
  });
  let radvd: Spawned | undefined;
  let configDir: string | undefined;

  before(async () => {
    const {ns, hostIface} = lab();
    await exec(ns.router!, ['sysctl', '-qw', 'net.ipv6.conf.all.forwarding=1']); // radvd refuses to run otherwise
    await exec(ns.host!, ['sysctl', '-qw', `net.ipv6.conf.${hostIface}.accept_ra=2`]);
    await exec(ns.host!, ['ip', 'route', 'add', 'default', 'via', '198.51.100.1', 'dev', hostIface]);
    configDir = mkdtempSync(join(tmpdir(), 'llgd-radvd-'));
    writeFileSync(join(configDir, 'radvd.conf'), radvdConfig(hostIface));
    const config = join(configDir, 'radvd.conf');
    radvd = spawnIn(ns.router!, ['radvd', '-n', '-m', 'stderr', '-C', config, '-p', join(configDir, 'radvd.pid')]);
    const route = await waitFor(() => defaultRoute6(ns.host!), 15_000, "the host's IPv6 default route from the RAs");
    assert.equal(route.gateway, ROUTER_LINK_LOCAL, `radvd: ${radvd.stderr()}`);
  });

  after(async () => {
    await radvd?.stop('SIGKILL');
    if (configDir) rmSync(configDir, {recursive: true, force: true});
  });

  it('--af inet reports the router of the IPv4 default route once it speaks ARP', async () => {
    const {ns, hostIface} = lab();
    const run = spawnIn(ns.host!, ['node', runJs, 'get-defrouter', '--af', 'inet', '--json', '--timeout', '15']);
    await captureOpened(ns.host!);
    await exec(ns.host!, ['ip', 'neigh', 'flush', 'dev', hostIface]);
    await exec(ns.host!, ['ping', '-c1', '-W2', '198.51.100.1']);
    const result = await run.exited;
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout);
    assert.equal(json.gateway, '198.51.100.1');
    assert.equal(json.gatewaySource, 'route');
    assert.equal(json.interface, hostIface);
    assert.equal(json.verdict, 'reachable');
    assertRouterRecord(json, 2);
  });

  it('--af inet6 reports the RA router of the IPv6 default route', async () => {
    const {ns, hostIface} = lab();
    const run = await getDefrouter(ns.host!, '--af', 'inet6', hostIface, '--json', '--timeout', '15');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.json.gateway, ROUTER_LINK_LOCAL);
    assert.equal(run.json.gatewaySource, 'route');
    assertRouterRecord(run.json, 30);
  });

  it('on a quiet link: no record before --timeout (exit 10, "none" values), and --probe answers within a second', async () => {
    const {ns} = lab();
    // SIGKILL: on SIGTERM radvd sends a last RA with lifetime 0, which would delete the host's route.
    await radvd!.stop('SIGKILL');
    // Earlier tests left neighbour entries whose NUD timers would send unicast ARP probes and NSs.
    for (const each of [ns.router!, ns.host!]) await exec(each, ['ip', 'neigh', 'flush', 'all']);
    for (const af of ['inet', 'inet6']) {
      const quiet = await getDefrouter(ns.host!, '--af', af, '--json', '--timeout', '2');
      assert.equal(quiet.code, 10, `${af}: ${quiet.stderr}`);
      assert.equal(quiet.json.hasRecord, false);
      assert.deepEqual([quiet.json.info.rssi, quiet.json.info.lqm, quiet.json.info.npm, quiet.json.info.refcnt], [-2147483648, -2, -1, 0]);
      const probed = await getDefrouter(ns.host!, '--af', af, '--probe', '--json', '--timeout', '10');
      assert.equal(probed.code, 0, `${af}: ${probed.stderr}`);
      assert.equal(probed.json.capture.probeSent, true);
      assert.ok(probed.json.capture.waitedMs < 1000, `${af}: answered after ${probed.json.capture.waitedMs} ms`);
      assertRouterRecord(probed.json, af === 'inet' ? 2 : 30);
    }
  });

  it('a namespace without a default route gets the ESRCH error (exit 9) naming what was looked at', async () => {
    const {ns} = lab();
    for (const af of ['inet', 'inet6']) {
      const run = await getDefrouter(ns.router!, '--af', af, '--json');
      assert.equal(run.code, 9, run.stdout);
      assert.equal(run.json.error.code, 'NO_DEFAULT_ROUTE');
      const family = af === 'inet' ? '4' : '6';
      assert.match(run.json.error.message, new RegExp(`no default route for ${af}: \`ip -j -${family} route show default\``));
    }
  });

  // Last: it deletes the host's interface, which the lab's other tests need.
  it('an interface that disappears while waiting exits 8 (as show and watch), not 10', async () => {
    const {ns, hostIface} = lab();
    const run = spawnIn(ns.host!, ['node', runJs, 'get-defrouter', '--af', 'inet', hostIface, '--gateway', '198.51.100.1', '--json', '--timeout', '10']);
    await captureOpened(ns.host!);
    // The packet socket appears before the capture is fully set up; losing the interface then is exit 3 or 12.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await exec(ns.host!, ['ip', 'link', 'del', hostIface]);
    const result = await run.exited;
    assert.equal(result.code, 8, result.stderr);
    const json = JSON.parse(result.stdout);
    assert.equal(json.interfaceLost, true);
    assert.ok(json.warnings.some((w: string) => /disappeared/.test(w)), JSON.stringify(json.warnings));
  });
});
