// Child process of the benchmark: heap bytes per record, for 100,000 MACs each bound to one IPv6 address.
// Run: node --expose-gc --import tsx scripts/bench/measure-memory.ts [RECORDS]  (prints one JSON object)
// LIMITATION: only IPv6 records are measured; 100,000 distinct IPv4 addresses do not fit in 198.51.100.0/24 and 203.0.113.0/24 — an IPv4 figure needs the 508 addresses reused across about 200 VLAN contexts (which adds their overhead).
import type {Frame} from '../../src/capture/frame.js';
import {createModel, ingestFrame} from '../../src/pipeline.js';
import {createFrameWriter, writeNeighborAdvert} from './frames.js';
import {Population} from './generate-capture.js';
import {CAPTURE_START_SEC} from './generate-capture.js';

const gc = (globalThis as {gc?: () => void}).gc;
if (!gc) throw new Error('run node with --expose-gc');

/** Heap in use after two full collections (the second picks up what finalizers released). */
function settledHeapBytes(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}

/** One Neighbor Advertisement: host `n` announces its own 2001:db8:1:: address with its MAC. */
function ingestAdvert(model: ReturnType<typeof createModel>, pop: Population, n: number, frame: Frame): void {
  const w = createFrameWriter();
  writeNeighborAdvert(w, pop.mac(n + 1), pop.mac(n), pop.ip6(n), pop.ip6(n + 1));
  frame.data = w.buf.subarray(0, w.length);
  frame.origLen = w.length;
  ingestFrame(model, frame);
}

const records = Number(process.argv[2] ?? 100_000);
const pop = new Population(records + 2);
// A bound above the count, so eviction never runs while measuring.
const model = createModel({'arp-base': 30, 'nd6-base': 30, seed: 1, 'max-records': records * 2});
model.addInterface({id: 0, name: 'bench0', linkType: 1});
const frame: Frame = {tsSec: CAPTURE_START_SEC, tsNsec: 0, linkType: 1, interfaceId: 0, data: Buffer.alloc(0), origLen: 0};
ingestAdvert(model, pop, records + 1, frame); // makes the context, so only records are counted below
const before = settledHeapBytes();
for (let n = 0; n < records; n++) ingestAdvert(model, pop, n, frame);
const after = settledHeapBytes();
const [ctx] = model.contextsInOrder();
console.log(JSON.stringify({
  records: ctx.tree.size - 1,
  addresses: ctx.nd.entries.size - 1,
  heapBytesBefore: before,
  heapBytesAfter: after,
  bytesPerRecord: Math.round((after - before) / records),
}));
