// Builders for the benchmark's Ethernet frames (ARP, ND, UDP over IPv4 and IPv6), written in place with valid checksums.

/** Ethernet header: destination, source, ethertype. */
const ETHER_BYTES = 14;
/** Ethernet's minimum frame without the FCS; shorter frames are padded as a NIC would. */
export const ETHER_MIN_BYTES = 60;
const IPV4_BYTES = 20;
const IPV6_BYTES = 40;
const UDP_BYTES = 8;
const ND_HOP_LIMIT = 255;
const IPPROTO_UDP = 17;
const IPPROTO_ICMPV6 = 58;
/** The benchmark's UDP flows (a made-up service port; nothing ever leaves the file). */
const UDP_PORT = 5001;

/** A 48-bit MAC as a number, as the decoders hold it. */
export type Mac = number;

/** The frame being written: the caller owns the buffer and reads `length` bytes after a build. */
export interface FrameWriter {
  buf: Buffer;
  length: number;
}

export function createFrameWriter(): FrameWriter {
  return {buf: Buffer.alloc(2048), length: 0};
}

/** ARP request (op 1) or reply (op 2) for Ethernet and IPv4, padded to 60 bytes. */
export function writeArp(w: FrameWriter, op: 1 | 2, dst: Mac, sha: Mac, spa: number, tha: Mac, tpa: number): void {
  const buf = w.buf;
  writeEther(buf, dst, sha, 0x0806);
  buf.writeUInt16BE(1, 14); // hardware: Ethernet
  buf.writeUInt16BE(0x0800, 16);
  buf[18] = 6;
  buf[19] = 4;
  buf.writeUInt16BE(op, 20);
  writeMac(buf, 22, sha);
  buf.writeUInt32BE(spa, 28);
  writeMac(buf, 32, tha);
  buf.writeUInt32BE(tpa, 38);
  buf.fill(0, 42, ETHER_MIN_BYTES);
  w.length = ETHER_MIN_BYTES;
}

/** An IPv4 UDP datagram of `frameBytes` on the wire (at least 60), with both checksums. */
export function writeUdp4(w: FrameWriter, dst: Mac, src: Mac, ipSrc: number, ipDst: number, frameBytes: number): void {
  const buf = w.buf;
  const total = Math.max(frameBytes, ETHER_MIN_BYTES);
  const ipBytes = total - ETHER_BYTES;
  writeEther(buf, dst, src, 0x0800);
  buf[14] = 0x45;
  buf[15] = 0;
  buf.writeUInt16BE(ipBytes, 16);
  buf.writeUInt32BE(0x4000_0000, 18); // id 0, don't fragment
  buf[22] = 64;
  buf[23] = IPPROTO_UDP;
  buf.writeUInt16BE(0, 24);
  buf.writeUInt32BE(ipSrc, 26);
  buf.writeUInt32BE(ipDst, 30);
  buf.writeUInt16BE(finishChecksum(sumWords(buf, 14, 34, 0)), 24);
  const udpAt = ETHER_BYTES + IPV4_BYTES;
  writeUdpBody(buf, udpAt, total);
  const pseudo = sumWords(buf, 26, 34, IPPROTO_UDP + (total - udpAt));
  buf.writeUInt16BE(udpChecksum(buf, udpAt, total, pseudo), udpAt + 6);
  w.length = total;
}

/** An IPv6 UDP datagram of `frameBytes` on the wire (at least 62), with its checksum. */
export function writeUdp6(w: FrameWriter, dst: Mac, src: Mac, ipSrc: Buffer, ipDst: Buffer, frameBytes: number): void {
  const buf = w.buf;
  const total = Math.max(frameBytes, ETHER_BYTES + IPV6_BYTES + UDP_BYTES);
  writeIpv6Header(buf, dst, src, ipSrc, ipDst, IPPROTO_UDP, 64, total - ETHER_BYTES - IPV6_BYTES);
  const udpAt = ETHER_BYTES + IPV6_BYTES;
  writeUdpBody(buf, udpAt, total);
  buf.writeUInt16BE(udpChecksum(buf, udpAt, total, pseudoHeaderSum6(buf, IPPROTO_UDP, total - udpAt)), udpAt + 6);
  w.length = total;
}

/** Neighbor Solicitation for `target` to its solicited-node group, with a source link-layer option. */
export function writeNeighborSolicit(w: FrameWriter, src: Mac, ipSrc: Buffer, target: Buffer): void {
  const group = solicitedNodeGroup(target);
  const body = startIcmp6(w.buf, multicastMac(group), src, ipSrc, group, 135, 24 + 8);
  target.copy(w.buf, body + 8);
  writeLinkOption(w.buf, body + 24, 1, src);
  finishIcmp6(w, body, 24 + 8);
}

/** Solicited, override Neighbor Advertisement of `target` to `dstIp`, with a target link-layer option. */
export function writeNeighborAdvert(w: FrameWriter, dst: Mac, src: Mac, target: Buffer, dstIp: Buffer): void {
  const body = startIcmp6(w.buf, dst, src, target, dstIp, 136, 24 + 8);
  w.buf[body + 4] = 0x60; // solicited, override
  target.copy(w.buf, body + 8);
  writeLinkOption(w.buf, body + 24, 2, src);
  finishIcmp6(w, body, 24 + 8);
}

/** Router Solicitation to all-routers, with a source link-layer option. */
export function writeRouterSolicit(w: FrameWriter, src: Mac, ipSrc: Buffer): void {
  const body = startIcmp6(w.buf, multicastMac(ALL_ROUTERS), src, ipSrc, ALL_ROUTERS, 133, 8 + 8);
  writeLinkOption(w.buf, body + 8, 1, src);
  finishIcmp6(w, body, 8 + 8);
}

