// Interface and default-route sources: parsing `ip -j route`, /proc/net/route and /proc/net/ipv6_route.
import assert from 'node:assert/strict';
import {readdirSync} from 'node:fs';
import {describe, it} from 'node:test';

import {
  defaultRoutes,
  interfaceByIndex,
  interfaceIndex,
  listInterfaces,
  parseIpRouteJson,
  parseProcNetIpv6Route,
  parseProcNetRoute,
} from '../../src/capture/interfaces.js';

// Sample text as iproute2 6.1 and Linux print it (STACK.md §7), with documentation addresses.
const IP4_JSON = JSON.stringify([
  {dst: 'default', gateway: '198.51.100.1', dev: 'llp-vb', metric: 100, flags: []},
  {
    dst: 'default',
    metric: 300,
    flags: [],
    nexthops: [
      {gateway: '198.51.100.1', dev: 'llp-vb', weight: 1, flags: []},
      {gateway: '198.51.100.3', dev: 'llp-vc', weight: 2, flags: []},
    ],
  },
  {dst: 'default', gateway: '203.0.113.1', dev: 'eth0', flags: []},
]);

const IP6_JSON = JSON.stringify([
  {dst: 'default', gateway: 'fe80::ff:fe00:1', dev: 'llp-vb', protocol: 'ra', metric: 1024, flags: [], expires: 1798, pref: 'medium'},
  {dst: 'default', gateway: '2001:db8::1', dev: 'llp-vb', metric: 2048, flags: [], pref: 'high'},
  {type: 'unreachable', dst: 'default', dev: 'lo', metric: 4294967295, flags: []},
]);

const PROC_NET_ROUTE = [
  'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT',
  'llp-vb\t00000000\t016433C6\t0003\t0\t0\t100\t00000000\t0\t0\t0',
  'llp-vb\t00000000\t016433C6\t0003\t0\t0\t300\t00000000\t0\t0\t0',
  'llp-vb\t006433C6\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0',
  'tun0\t00000000\t00000000\t0001\t0\t0\t50\t00000000\t0\t0\t0',
  'down0\t00000000\t017100CB\t0002\t0\t0\t10\t00000000\t0\t0\t0',
  '',
].join('\n');

const PROC_NET_IPV6_ROUTE = [
  '20010db8000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001   llp-vb',
  '00000000000000000000000000000000 00 00000000000000000000000000000000 00 fe80000000000000000000fffe000001 00000400 00000001 00000000 00450003   llp-vb',
  '00000000000000000000000000000000 00 00000000000000000000000000000000 00 20010db8000000000000000000000001 00000800 00000001 00000000 00000003   llp-vb',
  '00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo',
  '',
].join('\n');

describe('parseIpRouteJson', () => {
  it('gives one route per nexthop for ECMP and keeps plain routes with their metric', () => {
    assert.deepEqual(parseIpRouteJson(IP4_JSON), [
      {gateway: '198.51.100.1', dev: 'llp-vb', metric: 100},
      {gateway: '198.51.100.1', dev: 'llp-vb', metric: 300},
      {gateway: '198.51.100.3', dev: 'llp-vc', metric: 300},
      {gateway: '203.0.113.1', dev: 'eth0', metric: 0},
    ]);
  });

  it('keeps the IPv6 router preference and drops unreachable defaults', () => {
    assert.deepEqual(parseIpRouteJson(IP6_JSON), [
      {gateway: 'fe80::ff:fe00:1', dev: 'llp-vb', metric: 1024, pref: 'medium'},
      {gateway: '2001:db8::1', dev: 'llp-vb', metric: 2048, pref: 'high'},
    ]);
  });

  it('keeps a default route without a gateway (straight onto a link) with no gateway field', () => {
    assert.deepEqual(parseIpRouteJson('[{"dst":"default","dev":"tun0","scope":"link","flags":[]}]'), [
      {dev: 'tun0', metric: 0},
    ]);
  });

  it('gives nothing for no default route', () => {
    assert.deepEqual(parseIpRouteJson('[]'), []);
  });
});

describe('parseProcNetRoute', () => {
  it('reads default routes, decoding the little-endian gateway, and skips routes that are not up', () => {
    assert.deepEqual(parseProcNetRoute(PROC_NET_ROUTE), [
      {gateway: '198.51.100.1', dev: 'llp-vb', metric: 100},
      {gateway: '198.51.100.1', dev: 'llp-vb', metric: 300},
      {dev: 'tun0', metric: 50},
    ]);
  });

  it('gives nothing for a header-only file', () => {
    assert.deepEqual(parseProcNetRoute(PROC_NET_ROUTE.split('\n')[0]!), []);
  });
});

describe('parseProcNetIpv6Route', () => {
  it('reads ::/0 gateway routes with hex metrics and skips the lo reject entry', () => {
    assert.deepEqual(parseProcNetIpv6Route(PROC_NET_IPV6_ROUTE), [
      {gateway: 'fe80::ff:fe00:1', dev: 'llp-vb', metric: 1024},
      {gateway: '2001:db8::1', dev: 'llp-vb', metric: 2048},
    ]);
  });
});

describe('interfaces of this namespace', () => {
  it('lists /sys/class/net sorted, with lo among them', () => {
    const names = listInterfaces();
    assert.deepEqual(names, readdirSync('/sys/class/net').sort());
    assert.ok(names.includes('lo'));
  });

  it('maps lo to index 1 and back, and unknown names to undefined', () => {
    assert.equal(interfaceIndex('lo'), 1);
    assert.equal(interfaceByIndex(1), 'lo');
    assert.equal(interfaceIndex('nosuch0'), undefined);
    assert.equal(interfaceIndex('../lo'), undefined);
    assert.equal(interfaceByIndex(0), undefined);
  });

  it('returns default routes sorted by metric, each on an existing interface', () => {
    for (const family of [4, 6] as const) {
      const routes = defaultRoutes(family);
      for (const [i, route] of routes.entries()) {
        if (i > 0) assert.ok(route.metric >= routes[i - 1]!.metric);
        assert.ok(listInterfaces().includes(route.dev), `${route.dev} exists`);
      }
    }
  });
});
