import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';

import {readCaptureFile} from '../../src/capture/file-reader.js';
import {decodeFrame} from '../../src/decode/decode-frame.js';
import type {LinkEvent} from '../../src/decode/link-event.js';
import {
  CAPTURE_START_SEC,
  FRAME_MIX,
  generateFloodCapture,
  generateMixedCapture,
  type CaptureStats,
  type FrameKind,
} from '../../scripts/bench/generate-capture.js';

const FRAMES = 4000;
const HOSTS = 300;
const ROUTERS = 4;

interface ReadBack {
  format: string;
  warnings: string[];
  linkTypes: number[];
  events: LinkEvent[];
  frames: Buffer[];
  timesUsec: number[];
}

function readBack(path: string): ReadBack {
  const out: ReadBack = {format: '', warnings: [], linkTypes: [], events: [], frames: [], timesUsec: []};
  const summary = readCaptureFile(path, (frame) => {
    out.frames.push(Buffer.from(frame.data));
    out.events.push(decodeFrame(frame.data, frame.linkType, frame.origLen));
    out.timesUsec.push((frame.tsSec - CAPTURE_START_SEC) * 1e6 + frame.tsNsec / 1000);
  });
  return {...out, format: summary.format, warnings: summary.warnings, linkTypes: summary.interfaces.map((i) => i.linkType)};
}

/** The generator's kind of a frame, told from what llreach decoded of it. */
function kindOf(event: LinkEvent): FrameKind | 'unknown' {
  if (event.arp) return event.arp.op === 1 ? 'arpRequest' : 'arpReply';
  if (event.kind === 'ipv4') return 'udp4';
  if (event.kind !== 'ipv6') return 'unknown';
  const nd = event.nd;
  if (nd === null) return 'udp6';
  if (nd.type === 135 && nd.sllao === event.src) return 'neighborSolicit';
  if (nd.type === 136 && nd.tllao === event.src && nd.solicited && nd.override) return 'neighborAdvert';
  if (nd.type === 133 && nd.sllao === event.src) return 'routerSolicit';
  if (nd.type === 134 && nd.sllao === event.src && nd.src.startsWith('fe80')) return 'routerAdvert';
  return 'unknown';
}

function countKinds(events: LinkEvent[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const event of events) counts[kindOf(event)] = (counts[kindOf(event)] ?? 0) + 1;
  return counts;
}

/** Receiver-side check: the one's-complement sum over the covered bytes, checksum included, is 0xffff. */
function sumsToAllOnes(parts: Buffer[]): boolean {
  let sum = 0;
  for (const part of parts) {
    for (let i = 0; i < part.length; i += 2) sum += (part[i] << 8) | (part[i + 1] ?? 0);
  }
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum === 0xffff;
}

/** IPv6 upper-layer checksum (ICMPv6, UDP) of an Ethernet frame, verified with its pseudo-header. */
function ipv6ChecksumHolds(frame: Buffer): boolean {
  const payloadBytes = frame.readUInt16BE(18);
  const pseudo = Buffer.alloc(40);
  frame.copy(pseudo, 0, 22, 54);
  pseudo.writeUInt32BE(payloadBytes, 32);
  pseudo[39] = frame[20];
  return sumsToAllOnes([pseudo, frame.subarray(54, 54 + payloadBytes)]);
}

function isAllowedIp4(ip: number): boolean {
  const net = ip >>> 8;
  return net === 0xc63364 || net === 0xcb0071; // 198.51.100.0/24, 203.0.113.0/24
}

/** 2001:db8::/32 for unicast; RAs need fe80:: sources, ND uses the ff02:: groups. */
function isAllowedIp6(ip: string, linkScopeOk: boolean): boolean {
  if (ip.startsWith('20010db8')) return true;
  return linkScopeOk && (ip.startsWith('fe80') || ip.startsWith('ff02'));
}

