// Writes the benchmark's captures: a seeded classic pcap of mixed ARP, ND and UDP traffic, and a MAC flood.
import {closeSync, openSync, writeSync} from 'node:fs';

import {seededRandom32, type Random32} from '../../src/core/random.js';
import {
  createFrameWriter,
  writeArp,
  writeNeighborAdvert,
  writeNeighborSolicit,
  writeRouterAdvert,
  writeRouterSolicit,
  writeUdp4,
  writeUdp6,
  type FrameWriter,
  type Mac,
} from './frames.js';

/** The kinds of frame in the mix, each with its share (percent) of the frames. */
export const FRAME_MIX = {
  arpRequest: 10,
  arpReply: 8,
  neighborSolicit: 9,
  neighborAdvert: 8,
  routerSolicit: 1,
  routerAdvert: 1,
  udp4: 33,
  udp6: 30,
} as const;

export type FrameKind = keyof typeof FRAME_MIX;

export interface MixOptions {
  frames: number;
  /** Distinct station MACs, besides the routers; every one of them sends at least once. */
  hosts: number;
  seed: number;
  /** Capture-time rate: frame i is stamped START + i / framesPerSec. */
  framesPerSec?: number;
}

/** 2026-01-01T00:00:00Z, the capture's first timestamp. */
export const CAPTURE_START_SEC = 1_767_225_600;
const DEFAULT_FRAMES_PER_SEC = 100_000;
const ROUTERS = 4;
/** 198.51.100.1–254 and 203.0.113.1–254: the only IPv4 addresses the benchmark may use. */
const IPV4_ADDRESSES = 508;
/** UDP frames carry at least 18 payload bytes (shorter ones set off Wireshark's heuristic dissectors). */
const MIN_UDP_PAYLOAD_BYTES = 18;
const MAX_FRAME_BYTES = 120;
const UDP4_HEADERS_BYTES = 14 + 20 + 8;
const UDP6_HEADERS_BYTES = 14 + 40 + 8;
const PCAP_MAGIC_MICROS = 0xa1b2c3d4;
const LINKTYPE_ETHERNET = 1;
const CHUNK_BYTES = 4 << 20;

/** The host population: MACs and addresses by index, routers after the hosts. */
export class Population {
  readonly v4Hosts: number;

  constructor(readonly hosts: number) {
    this.v4Hosts = Math.min(hosts, IPV4_ADDRESSES);
  }

  /** A locally administered unicast MAC, scattered over 32 bits so tree inserts are not in order. */
  mac(host: number): Mac {
    return 0x02b0 * 2 ** 32 + (Math.imul(host + 1, 0x9e3779b1) >>> 0);
  }

  routerMac(router: number): Mac {
    return 0x02a0_0000_0000 + router + 1;
  }

  /** The first 508 hosts are dual-stack, numbered into 198.51.100.0/24 then 203.0.113.0/24. */
  ip4(host: number): number {
    const base = host < 254 ? 0xc6336400 : 0xcb007100; // 198.51.100.0, 203.0.113.0
    return base + (host % 254) + 1;
  }

  /** 2001:db8:1::<host> for every host. */
  ip6(host: number): Buffer {
    const addr = Buffer.from('20010db8000100000000000000000000', 'hex');
    addr.writeUInt32BE(host + 1, 12);
    return addr;
  }

  /** fe80::<router>: RFC 4861 accepts Router Advertisements only from link-local sources. */
  routerLinkLocal(router: number): Buffer {
    const addr = Buffer.from('fe800000000000000000000000000000', 'hex');
    addr.writeUInt16BE(router + 1, 14);
    return addr;
  }
}

/** 2001:db8:1::/64, the prefix the routers advertise. */
const ADVERTISED_PREFIX = Buffer.from('20010db8000100000000000000000000', 'hex');

/** Cumulative shares, for drawing a kind from one random number. */
const KIND_THRESHOLDS: Array<[FrameKind, number]> = (() => {
  let total = 0;
  return Object.entries(FRAME_MIX).map(([kind, share]) => [kind as FrameKind, (total += share)]);
})();

function drawKind(random: Random32): FrameKind {
  const roll = random() % 100;
  return KIND_THRESHOLDS.find(([, upTo]) => roll < upTo)![0];
}

/**
 * Fills `w` with one frame of `kind`. IPv6 senders go round robin over every host (`turn`), so
 * each MAC is heard; IPv4 senders and all peers are drawn at random among the eligible hosts.
 */
