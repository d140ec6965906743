// The `show` table: one cli-table3 table per interface/VLAN context, from a Snapshot.
import type {ChalkInstance} from 'chalk';
import Table from 'cli-table3';

import type {ContextSnapshot, RecordRow, Snapshot} from '../core/snapshot.js';
import {counted, formatExpires, lqmWord, npmWord, protoWord, rssiWord} from './words.js';

/** Beyond this many records in one context, tables are laid out without cli-table3. */
export const BOXED_ROWS_MAX = 500;

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
  const counts = `${counted(snapshot.frames, 'frame')} read, ${snapshot.skipped} skipped, ${snapshot.malformed} malformed`;
  const pcap = capture
    ? `; libpcap received ${capture.received}, dropped ${capture.dropped + capture.ifDropped}`
    : '';
  return chalk.bold(`${sourceLabel}: ${snapshot.view} view, ${counts}${pcap}`);
}

function renderContext(ctx: ContextSnapshot, options: TableOptions): string {
  const label = ctx.vlan ? `${ctx.interface} vlan ${ctx.vlan}` : ctx.interface;
  const count = counted(ctx.records.length, 'record');
  const title = options.chalk.bold(`${label} (ifindex ${ctx.ifindex}): ${count}, ${counted(ctx.frames, 'frame')}`);
  if (ctx.records.length === 0) return title;
  const rows = ctx.records.map((row) => toCells(row, options.chalk));
  if (rows.length > BOXED_ROWS_MAX) return `${title}\n${renderPlainColumns(rows)}`;
  // No rule between rows: a record with several addresses stays readable without it.
  const table = new Table({head: HEAD, style: {head: [], border: []}, chars: COMPACT_ROWS});
  for (const row of rows) table.push(row);
  return `${title}\n${table.toString()}`;
}

/**
 * Columns padded to their widest cell, one line per address, without boxes. cli-table3's layout
 * grows with the square of the rows (1,000 rows 0.4 s, 4,000 rows 4.4 s, and a stack overflow
 * past about 125,000), so large tables use this linear layout instead.
 */
export function renderPlainColumns(rows: string[][]): string {
  const lines = [HEAD, ...rows].flatMap(splitAddressLines);
  const widths = HEAD.map((_, column) => Math.max(...lines.map((line) => visibleLength(line[column]))));
  return lines
    .map((line) => line.map((cell, column) => padVisible(cell, widths[column])).join('  ').trimEnd())
    .join('\n');
}

/** A row whose last cell holds several addresses becomes one line per address. */
function splitAddressLines(row: string[]): string[][] {
  const [first, ...more] = row.at(-1)!.split('\n');
  const blank = row.slice(0, -1).map(() => '');
  return [[...row.slice(0, -1), first], ...more.map((address) => [...blank, address])];
}

// eslint-disable-next-line no-control-regex
const ANSI_SEQUENCE = /\u001B\[[0-9;]*m/g;

function visibleLength(text: string): number {
  return text.replace(ANSI_SEQUENCE, '').length;
}

function padVisible(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - visibleLength(text)));
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
