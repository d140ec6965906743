// Child process of the benchmark: frames per second through llreach's reader, decoders and model, in memory.
// Run: node --import tsx scripts/bench/measure-ingest.ts FILE RUNS  (prints one JSON object)
import {readFileSync} from 'node:fs';
import {performance} from 'node:perf_hooks';

import type {Frame} from '../../src/capture/frame.js';
import {readCaptureBytes} from '../../src/capture/file-reader.js';
import {createModel, ingestFrame} from '../../src/pipeline.js';

/** The flags `show` runs with in the end-to-end measurement (--seed 1, default bases and bound). */
function freshModel() {
  return createModel({'arp-base': 30, 'nd6-base': 30, seed: 1});
}

/** Reader + decode + model over the file's bytes, already in memory. */
function timeFromMemory(bytes: Buffer): {seconds: number; frames: number; records: number} {
  const model = freshModel();
  const started = performance.now();
  const summary = readCaptureBytes(bytes, (frame) => ingestFrame(model, frame), (iface) => model.addInterface(iface));
  const seconds = (performance.now() - started) / 1000;
  return {seconds, frames: summary.frames, records: countRecords(model)};
}

/** Decode + model only: the frames are split out of the file beforehand, outside the timing. */
function timeDecodeModel(frames: Frame[]): {seconds: number; frames: number; records: number} {
  const model = freshModel();
  model.addInterface({id: 0, name: 'pcap0', linkType: 1});
  const started = performance.now();
  for (let i = 0; i < frames.length; i++) ingestFrame(model, frames[i]);
  const seconds = (performance.now() - started) / 1000;
  return {seconds, frames: frames.length, records: countRecords(model)};
}

/** Copies every frame's header fields and a view of its bytes (the reader reuses its Frame). */
function splitFrames(bytes: Buffer): Frame[] {
  const frames: Frame[] = [];
  readCaptureBytes(bytes, (frame) => frames.push({...frame}));
  return frames;
}

function countRecords(model: ReturnType<typeof freshModel>): number {
  return model.contextsInOrder().reduce((sum, ctx) => sum + ctx.tree.size, 0);
}

function summarise(runs: Array<{seconds: number; frames: number; records: number}>) {
  const best = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  return {
    runsSec: runs.map((run) => round3(run.seconds)),
    bestSec: round3(best.seconds),
    frames: best.frames,
    records: best.records,
    framesPerSec: Math.round(best.frames / best.seconds),
  };
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

const [path, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 3);
const bytes = readFileSync(path);
const fromMemory = Array.from({length: runs}, () => timeFromMemory(bytes));
const frames = splitFrames(bytes);
const decodeModel = Array.from({length: runs}, () => timeDecodeModel(frames));
console.log(JSON.stringify({fromMemory: summarise(fromMemory), decodeModel: summarise(decodeModel)}));