/** Router Advertisement from a link-local source to all-nodes: SLLAO plus one /64 prefix option. */
export function writeRouterAdvert(w: FrameWriter, src: Mac, linkLocal: Buffer, prefix: Buffer): void {
  const icmpBytes = 16 + 8 + 32;
  const buf = w.buf;
  const body = startIcmp6(buf, multicastMac(ALL_NODES), src, linkLocal, ALL_NODES, 134, icmpBytes);
  buf[body + 4] = 64; // current hop limit
  buf.writeUInt16BE(1800, body + 6); // router lifetime, seconds
  writeLinkOption(buf, body + 16, 1, src);
  writePrefixOption(buf, body + 24, prefix);
  finishIcmp6(w, body, icmpBytes);
}

const ALL_NODES = Buffer.from('ff020000000000000000000000000001', 'hex');
const ALL_ROUTERS = Buffer.from('ff020000000000000000000000000002', 'hex');

/** ff02::1:ffXX:XXXX for the low 24 bits of `addr` (RFC 4291 §2.7.1). */
function solicitedNodeGroup(addr: Buffer): Buffer {
  const group = Buffer.from('ff0200000000000000000001ff000000', 'hex');
  addr.copy(group, 13, 13, 16);
  return group;
}

/** 33:33 followed by the group's last four bytes (RFC 2464 §7). */
function multicastMac(group: Buffer): Mac {
  return 0x3333 * 2 ** 32 + group.readUInt32BE(12);
}

/** Writes Ethernet, IPv6 (hop limit 255) and the ICMPv6 type; returns the ICMPv6 offset. */
function startIcmp6(buf: Buffer, dst: Mac, src: Mac, ipSrc: Buffer, ipDst: Buffer, type: number, icmpBytes: number): number {
  writeIpv6Header(buf, dst, src, ipSrc, ipDst, IPPROTO_ICMPV6, ND_HOP_LIMIT, icmpBytes);
  const body = ETHER_BYTES + IPV6_BYTES;
  buf.fill(0, body, body + icmpBytes);
  buf[body] = type;
  return body;
}

function finishIcmp6(w: FrameWriter, body: number, icmpBytes: number): void {
  const end = body + icmpBytes;
  const sum = sumWords(w.buf, body, end, pseudoHeaderSum6(w.buf, IPPROTO_ICMPV6, icmpBytes));
  w.buf.writeUInt16BE(finishChecksum(sum), body + 2);
  w.length = end;
}

function writeIpv6Header(
  buf: Buffer, dst: Mac, src: Mac, ipSrc: Buffer, ipDst: Buffer, next: number, hopLimit: number, payloadBytes: number,
): void {
  writeEther(buf, dst, src, 0x86dd);
  buf.writeUInt32BE(0x6000_0000, 14);
  buf.writeUInt16BE(payloadBytes, 18);
  buf[20] = next;
  buf[21] = hopLimit;
  ipSrc.copy(buf, 22);
  ipDst.copy(buf, 38);
}

/** Source and destination addresses, upper-layer length and next header (RFC 8200 §8.1). */
function pseudoHeaderSum6(buf: Buffer, next: number, upperBytes: number): number {
  return sumWords(buf, 22, 54, next + upperBytes);
}

function writeUdpBody(buf: Buffer, udpAt: number, end: number): void {
  buf.writeUInt16BE(UDP_PORT, udpAt);
  buf.writeUInt16BE(UDP_PORT, udpAt + 2);
  buf.writeUInt16BE(end - udpAt, udpAt + 4);
  buf.writeUInt16BE(0, udpAt + 6);
  for (let i = udpAt + UDP_BYTES; i < end; i++) buf[i] = i & 0xff;
}

/** A computed UDP checksum of 0 is sent as 0xffff (RFC 768). */
function udpChecksum(buf: Buffer, udpAt: number, end: number, pseudo: number): number {
  return finishChecksum(sumWords(buf, udpAt, end, pseudo)) || 0xffff;
}

function writeLinkOption(buf: Buffer, at: number, type: 1 | 2, mac: Mac): void {
  buf[at] = type;
  buf[at + 1] = 1; // 8 bytes
  writeMac(buf, at + 2, mac);
}

/** Prefix information (RFC 4861 §4.6.2): on-link and autonomous, a day valid, an hour preferred. */
function writePrefixOption(buf: Buffer, at: number, prefix: Buffer): void {
  buf[at] = 3;
  buf[at + 1] = 4;
  buf[at + 2] = 64;
  buf[at + 3] = 0xc0;
  buf.writeUInt32BE(86_400, at + 4);
  buf.writeUInt32BE(3600, at + 8);
  buf.writeUInt32BE(0, at + 12);
  prefix.copy(buf, at + 16);
}

function writeEther(buf: Buffer, dst: Mac, src: Mac, ethertype: number): void {
  writeMac(buf, 0, dst);
  writeMac(buf, 6, src);
  buf.writeUInt16BE(ethertype, 12);
}

function writeMac(buf: Buffer, at: number, mac: Mac): void {
  buf.writeUInt16BE(Math.floor(mac / 2 ** 32), at);
  buf.writeUInt32BE(mac % 2 ** 32, at + 2);
}

/** One's-complement sum of 16-bit words over [start, end), an odd last byte padded with zero. */
function sumWords(buf: Buffer, start: number, end: number, initial: number): number {
  let sum = initial;
  for (let i = start; i + 1 < end; i += 2) sum += (buf[i] << 8) | buf[i + 1];
  if ((end - start) % 2 === 1) sum += buf[end - 1] << 8;
  return sum;
}

function finishChecksum(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x1_0000);
  return ~sum & 0xffff;
}
