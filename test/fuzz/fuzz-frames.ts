// The fuzz harness shared by test/fuzz/*.test.ts and scripts/fuzz.ts: seed frames from the corpus
// (rewrapped into every supported link type), fast-check arbitraries that mutate them, and a
// runner that feeds them through decodeFrame and a small ReachabilityModel checking invariants.
import {readdirSync} from 'node:fs';
import {join} from 'node:path';

import fc from 'fast-check';

import {LINKTYPE, type Frame} from '../../src/capture/frame.js';
import {readCaptureFile} from '../../src/capture/file-reader.js';
import {findInvariantViolations} from '../../src/core/invariants.js';
import {ReachabilityModel} from '../../src/core/model.js';
import {seededRandom32} from '../../src/core/random.js';
import {decodeFrame, isSupportedLinkType} from '../../src/decode/decode-frame.js';
import {corpusDir} from '../helpers/paths.js';

/** Every link type decodeFrame reads, plus one it does not (must be skipped, not thrown on). */
export const FUZZ_LINK_TYPES = [
  LINKTYPE.ETHERNET, LINKTYPE.LINUX_SLL, LINKTYPE.LINUX_SLL2, LINKTYPE.IEEE802_11,
  LINKTYPE.IEEE802_11_RADIOTAP, LINKTYPE.IPOIB, LINKTYPE.NULL, LINKTYPE.LOOP, LINKTYPE.ARCNET_LINUX,
] as const;

export interface SeedFrame {
  linkType: number;
  data: Buffer;
}

/** Seeds kept per corpus file, so one big file (the 2,282-frame ARP fuzzstorm) cannot crowd out ND. */
const MAX_SEEDS_PER_FILE = 120;

/** Frames of every corpus file, each copied (the reader reuses its buffer). */
function readCorpusFrames(): SeedFrame[] {
  const files = readdirSync(corpusDir).filter((name) => /\.pcap(ng)?$/.test(name)).sort();
  const frames: SeedFrame[] = [];
  for (const name of files) {
    let kept = 0;
    const keep = (frame: Frame) => {
      if (kept++ < MAX_SEEDS_PER_FILE) frames.push({linkType: frame.linkType, data: Buffer.from(frame.data)});
    };
    readCaptureFile(join(corpusDir, name), keep);
  }
  return frames;
}

/** An Ethernet frame's ethertype and payload, past any VLAN tags. */
function splitEthernet(data: Buffer): {ethertype: number; payload: Buffer; src: Buffer} | undefined {
  if (data.length < 14) return undefined;
  let offset = 12;
  while (offset + 4 <= data.length && (data.readUInt16BE(offset) === 0x8100 || data.readUInt16BE(offset) === 0x88a8)) offset += 4;
  if (offset + 2 > data.length) return undefined;
  return {ethertype: data.readUInt16BE(offset), payload: data.subarray(offset + 2), src: data.subarray(6, 12)};
}

/** The same payload behind another link header, so every decoder gets well-formed seeds. */
function rewrap(eth: NonNullable<ReturnType<typeof splitEthernet>>, linkType: number): Buffer | undefined {
  const {ethertype, payload, src} = eth;
  switch (linkType) {
    case LINKTYPE.LINUX_SLL: {
      const header = Buffer.alloc(16); // packet type, ARPHRD_ETHER, address length, address, protocol
      header.writeUInt16BE(1, 2);
      header.writeUInt16BE(6, 4);
      src.copy(header, 6);
      header.writeUInt16BE(ethertype, 14);
      return Buffer.concat([header, payload]);
    }
    case LINKTYPE.LINUX_SLL2: {
      const header = Buffer.alloc(20); // protocol, reserved, ifindex, ARPHRD, packet type, length, address
      header.writeUInt16BE(ethertype, 0);
      header.writeUInt32BE(2, 4);
      header.writeUInt16BE(1, 8);
      header[11] = 6;
      src.copy(header, 12);
      return Buffer.concat([header, payload]);
    }
    case LINKTYPE.NULL:
    case LINKTYPE.LOOP: {
      const family = Buffer.alloc(4);
      const af = ethertype === 0x86dd ? 10 : 2;
      if (linkType === LINKTYPE.NULL) family.writeUInt32LE(af);
      else family.writeUInt32BE(af);
      return Buffer.concat([family, payload]);
    }
    default:
      return undefined;
  }
}

