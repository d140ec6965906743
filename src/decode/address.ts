// MAC, IPv4 and IPv6 addresses: reading them from frames, formatting and parsing their text forms.
import type {Ip4, Ip6, Mac} from './link-event.js';

/** 2^32 and 2^40: a 48-bit MAC is too wide for the 32-bit bitwise operators, so it is split. */
const TWO_POW_32 = 0x1_0000_0000;
const TWO_POW_40 = 0x100_0000_0000;

export const BROADCAST_MAC: Mac = 0xff_ff_ff_ff_ff_ff;

const HEX_BYTE = /^[\da-f]{1,2}$/i;
const DECIMAL_OCTET = /^(?:0|[1-9]\d{0,2})$/;
const HEX_GROUP = /^[\da-f]{1,4}$/i;

/** Reads a 6-byte MAC at `offset`; the caller has checked that 6 bytes are there. */
export function macFromBytes(buf: Buffer, offset: number): Mac {
  const high16 = (buf[offset] << 8) | buf[offset + 1];
  const low32 =
    ((buf[offset + 2] << 24) |
      (buf[offset + 3] << 16) |
      (buf[offset + 4] << 8) |
      buf[offset + 5]) >>>
    0;
  return high16 * TWO_POW_32 + low32;
}

/** Reads a 4-byte IPv4 address at `offset`; the caller has checked that 4 bytes are there. */
export function ip4FromBytes(buf: Buffer, offset: number): Ip4 {
  return (
    ((buf[offset] << 24) | (buf[offset + 1] << 16) | (buf[offset + 2] << 8) | buf[offset + 3]) >>> 0
  );
}

/** Reads a 16-byte IPv6 address at `offset`; the caller has checked that 16 bytes are there. */
export function ip6FromBytes(buf: Buffer, offset: number): Ip6 {
  return buf.toString('hex', offset, offset + 16);
}

/** The six bytes of a MAC, first byte first. */
function toMacBytes(mac: Mac): number[] {
  const high16 = Math.floor(mac / TWO_POW_32);
  const low32 = mac % TWO_POW_32;
  return [
    high16 >>> 8,
    high16 & 0xff,
    low32 >>> 24,
    (low32 >>> 16) & 0xff,
    (low32 >>> 8) & 0xff,
    low32 & 0xff,
  ];
}

/** Every byte's two-digit and unpadded hex text, built once: formatting a MAC is then six lookups. */
const HEX_PADDED = Array.from({length: 256}, (_, byte) => byte.toString(16).padStart(2, '0'));
const HEX_PLAIN = Array.from({length: 256}, (_, byte) => byte.toString(16));

function joinMacBytes(mac: Mac, digits: readonly string[]): string {
  const [b0, b1, b2, b3, b4, b5] = toMacBytes(mac);
  return `${digits[b0!]}:${digits[b1!]}:${digits[b2!]}:${digits[b3!]}:${digits[b4!]}:${digits[b5!]}`;
}

/** '00:1b:63:0a:0b:0c': two lowercase digits per byte, as Linux tools print it. */
export function formatMac(mac: Mac): string {
  return joinMacBytes(mac, HEX_PADDED);
}

/** '0:1b:63:a:b:c': no zero padding, as ether_ntoa and Apple's arp and ndp print it. */
export function formatMacApple(mac: Mac): string {
  return joinMacBytes(mac, HEX_PLAIN);
}

/** Parses 'aa:bb:cc:dd:ee:ff', 'aa-bb-cc-dd-ee-ff' or unpadded '0:1b:63:a:b:c'; else null. */
export function parseMac(text: string): Mac | null {
  const separator = text.includes('-') ? '-' : ':';
  const parts = text.split(separator);
  if (parts.length !== 6 || !parts.every((part) => HEX_BYTE.test(part))) return null;
  return parts.reduce((mac, part) => mac * 256 + Number.parseInt(part, 16), 0);
}