describe('benchmark capture generator', () => {
  let dir: string;
  let stats: CaptureStats;
  let back: ReadBack;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'llreach-bench-test-'));
    stats = generateMixedCapture(join(dir, 'mixed.pcap'), {frames: FRAMES, hosts: HOSTS, seed: 7});
    back = readBack(join(dir, 'mixed.pcap'));
  });

  after(() => rmSync(dir, {recursive: true, force: true}));

  it('writes a classic Ethernet pcap that reads back whole, every frame decoded and none skipped or malformed', () => {
    assert.equal(back.format, 'pcap');
    assert.deepEqual(back.linkTypes, [1]);
    assert.deepEqual(back.warnings, []);
    assert.equal(back.events.length, FRAMES);
    assert.equal(stats.frames, FRAMES);
    assert.deepEqual(back.events.filter((e) => e.skip !== null || e.malformed !== null), []);
  });

  it('writes the mix it reports, each kind near its share, and every frame is one of the kinds', () => {
    const counts = countKinds(back.events);
    assert.equal(counts.unknown, undefined);
    assert.deepEqual(counts, stats.byKind);
    for (const [kind, share] of Object.entries(FRAME_MIX)) {
      const fraction = counts[kind] / FRAMES;
      assert.ok(Math.abs(fraction - share / 100) < 0.02, `${kind}: ${fraction} against ${share}%`);
    }
  });

  it('hears every host and every router, from unicast MACs', () => {
    const sources = new Set(back.events.map((event) => event.src));
    assert.equal(sources.size, HOSTS + ROUTERS);
    for (const mac of sources) assert.equal(Math.floor(mac / 2 ** 40) % 2, 0, `multicast source ${mac.toString(16)}`);
  });

  it('keeps frames between 60 and 120 bytes and stamps them 10 µs apart (100,000 frames/s)', () => {
    const sizes = back.frames.map((frame) => frame.length);
    assert.ok(Math.min(...sizes) >= 60 && Math.max(...sizes) <= 120, `${Math.min(...sizes)}..${Math.max(...sizes)}`);
    back.timesUsec.forEach((usec, i) => assert.equal(usec, i * 10));
  });

  it('uses only documentation addresses (and the link-scope ones ND needs)', () => {
    for (const event of back.events) {
      if (event.arp) assert.ok(isAllowedIp4(event.arp.spa) && isAllowedIp4(event.arp.tpa));
      if (event.kind === 'ipv4') assert.ok(isAllowedIp4(event.ipDst as number));
      if (event.kind === 'ipv6') assert.ok(isAllowedIp6(event.ipDst as string, event.nd !== null));
      if (event.nd) assert.ok(isAllowedIp6(event.nd.src, true) && (event.nd.target === null || isAllowedIp6(event.nd.target, false)));
    }
  });

  it('writes valid ICMPv6 and UDP checksums over IPv6, and valid IPv4 header checksums', () => {
    back.events.forEach((event, i) => {
      const frame = back.frames[i];
      if (event.kind === 'ipv6') assert.ok(ipv6ChecksumHolds(frame), `frame ${i}`);
      if (event.kind === 'ipv4') assert.ok(sumsToAllOnes([frame.subarray(14, 34)]), `frame ${i}`);
    });
  });

  it('is deterministic for a seed and differs between seeds', () => {
    generateMixedCapture(join(dir, 'again.pcap'), {frames: FRAMES, hosts: HOSTS, seed: 7});
    generateMixedCapture(join(dir, 'other.pcap'), {frames: FRAMES, hosts: HOSTS, seed: 8});
    const first = readFileSync(join(dir, 'mixed.pcap'));
    assert.ok(first.equals(readFileSync(join(dir, 'again.pcap'))));
    assert.ok(!first.equals(readFileSync(join(dir, 'other.pcap'))));
  });

  it('writes a flood where every frame is a Neighbor Solicitation from a MAC and address not seen before', () => {
    generateFloodCapture(join(dir, 'flood.pcap'), 2000);
    const flood = readBack(join(dir, 'flood.pcap'));
    assert.equal(flood.events.length, 2000);
    assert.ok(flood.events.every((event) => kindOf(event) === 'neighborSolicit'));
    assert.equal(new Set(flood.events.map((event) => event.src)).size, 2000);
    assert.equal(new Set(flood.events.map((event) => event.nd!.src)).size, 2000);
  });
});