/** Seeds per link type: the corpus frames of that type, and Ethernet corpus frames rewrapped. */
export function loadSeeds(): Map<number, Buffer[]> {
  const corpus = readCorpusFrames();
  const seeds = new Map<number, Buffer[]>(FUZZ_LINK_TYPES.map((linkType) => [linkType, []]));
  for (const frame of corpus) seeds.get(frame.linkType)?.push(frame.data);
  for (const frame of corpus.filter((f) => f.linkType === LINKTYPE.ETHERNET)) {
    const eth = splitEthernet(frame.data);
    if (!eth) continue;
    for (const linkType of [LINKTYPE.LINUX_SLL, LINKTYPE.LINUX_SLL2, LINKTYPE.NULL, LINKTYPE.LOOP]) {
      const wrapped = rewrap(eth, linkType);
      if (wrapped) seeds.get(linkType)!.push(wrapped);
    }
  }
  return seeds;
}

/** One change to a seed. Positions are taken modulo the frame's length, so any number works. */
export type Mutation =
  | {kind: 'flip'; pos: number; bit: number}
  | {kind: 'truncate'; len: number}
  | {kind: 'length'; pos: number; width: 1 | 2; littleEndian: boolean; value: number}
  | {kind: 'splice'; other: number; from: number; len: number; at: number}
  | {kind: 'random'; pos: number; bytes: Uint8Array};

/** Boundary values a length field should be tried with. */
const LENGTH_VALUES = [0, 1, 2, 3, 4, 7, 8, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xfffe, 0xffff];

const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  {weight: 4, arbitrary: fc.record({kind: fc.constant('flip' as const), pos: fc.nat(), bit: fc.integer({min: 0, max: 7})})},
  {weight: 1, arbitrary: fc.record({kind: fc.constant('truncate' as const), len: fc.nat({max: 200})})},
  {weight: 3, arbitrary: fc.record({
    kind: fc.constant('length' as const),
    // Link, ARP, IPv6 and ND headers, where the length fields are, sit in the first 96 bytes.
    pos: fc.nat({max: 95}),
    width: fc.constantFrom(1 as const, 2 as const),
    littleEndian: fc.boolean(), // radiotap's it_len is little-endian
    value: fc.oneof(fc.constantFrom(...LENGTH_VALUES), fc.nat({max: 0xffff})),
  })},
  {weight: 1, arbitrary: fc.record({kind: fc.constant('splice' as const), other: fc.nat(), from: fc.nat(), len: fc.nat({max: 64}), at: fc.nat()})},
  {weight: 2, arbitrary: fc.record({kind: fc.constant('random' as const), pos: fc.nat(), bytes: fc.uint8Array({minLength: 1, maxLength: 16})})},
);

/** Applies `mutation` to a copy of `data`; `pool` gives splice partners. */
export function applyMutation(data: Buffer, mutation: Mutation, pool: Buffer[]): Buffer {
  const out = Buffer.from(data);
  if (mutation.kind === 'truncate') return out.subarray(0, Math.min(out.length, mutation.len));
  if (out.length === 0 && mutation.kind !== 'splice') return out;
  switch (mutation.kind) {
    case 'flip':
      out[mutation.pos % out.length]! ^= 1 << mutation.bit;
      return out;
    case 'length':
      return writeLengthField(out, mutation);
    case 'random': {
      const at = mutation.pos % out.length;
      Buffer.from(mutation.bytes).copy(out, at, 0, Math.min(mutation.bytes.length, out.length - at));
      return out;
    }
    case 'splice': {
      const partner = pool[mutation.other % pool.length] ?? Buffer.alloc(0);
      const from = partner.length === 0 ? 0 : mutation.from % partner.length;
      const piece = partner.subarray(from, from + mutation.len);
      const at = out.length === 0 ? 0 : mutation.at % (out.length + 1);
      return Buffer.concat([out.subarray(0, at), piece, out.subarray(at)]);
    }
  }
}