/** True for group (multicast, broadcast) MACs: the I/G bit is the first byte's lowest bit. */
export function isMulticastMac(mac: Mac): boolean {
  return (Math.floor(mac / TWO_POW_40) & 1) === 1;
}

export function isBroadcastMac(mac: Mac): boolean {
  return mac === BROADCAST_MAC;
}

export function isZeroMac(mac: Mac): boolean {
  return mac === 0;
}

/** '198.51.100.1'. */
export function formatIp4(ip: Ip4): string {
  return `${ip >>> 24}.${(ip >>> 16) & 0xff}.${(ip >>> 8) & 0xff}.${ip & 0xff}`;
}

/**
 * Parses a dotted quad. Leading zeros are refused because inet_aton would read '010' as octal 8,
 * so accepting them would silently disagree with other tools.
 */
export function parseIp4(text: string): Ip4 | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((part) => DECIMAL_OCTET.test(part))) return null;
  const octets = parts.map(Number);
  if (octets.some((octet) => octet > 255)) return null;
  return octets.reduce((ip, octet) => ip * 256 + octet, 0);
}

/** The start and length of the longest run of two or more zero groups (the first of equal runs). */
function findZeroRun(groups: number[]): {start: number; length: number} {
  let best = {start: -1, length: 0};
  let start = -1;
  for (let i = 0; i <= groups.length; i++) {
    if (i < groups.length && groups[i] === 0) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0 && i - start > best.length) best = {start, length: i - start};
    start = -1;
  }
  return best.length >= 2 ? best : {start: -1, length: 0};
}

/** True for ::ffff:0:0/96, which RFC 5952 §5 writes with a dotted-quad tail. */
function isIp4Mapped(ip: Ip6): boolean {
  return ip.startsWith('00000000000000000000ffff');
}

/** RFC 5952 §4 text: lowercase, no leading zeros, the longest run of 2+ zero groups as '::'. */
export function formatIp6(ip: Ip6): string {
  if (isIp4Mapped(ip)) return `::ffff:${formatIp4(Number.parseInt(ip.slice(24), 16))}`;
  const groups = Array.from({length: 8}, (_, i) => Number.parseInt(ip.slice(i * 4, i * 4 + 4), 16));
  const run = findZeroRun(groups);
  const text = groups.map((group) => group.toString(16));
  if (run.start < 0) return text.join(':');
  const head = text.slice(0, run.start).join(':');
  const tail = text.slice(run.start + run.length).join(':');
  return `${head}::${tail}`;
}

/** Hex groups of one side of '::'; a dotted-quad last part is two groups. Null if invalid. */
function parseIp6Groups(text: string, allowIp4Tail: boolean): string[] | null {
  if (text === '') return [];
  const parts = text.split(':');
  const groups: string[] = [];
  for (const [i, part] of parts.entries()) {
    if (allowIp4Tail && i === parts.length - 1 && part.includes('.')) {
      const ip4 = parseIp4(part);
      if (ip4 === null) return null;
      groups.push(...ip4.toString(16).padStart(8, '0').match(/.{4}/g)!);
      continue;
    }
    if (!HEX_GROUP.test(part)) return null;
    groups.push(part.toLowerCase().padStart(4, '0'));
  }
  return groups;
}

/**
 * Parses an IPv6 address in any RFC 4291 §2.2 text form, including an embedded IPv4 tail; a
 * '%zone' suffix is accepted and ignored (zones do not take part in llreach's keys).
 */
export function parseIp6(text: string): Ip6 | null {
  const address = text.split('%', 1)[0];
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const head = parseIp6Groups(halves[0], halves.length === 1);
  const tail = halves.length === 2 ? parseIp6Groups(halves[1], true) : [];
  if (head === null || tail === null) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  return [
    ...head,
    ...Array.from({length: halves.length === 2 ? missing : 0}, () => '0000'),
    ...tail,
  ].join('');
}
