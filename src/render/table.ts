// The `show` table: one cli-table3 table per interface/VLAN context, from a Snapshot.
import type {ChalkInstance} from 'chalk';
import Table from 'cli-table3';

import type {ContextSnapshot, RecordRow, Snapshot} from '../core/snapshot.js';
import {formatExpires, lqmWord, npmWord, protoWord, rssiWord} from './words.js';

const COMPACT_ROWS = {mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': ''};

const HEAD = ['Proto', 'Link-layer address', 'Refs', 'Probes', 'Expires', 'RSSI', 'LQM', 'NPM', 'Addresses'];

export interface TableOptions {
  /** What was captured, for the header: 'eth0 (live, 5s)' or a file name. */
  sourceLabel: string;
  chalk: ChalkInstance;
  /** libpcap's counters for a live capture. */
  capture?: {received: number; dropped: number; ifDropped: number};
}

/** The whole text output of `show`: a summary line, a table per context, problem counts. */
export function renderShow(snapshot: Snapshot, options: TableOptions): string {
  const parts = [renderSummary(snapshot, options)];
  for (const ctx of snapshot.interfaces) parts.push(renderContext(ctx, options));
  if (snapshot.interfaces.length === 0) parts.push('No ARP, IPv4 or IPv6 frames were seen.');
  const problems = renderReasons(snapshot);
  if (problems) parts.push(problems);
  return `${parts.join('\n\n')}\n`;
}

function renderSummary(snapshot: Snapshot, {sourceLabel, chalk, capture}: TableOptions): string {
  const counts = `${snapshot.frames} frames read, ${snapshot.skipped} skipped, ${snapshot.malformed} malformed`;
  const pcap = capture
    ? `; libpcap received ${capture.received}, dropped ${capture.dropped + capture.ifDropped}`
    : '';
  return chalk.bold(`${sourceLabel}: ${snapshot.view} view, ${counts}${pcap}`);
}

function renderContext(ctx: ContextSnapshot, options: TableOptions): string {
  const label = ctx.vlan ? `${ctx.interface} vlan ${ctx.vlan}` : ctx.interface;
  const count = ctx.records.length === 1 ? '1 record' : `${ctx.records.length} records`;
  const title = options.chalk.bold(`${label} (ifindex ${ctx.ifindex}): ${count}, ${ctx.frames} frames`);
  if (ctx.records.length === 0) return title;
  // No rule between rows: a record with several addresses stays readable without it.
  const table = new Table({head: HEAD, style: {head: [], border: []}, chars: COMPACT_ROWS});
  for (const row of ctx.records) table.push(toCells(row, options.chalk));
  return `${title}\n${table.toString()}`;
}

function toCells(row: RecordRow, chalk: ChalkInstance): string[] {
  const expires = formatExpires(row.expire, row.expiresIn);
  const moved = new Set(row.moved.map((move) => move.address));
  const addresses = row.addresses.map((a) => (moved.has(a) ? chalk.magenta(`${a} (moved)`) : a));
  return [
    protoWord(row.proto),
    row.local ? `${row.addr} (this host)` : row.addr,
    String(row.refcnt),
    String(row.probes),
    row.expiresIn > 0 ? chalk.green(expires) : chalk.red(expires),
    rssiWord(row.rssi),
    lqmWord(row.lqm),
    npmWord(row.npm),
    addresses.join('\n'),
  ];
}

function renderReasons(snapshot: Snapshot): string {
  const lines: string[] = [];
  const list = (counts: Record<string, number>) =>
    Object.entries(counts)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([reason, n]) => `${reason} ${n}`)
      .join(', ');
  if (snapshot.malformed > 0) lines.push(`Malformed: ${list(snapshot.malformedReasons)}`);
  if (snapshot.skipped > 0) lines.push(`Skipped: ${list(snapshot.skipReasons)}`);
  return lines.join('\n');
}
