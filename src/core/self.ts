// Who "us" is in the host view: our MAC, addresses with their on-link prefixes, router or not, and
// static ARP entries (spec Appendix A: the configuration a passive tool must be given).
import {parseIp4, parseIp6, parseMac} from '../decode/address.js';
import type {Ip4, Ip6, Mac} from '../decode/link-event.js';

export interface Ip4Prefix {
  addr: Ip4;
  prefixLen: number;
}

export interface Ip6Prefix {
  addr: Ip6;
  prefixLen: number;
}

/** The capturing host as the XNU rules see it. */
export interface SelfConfig {
  mac: Mac;
  ip4: Ip4Prefix[];
  ip6: Ip6Prefix[];
  /** IPv6 forwarding on: RS are processed, RA and Redirects are not (§2.3). */
  router: boolean;
  /** `arp -s ADDR MAC` entries: permanent, never get records (§2.2). */
  statics: Map<Ip4, Mac>;
}

const LINK_LOCAL_4 = 0xa9fe0000; // 169.254.0.0/16
const TWO_POW_32 = 2 ** 32;

export function isOurIp4(self: SelfConfig, ip: Ip4): boolean {
  return self.ip4.some((p) => p.addr === ip);
}

export function isOurIp6(self: SelfConfig, ip: Ip6): boolean {
  return self.ip6.some((p) => p.addr === ip);
}

/** Covered by one of our IPv4 prefixes: the kernel's cloning subnet route (§2.2 step 7). */
export function isOnLink4(self: SelfConfig, ip: Ip4): boolean {
  return self.ip4.some((p) => sameIp4Prefix(p.addr, ip, p.prefixLen));
}

/** Link-local (fe80::/10) or covered by one of our IPv6 prefixes: a neighbor (RFC 4861 §2.1). */
export function isOnLink6(self: SelfConfig, ip: Ip6): boolean {
  return isLinkLocal6(ip) || self.ip6.some((p) => sameIp6Prefix(p.addr, ip, p.prefixLen));
}

export function isLinkLocal4(ip: Ip4): boolean {
  return Math.floor(ip / 65536) === LINK_LOCAL_4 / 65536;
}

export function isLinkLocal6(ip: Ip6): boolean {
  return ip.startsWith('fe8') || ip.startsWith('fe9') || ip.startsWith('fea') || ip.startsWith('feb');
}

function sameIp4Prefix(a: Ip4, b: Ip4, prefixLen: number): boolean {
  if (prefixLen <= 0) return true;
  const size = 2 ** (32 - Math.min(32, prefixLen));
  return Math.floor(a / size) === Math.floor(b / size) && a < TWO_POW_32 && b < TWO_POW_32;
}

function sameIp6Prefix(a: Ip6, b: Ip6, prefixLen: number): boolean {
  const nibbles = Math.floor(prefixLen / 4);
  if (a.slice(0, nibbles) !== b.slice(0, nibbles)) return false;
  const rest = prefixLen % 4;
  if (rest === 0) return true;
  const mask = (0xf << (4 - rest)) & 0xf;
  return (Number.parseInt(a[nibbles], 16) & mask) === (Number.parseInt(b[nibbles], 16) & mask);
}

/** The IPv4 address the ARP input routine calls "ours" for a packet (§2.2 step 4). */
export function pickOurIp4(self: SelfConfig, tpa: Ip4, spa: Ip4): Ip4 | undefined {
  if (isOurIp4(self, tpa)) return tpa;
  if (isOurIp4(self, spa)) return spa;
  return self.ip4[0]?.addr;
}

/** Parses '198.51.100.1/24' or '2001:db8::1/64' (no prefix: a host route, /32 or /128). */
export function parseSelfAddress(text: string): {family: 4; prefix: Ip4Prefix} | {family: 6; prefix: Ip6Prefix} | null {
  const [addrText, lenText] = text.split('/');
  const ip4 = parseIp4(addrText);
  if (ip4 !== null) {
    const prefixLen = parsePrefixLen(lenText, 32);
    return prefixLen === null ? null : {family: 4, prefix: {addr: ip4, prefixLen}};
  }
  const ip6 = parseIp6(addrText);
  if (ip6 === null) return null;
  const prefixLen = parsePrefixLen(lenText, 128);
  return prefixLen === null ? null : {family: 6, prefix: {addr: ip6, prefixLen}};
}

function parsePrefixLen(text: string | undefined, max: number): number | null {
  if (text === undefined) return max;
  if (!/^\d{1,3}$/.test(text)) return null;
  const value = Number(text);
  return value <= max ? value : null;
}

/** Parses '198.51.100.9=02:00:00:00:00:09' (the `--static` flag, like `arp -s`). */
export function parseStatic(text: string): {addr: Ip4; mac: Mac} | null {
  const [addrText, macText] = text.split('=');
  const addr = parseIp4(addrText ?? '');
  const mac = macText === undefined ? null : parseMac(macText);
  return addr === null || mac === null ? null : {addr, mac};
}

/** A SelfConfig from already-parsed parts; addresses keep their given order (the first is "first"). */
export function makeSelf(mac: Mac, addresses: string[], router: boolean, statics: string[] = []): SelfConfig | string {
  const self: SelfConfig = {mac, ip4: [], ip6: [], router, statics: new Map()};
  for (const text of addresses) {
    const parsed = parseSelfAddress(text);
    if (!parsed) return `not an address with a prefix: ${text} (expected 198.51.100.1/24 or 2001:db8::1/64)`;
    if (parsed.family === 4) self.ip4.push(parsed.prefix);
    else self.ip6.push(parsed.prefix);
  }
  for (const text of statics) {
    const parsed = parseStatic(text);
    if (!parsed) return `not ADDR=MAC: ${text} (expected 198.51.100.9=02:00:00:00:00:09)`;
    self.statics.set(parsed.addr, parsed.mac);
  }
  return self;
}
