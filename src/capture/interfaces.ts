// Linux interfaces and default routes: names and indexes from /sys/class/net, routes from
// `ip -j route` with /proc/net/route and /proc/net/ipv6_route as fallbacks (STACK.md §7).
import {execFileSync} from 'node:child_process';
import {readdirSync, readFileSync} from 'node:fs';

import {formatIp4, formatIp6} from '../decode/address.js';
import {EXIT, LlreachError} from '../errors.js';

const SYS_CLASS_NET = '/sys/class/net';
/** How long `ip` may take before we fall back to /proc. */
const IP_TIMEOUT_MS = 3000;

/** route(8) flags as /proc prints them (linux/route.h, linux/ipv6_route.h). */
const RTF_UP = 0x1;
const RTF_GATEWAY = 0x2;
const RTF_REJECT = 0x200;

export type AddressFamily = 4 | 6;

/** One default route, or one nexthop of a multipath (ECMP) default route. */
export interface DefaultRoute {
  /** The router's address; undefined for a default route straight onto a link (`dev tun0`). */
  gateway?: string;
  dev: string;
  /** Route metric; 0 when the kernel shows none. Lower wins. */
  metric: number;
  /** IPv6 router preference from the RA ('low', 'medium', 'high'), when `ip` reports it. */
  pref?: string;
}

/** Interface names in this network namespace, sorted. */
export function listInterfaces(): string[] {
  try {
    return readdirSync(SYS_CLASS_NET).sort();
  } catch {
    return [];
  }
}

/** The kernel's index of interface `name`, or undefined if there is no such interface. */
export function interfaceIndex(name: string): number | undefined {
  if (name === '' || name.includes('/') || name.startsWith('.')) return undefined;
  try {
    const index = Number.parseInt(readFileSync(`${SYS_CLASS_NET}/${name}/ifindex`, 'utf8'), 10);
    return Number.isInteger(index) ? index : undefined;
  } catch {
    return undefined;
  }
}

/** The name of the interface with kernel index `index`, or undefined. */
export function interfaceByIndex(index: number): string | undefined {
  return listInterfaces().find((name) => interfaceIndex(name) === index);
}

/** The interface of the preferred (lowest-metric) default route of `family`, or undefined. */
export function defaultRouteInterface(family: AddressFamily = 4): string | undefined {
  return defaultRoutes(family)[0]?.dev;
}

/** Default routes of `family`, lowest metric first; ECMP routes give one entry per nexthop. */
export function defaultRoutes(family: AddressFamily): DefaultRoute[] {
  const routes = readRoutesWithIp(family) ?? readRoutesFromProc(family);
  return routes.sort((a, b) => a.metric - b.metric);
}

// LIMITATION: only the main routing table is read, so a default route that policy routing puts in another table is not seen — reading `ip -j route show default table all` and the rules would fix it.
function readRoutesWithIp(family: AddressFamily): DefaultRoute[] | undefined {
  try {
    const json = execFileSync('ip', ['-j', `-${family}`, 'route', 'show', 'default'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: IP_TIMEOUT_MS,
    });
    return parseIpRouteJson(json);
  } catch {
    return undefined; // no `ip`, or an iproute2 too old for -j
  }
}

function readRoutesFromProc(family: AddressFamily): DefaultRoute[] {
  try {
    if (family === 4) return parseProcNetRoute(readFileSync('/proc/net/route', 'utf8'));
    return parseProcNetIpv6Route(readFileSync('/proc/net/ipv6_route', 'utf8'));
  } catch {
    return [];
  }
}

interface IpRouteEntry {
  type?: string;
  gateway?: string;
  dev?: string;
  metric?: number;
  pref?: string;
  nexthops?: Array<{gateway?: string; dev?: string}>;
}

/** Parses `ip -j -4|-6 route show default`; a multipath route yields one entry per nexthop. */
export function parseIpRouteJson(json: string): DefaultRoute[] {
  const entries = JSON.parse(json) as IpRouteEntry[];
  return entries
    .filter((entry) => entry.type === undefined || entry.type === 'unicast')
    .flatMap((entry) => {
      const hops = entry.nexthops ?? [entry];
      return hops.flatMap((hop) => toDefaultRoute(hop.gateway, hop.dev, entry.metric, entry.pref));
    });
}

function toDefaultRoute(gateway?: string, dev?: string, metric?: number, pref?: string): DefaultRoute[] {
  if (dev === undefined) return [];
  const route: DefaultRoute = {gateway, dev, metric: metric ?? 0};
  if (gateway === undefined) delete route.gateway;
  if (pref !== undefined) route.pref = pref;
  return [route];
}

// LIMITATION: the /proc fallbacks see only the first nexthop of a multipath route and no IPv6 router preference, when `ip` is missing — netlink (RTM_GETROUTE) would give both.
/**
 * Parses /proc/net/route (main table only). Addresses are the kernel's bytes in host order, shown
 * as little-endian hex. A multipath route appears with its first nexthop only.
 */
export function parseProcNetRoute(text: string): DefaultRoute[] {
  return dataLines(text, 1).flatMap((fields) => {
    const [dev, destination, gatewayHex, flagsHex, , , metric, mask] = fields;
    const flags = Number.parseInt(flagsHex, 16);
    if (destination !== '00000000' || mask !== '00000000' || !(flags & RTF_UP)) return [];
    const gateway = flags & RTF_GATEWAY ? formatIp4(littleEndianHexToUint32(gatewayHex)) : undefined;
    return toDefaultRoute(gateway, dev, Number.parseInt(metric, 10));
  });
}

function littleEndianHexToUint32(hex: string): number {
  return Buffer.from(hex, 'hex').readUInt32LE(0);
}

/**
 * Parses /proc/net/ipv6_route: dest, dest_plen, src, src_plen, nexthop, metric, refcnt, use,
 * flags, dev (hex). Only gateway routes count, which skips the `lo` reject entry for ::/0.
 */
export function parseProcNetIpv6Route(text: string): DefaultRoute[] {
  return dataLines(text, 0).flatMap((fields) => {
    const [destination, prefixLen, , , nexthop, metricHex, , , flagsHex, dev] = fields;
    const flags = Number.parseInt(flagsHex, 16);
    if (!/^0{32}$/.test(destination) || prefixLen !== '00') return [];
    if (!(flags & RTF_UP) || !(flags & RTF_GATEWAY) || flags & RTF_REJECT) return [];
    return toDefaultRoute(formatIp6(nexthop), dev, Number.parseInt(metricHex, 16));
  });
}

/** Whitespace-split fields of each non-empty line after `headerLines` header lines. */
function dataLines(text: string, headerLines: number): string[][] {
  return text
    .split('\n')
    .slice(headerLines)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length >= 10);
}

/** The error for a device name that names no interface here, listing the ones that exist. */
export function noSuchInterface(device: string): LlreachError {
  const names = listInterfaces();
  const here = names.length > 0 ? names.join(', ') : 'none found in /sys/class/net';
  const message = `no interface named "${device}" (interfaces here: ${here})`;
  const suggestions = ['list them with: ip link show'];
  return new LlreachError('NO_SUCH_INTERFACE', message, EXIT.NO_SUCH_INTERFACE, suggestions);
}

/** Throws noSuchInterface unless `device` exists (when the interface list can be read at all). */
export function checkInterfaceExists(device: string): void {
  if (listInterfaces().length > 0 && interfaceIndex(device) === undefined) throw noSuchInterface(device);
}