function writeLengthField(out: Buffer, m: Extract<Mutation, {kind: 'length'}>): Buffer {
  const at = m.pos % out.length;
  if (m.width === 1 || at + 2 > out.length) out[at] = m.value & 0xff;
  else if (m.littleEndian) out.writeUInt16LE(m.value, at);
  else out.writeUInt16BE(m.value, at);
  return out;
}

/** One frame of a fuzz sequence, before the seed is looked up. */
export interface FrameRecipe {
  linkType: number;
  /** Index into the seeds of linkType (modulo); ignored when `raw` is set. */
  seed: number;
  mutations: Mutation[];
  /** Purely random bytes instead of a mutated seed. */
  raw: Uint8Array | undefined;
  /** Seconds since the previous frame (sometimes negative: capture clocks step back). */
  stepSec: number;
  interfaceId: number;
  /** Captured length shorter than the length on the wire (snaplen). */
  wireExtra: number;
}

export const frameRecipeArbitrary: fc.Arbitrary<FrameRecipe> = fc.record({
  linkType: fc.constantFrom(...FUZZ_LINK_TYPES),
  seed: fc.nat(),
  mutations: fc.oneof(
    {weight: 1, arbitrary: fc.constant<Mutation[]>([])}, // unmutated seeds build state the mutants then hit
    {weight: 3, arbitrary: fc.array(mutationArbitrary, {minLength: 1, maxLength: 3})},
  ),
  raw: fc.oneof(
    {weight: 8, arbitrary: fc.constant(undefined)},
    {weight: 1, arbitrary: fc.uint8Array({maxLength: 128})},
  ),
  stepSec: fc.oneof(
    {weight: 8, arbitrary: fc.constant(0)},
    {weight: 4, arbitrary: fc.integer({min: 1, max: 60})},
    {weight: 1, arbitrary: fc.integer({min: 61, max: 2000})},
    {weight: 1, arbitrary: fc.integer({min: -30, max: -1})},
    // A damaged timestamp: the clock leaps ahead by up to 10^13 s (a pcapng time field gone bad).
    {weight: 1, arbitrary: fc.integer({min: 1e9, max: 1e13})},
  ),
  interfaceId: fc.integer({min: 0, max: 1}),
  wireExtra: fc.oneof({weight: 6, arbitrary: fc.constant(0)}, {weight: 1, arbitrary: fc.nat({max: 1500})}),
});

/** Model settings a sequence runs with: tiny bounds so eviction happens often. */
export interface ModelRecipe {
  maxRecords: number;
  arpBaseSec: number;
  nd6BaseSec: number;
  randomSeed: number;
}

export const modelRecipeArbitrary: fc.Arbitrary<ModelRecipe> = fc.record({
  maxRecords: fc.integer({min: 1, max: 24}),
  arpBaseSec: fc.constantFrom(0, 1, 30, 3600),
  nd6BaseSec: fc.constantFrom(0, 1, 30, 3600),
  randomSeed: fc.nat({max: 0xffffffff}),
});

/** Builds the frame bytes of a recipe. */
export function buildFrame(recipe: FrameRecipe, seeds: Map<number, Buffer[]>): Buffer {
  if (recipe.raw) return Buffer.from(recipe.raw);
  const pool = seeds.get(recipe.linkType) ?? [];
  let data = pool.length === 0 ? Buffer.alloc(0) : pool[recipe.seed % pool.length]!;
  for (const mutation of recipe.mutations) data = applyMutation(data, mutation, pool);
  return data;
}

const START_SEC = 1_700_000_000;