function writeFrame(w: FrameWriter, kind: FrameKind, pop: Population, random: Random32, turn: number): void {
  const v4 = () => random() % pop.v4Hosts;
  const v6Sender = turn % pop.hosts;
  const v6Peer = random() % pop.hosts;
  const udpBytes = (headers: number) => headers + MIN_UDP_PAYLOAD_BYTES + (random() % (MAX_FRAME_BYTES - headers - MIN_UDP_PAYLOAD_BYTES + 1));
  switch (kind) {
    case 'arpRequest': {
      const [a, b] = [v4(), v4()];
      return writeArp(w, 1, 0xffff_ffff_ffff, pop.mac(a), pop.ip4(a), 0, pop.ip4(b));
    }
    case 'arpReply': {
      const [a, b] = [v4(), v4()];
      return writeArp(w, 2, pop.mac(b), pop.mac(a), pop.ip4(a), pop.mac(b), pop.ip4(b));
    }
    case 'udp4': {
      const [a, b] = [v4(), v4()];
      return writeUdp4(w, pop.mac(b), pop.mac(a), pop.ip4(a), pop.ip4(b), udpBytes(UDP4_HEADERS_BYTES));
    }
    case 'neighborSolicit':
      return writeNeighborSolicit(w, pop.mac(v6Sender), pop.ip6(v6Sender), pop.ip6(v6Peer));
    case 'neighborAdvert':
      return writeNeighborAdvert(w, pop.mac(v6Peer), pop.mac(v6Sender), pop.ip6(v6Sender), pop.ip6(v6Peer));
    case 'routerSolicit':
      return writeRouterSolicit(w, pop.mac(v6Sender), pop.ip6(v6Sender));
    case 'routerAdvert': {
      const router = random() % ROUTERS;
      return writeRouterAdvert(w, pop.routerMac(router), pop.routerLinkLocal(router), ADVERTISED_PREFIX);
    }
    case 'udp6':
      return writeUdp6(w, pop.mac(v6Peer), pop.mac(v6Sender), pop.ip6(v6Sender), pop.ip6(v6Peer), udpBytes(UDP6_HEADERS_BYTES));
  }
}

/** What a generator wrote, for the report and the tests. */
export interface CaptureStats {
  frames: number;
  bytes: number;
  byKind: Record<FrameKind, number>;
}

/** Writes the mixed capture to `path` (classic pcap, microseconds, Ethernet); deterministic for a seed. */
export function generateMixedCapture(path: string, options: MixOptions): CaptureStats {
  const pop = new Population(options.hosts);
  const random = seededRandom32(options.seed);
  const byKind = Object.fromEntries(Object.keys(FRAME_MIX).map((kind) => [kind, 0])) as Record<FrameKind, number>;
  let v6Turn = 0;
  const bytes = writePcap(path, options.frames, options.framesPerSec ?? DEFAULT_FRAMES_PER_SEC, (w) => {
    const kind = drawKind(random);
    byKind[kind] += 1;
    const isV6Sender = kind !== 'arpRequest' && kind !== 'arpReply' && kind !== 'udp4' && kind !== 'routerAdvert';
    writeFrame(w, kind, pop, random, isV6Sender ? v6Turn++ : 0);
  });
  return {frames: options.frames, bytes, byKind};
}

/**
 * Writes a flood: every frame a Neighbor Solicitation from a MAC and address never seen before,
 * the worst case for memory (each one makes a resolver entry and a record).
 */
export function generateFloodCapture(path: string, macs: number, framesPerSec = DEFAULT_FRAMES_PER_SEC): number {
  const pop = new Population(macs);
  const target = pop.ip6(0);
  let next = 0;
  return writePcap(path, macs, framesPerSec, (w) => {
    writeNeighborSolicit(w, pop.mac(next), pop.ip6(next), target);
    next += 1;
  });
}

/** Writes `frames` records, each filled by `fill`, in 4 MiB chunks; returns the file's size. */
function writePcap(path: string, frames: number, framesPerSec: number, fill: (w: FrameWriter) => void): number {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(CHUNK_BYTES);
  const w = createFrameWriter();
  let used = writeFileHeader(chunk);
  let written = 0;
  try {
    for (let i = 0; i < frames; i++) {
      fill(w);
      if (used + 16 + w.length > CHUNK_BYTES) {
        written += writeSync(fd, chunk, 0, used);
        used = 0;
      }
      used = writeRecord(chunk, used, i, framesPerSec, w);
    }
    written += writeSync(fd, chunk, 0, used);
  } finally {
    closeSync(fd);
  }
  return written;
}

function writeFileHeader(buf: Buffer): number {
  buf.writeUInt32LE(PCAP_MAGIC_MICROS, 0);
  buf.writeUInt16LE(2, 4);
  buf.writeUInt16LE(4, 6);
  buf.writeUInt32LE(0, 8); // thiszone
  buf.writeUInt32LE(0, 12); // sigfigs
  buf.writeUInt32LE(262_144, 16); // snaplen
  buf.writeUInt32LE(LINKTYPE_ETHERNET, 20);
  return 24;
}

function writeRecord(buf: Buffer, at: number, index: number, framesPerSec: number, w: FrameWriter): number {
  const micros = Math.floor((index * 1_000_000) / framesPerSec);
  buf.writeUInt32LE(CAPTURE_START_SEC + Math.floor(micros / 1_000_000), at);
  buf.writeUInt32LE(micros % 1_000_000, at + 4);
  buf.writeUInt32LE(w.length, at + 8);
  buf.writeUInt32LE(w.length, at + 12);
  w.buf.copy(buf, at + 16, 0, w.length);
  return at + 16 + w.length;
}