/**
 * Feeds the frames through decodeFrame and a fresh model, checking after every `checkEvery`
 * frames (and after the last). Returns the problems found (empty when all held); an exception
 * from a decoder or the model propagates, which fails the property with the frame that threw.
 */
export function runSequence(
  modelRecipe: ModelRecipe,
  recipes: FrameRecipe[],
  seeds: Map<number, Buffer[]>,
  checkEvery = 1,
): string[] {
  const model = new ReachabilityModel({
    arpBaseSec: modelRecipe.arpBaseSec,
    nd6BaseSec: modelRecipe.nd6BaseSec,
    maxRecords: modelRecipe.maxRecords,
    random32: seededRandom32(modelRecipe.randomSeed),
  });
  const watcher = new ModelWatcher(modelRecipe.maxRecords);
  let tsSec = START_SEC;
  for (const [index, recipe] of recipes.entries()) {
    tsSec = Math.max(0, tsSec + recipe.stepSec);
    const data = buildFrame(recipe, seeds);
    model.addInterface({id: recipe.interfaceId, name: `fuzz${recipe.interfaceId}`, linkType: recipe.linkType});
    const frame: Frame = {
      tsSec, tsNsec: 0, linkType: recipe.linkType, interfaceId: recipe.interfaceId, data, origLen: data.length + recipe.wireExtra,
    };
    const event = decodeFrame(frame.data, frame.linkType, frame.origLen);
    if (!isSupportedLinkType(recipe.linkType) && event.skip === null) return [`link type ${recipe.linkType} was not skipped`];
    model.ingest(frame, event);
    if (index % checkEvery === 0 || index === recipes.length - 1) {
      const problems = watcher.check(model);
      if (problems.length > 0) return problems.map((p) => `after frame ${index} (${data.toString('hex')}): ${p}`);
    }
  }
  return [];
}

/** Checks across frames that findInvariantViolations cannot see from one snapshot. */
class ModelWatcher {
  private lastUptimeSec = 0;
  private lastFrames = 0;
  private readonly expiryByRecord = new WeakMap<object, number>();

  constructor(private readonly maxRecords: number) {}

  check(model: ReachabilityModel): string[] {
    const problems = findInvariantViolations(model);
    const uptime = model.clock.uptimeSec;
    if (uptime < this.lastUptimeSec) problems.push(`clock went back from ${this.lastUptimeSec} to ${uptime}`);
    this.lastUptimeSec = uptime;
    const {frames, skipped, malformed} = model.counters;
    if (frames < this.lastFrames || skipped < 0 || malformed < 0 || skipped + malformed > frames) {
      problems.push(`frame counters out of range: ${JSON.stringify({frames, skipped, malformed})}`);
    }
    this.lastFrames = frames;
    for (const ctx of model.contextsInOrder()) problems.push(...this.checkContext(ctx, uptime));
    return problems;
  }

  private checkContext(ctx: ReturnType<ReachabilityModel['contextsInOrder']>[number], uptime: number): string[] {
    const problems: string[] = [];
    if (ctx.frames < 0 || ctx.evicted.records < 0 || ctx.evicted.entries < 0) problems.push(`${ctx.label}: a negative count`);
    if (ctx.tree.size > this.maxRecords) problems.push(`${ctx.label}: ${ctx.tree.size} records, bound ${this.maxRecords}`);
    for (const table of [ctx.arp, ctx.nd]) {
      if (table.entries.size > this.maxRecords) problems.push(`${ctx.label}: ${table.entries.size} addresses, bound ${this.maxRecords}`);
    }
    for (const record of ctx.tree.inOrder()) {
      const expiry = record.lastrcvd + record.reachable;
      const before = this.expiryByRecord.get(record);
      if (before !== undefined && expiry < before) problems.push(`${ctx.label}: a record's expiry moved back from ${before} to ${expiry}`);
      if (record.lastrcvd > uptime) problems.push(`${ctx.label}: a record heard in the future`);
      this.expiryByRecord.set(record, expiry);
    }
    return problems;
  }
}
