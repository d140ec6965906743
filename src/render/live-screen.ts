// The `watch` screen on a terminal, as a pure function of the snapshot, the viewer's choices and
// the terminal size: status line, legend, column heads, the rows that fit, and a footer.
import type {ChalkInstance} from 'chalk';

import {LQM_UNKNOWN, NPM_UNKNOWN, RSSI_UNKNOWN} from '../core/reachability-tree.js';
import type {RecordRow, Snapshot} from '../core/snapshot.js';
import {recordKey} from '../watch/diff.js';
import {contextLabel, type ViewRow, type ViewState} from '../watch/view-state.js';
import {fitLine, fitSegments, fitToWidth, palette, textWidth, type Palette, type Segment} from './live-cells.js';
import {counted, formatCalendar, formatSeconds, lqmWord, npmWord, protoWord, rssiWord} from './words.js';

/** A record is "expiring soon" with this many seconds or fewer left. */
export const EXPIRING_SOON_SEC = 5;
/** A new record stays highlighted this long (capture seconds). */
export const NEW_HIGHLIGHT_SEC = 5;
/** Lines that are not record rows: status, legend, heads, footer, and log-update's last line. */
const CHROME_LINES = 5;
const GAP = '  ';
const MIN_ADDRESS_WIDTH = 12;

export interface ScreenStatus {
  /** 'eth0' or 'lab.pcapng (replay x10)'. */
  source: string;
  framesPerSec: number;
  /** libpcap drops; undefined for a file. */
  dropped: number | undefined;
  /** Frames libpcap received; undefined for a file. */
  received?: number;
  /** A passing condition: 'interface lost, retrying in 4s', 'end of capture'. */
  note?: string;
}

export interface ScreenInput {
  snapshot: Snapshot;
  /** selectRows(snapshot, state). */
  rows: ViewRow[];
  state: ViewState;
  status: ScreenStatus;
  /** Record key → calendar second it appeared (for the "new" highlight). */
  createdAt: ReadonlyMap<string, number>;
  width: number;
  height: number;
  chalk: ChalkInstance;
}

/** How many record rows fit on a terminal `height` lines tall. */
export function pageRowsFor(height: number): number {
  return Math.max(1, height - CHROME_LINES);
}

/** The whole screen: at most height − 1 lines (log-update keeps the cursor on the last), each ≤ width. */
export function renderScreen(input: ScreenInput): string {
  const paint = palette(input.chalk);
  const width = Math.max(20, input.width);
  const columns = chooseColumns(input.rows, width);
  const top = Math.min(input.state.scroll, Math.max(0, input.rows.length - pageRowsFor(input.height)));
  const visible = input.rows.slice(top, top + pageRowsFor(input.height));
  const body = visible.length > 0 ? visible.map((row) => renderRow(row, columns, input, paint, width)) : [emptyLine(input, width)];
  // On a very short terminal the legend goes first, then the footer, then the column heads, so
  // the screen never scrolls its status line away.
  const spare = input.height - 1 - (1 + body.length);
  const heads = fitLine(columns.map((c) => pad(c.title, c.width, c.align)).join(GAP).trimEnd(), width, paint.heading);
  const lines = [
    renderStatus(input, width, paint),
    ...(spare >= 3 ? [renderLegend(width, paint)] : []),
    ...(spare >= 1 ? [heads] : []),
    ...(spare >= 0 ? body : []),
    ...(spare >= 2 ? [renderFooter(input, top, visible.length, width, paint)] : []),
  ];
  return lines.join('\n');
}

interface Column {
  title: string;
  width: number;
  align: 'left' | 'right';
  cell: (row: ViewRow, input: ScreenInput, paint: Palette) => Segment[];
}

type ColumnSpec = Omit<Column, 'width'> & {
  width: number | 'context' | 'fill';
  dropOrder: number;
  /** Shown only when some row has something to say (radio metrics exist only on 802.11). */
  isRelevant?: (rows: ViewRow[]) => boolean;
};

const hasMetrics = (rows: ViewRow[]) =>
  rows.some((row) => row.rssi !== RSSI_UNKNOWN || row.lqm !== LQM_UNKNOWN || row.npm !== NPM_UNKNOWN);

/** Columns in screen order; the lowest dropOrder goes first when the terminal is narrow (0 = never). */
const COLUMNS: ColumnSpec[] = [
  {title: ' ', width: 1, align: 'left', dropOrder: 0, cell: markCell},
  {title: 'If', width: 'context', align: 'left', dropOrder: 6, cell: (r) => [{text: contextLabel(r)}]},
  {title: 'Proto', width: 5, align: 'left', dropOrder: 0, cell: (r) => [{text: protoWord(r.proto)}]},
  {title: 'Link-layer address', width: 18, align: 'left', dropOrder: 0, cell: macCell},
  {title: 'Refs', width: 4, align: 'right', dropOrder: 0, cell: (r) => [{text: String(r.refcnt)}]},
  {title: 'Probes', width: 6, align: 'right', dropOrder: 5, cell: (r) => [{text: String(r.probes)}]},
  {title: 'Expires', width: 9, align: 'right', dropOrder: 0, cell: expiresCell},
  {title: 'Heard', width: 7, align: 'right', dropOrder: 4, cell: heardCell},
  {title: 'RSSI', width: 7, align: 'right', dropOrder: 3, isRelevant: hasMetrics,
    cell: (r) => [{text: rssiWord(r.rssi)}]},
  {title: 'LQM', width: 7, align: 'left', dropOrder: 2, isRelevant: hasMetrics,
    cell: (r) => [{text: lqmWord(r.lqm)}]},
  {title: 'NPM', width: 7, align: 'left', dropOrder: 1, isRelevant: hasMetrics,
    cell: (r) => [{text: npmWord(r.npm)}]},
  {title: 'Addresses', width: 'fill', align: 'left', dropOrder: 0, cell: addressesCell},
];

/** Fixed widths for this screen; drops optional columns until the addresses get their minimum. */
function chooseColumns(rows: ViewRow[], width: number): Column[] {
  const contexts = contextLabels(rows);
  const contextWidth = Math.min(16, Math.max(2, ...[...contexts].map(textWidth)));
  let specs = COLUMNS.filter((c) => (c.width !== 'context' || contexts.size > 1) && (c.isRelevant?.(rows) ?? true));
  const widthOf = (c: ColumnSpec) => (c.width === 'fill' ? 0 : c.width === 'context' ? contextWidth : c.width);
  const fixedWidth = (list: ColumnSpec[]) => list.reduce((sum, c) => sum + widthOf(c) + GAP.length, 0);
  while (width - fixedWidth(specs) < MIN_ADDRESS_WIDTH) {
    const droppable = specs.filter((c) => c.dropOrder > 0).sort((a, b) => a.dropOrder - b.dropOrder)[0];
    if (!droppable) break;
    specs = specs.filter((c) => c !== droppable);
  }
  const fill = Math.max(MIN_ADDRESS_WIDTH, width - fixedWidth(specs));
  return specs.map((c) => ({...c, width: c.width === 'fill' ? fill : c.width === 'context' ? contextWidth : c.width}));
}

/** The distinct interface/VLAN labels of `rows`, labelling only where the context changes. */
function contextLabels(rows: ViewRow[]): Set<string> {
  const labels = new Set<string>();
  let previous: ViewRow | undefined;
  for (const row of rows) {
    if (previous?.interface !== row.interface || previous.vlan !== row.vlan) labels.add(contextLabel(row));
    previous = row;
  }
  return labels;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  return fitSegments([{text}], width, align);
}

/** One record's line; cut at the terminal's width when even the fixed columns do not fit. */
function renderRow(row: ViewRow, columns: Column[], input: ScreenInput, paint: Palette, width: number): string {
  const segments = columns.flatMap((c, i) => [
    ...(i > 0 ? [{text: GAP}] : []),
    ...fitToWidth(c.cell(row, input, paint), c.width, c.align),
  ]);
  return fitSegments(segments, width).trimEnd();
}

function isExpired(row: RecordRow): boolean {
  return row.expire !== 0 && row.expiresIn <= 0;
}

function isExpiringSoon(row: RecordRow): boolean {
  return row.expire !== 0 && row.expiresIn > 0 && row.expiresIn <= EXPIRING_SOON_SEC;
}

function isNew(row: ViewRow, input: ScreenInput): boolean {
  // Keyed here rather than in selectRows: only the rows on screen need their key.
  const since = input.createdAt.get(recordKey(row));
  return since !== undefined && input.snapshot.calendar - since < NEW_HIGHLIGHT_SEC;
}

/** One character that carries the row's state when colour is off. */
function markCell(row: ViewRow, input: ScreenInput, paint: Palette): Segment[] {
  if (isNew(row, input)) return [{text: '+', paint: paint.created}];
  if (isExpired(row)) return [{text: 'x', paint: paint.expired}];
  if (isExpiringSoon(row)) return [{text: '!', paint: paint.expiring}];
  if (row.moved.length > 0) return [{text: '>', paint: paint.moved}];
  return [{text: ' '}];
}

function macCell(row: ViewRow, input: ScreenInput, paint: Palette): Segment[] {
  return [{text: row.addr, paint: isNew(row, input) ? paint.created : undefined}];
}

function expiresCell(r: ViewRow, _input: ScreenInput, paint: Palette): Segment[] {
  if (r.expire === 0) return [{text: 'permanent', paint: paint.quiet}];
  if (isExpired(r)) return [{text: 'expired', paint: paint.expired}];
  return [{text: formatSeconds(r.expiresIn), paint: isExpiringSoon(r) ? paint.expiring : paint.reachable}];
}

/** How long ago the MAC was last heard, on the model's uptime clock. */
function heardCell(row: ViewRow, input: ScreenInput): Segment[] {
  if (row.lastrcvd === 0) return [{text: 'never'}];
  return [{text: `${formatSeconds(input.snapshot.uptime - row.lastrcvd)} ago`}];
}

function addressesCell(row: ViewRow, _input: ScreenInput, paint: Palette): Segment[] {
  const moved = new Map(row.moved.map((m) => [m.address, m.from]));
  return row.addresses.flatMap((address, index) => {
    const separator = index > 0 ? [{text: ' '}] : [];
    const from = moved.get(address);
    const text = from ? `${address} (moved from ${from})` : address;
    return [...separator, {text, paint: from ? paint.moved : undefined}];
  });
}

function pcapCounts(status: ScreenStatus): string {
  if (status.dropped === undefined) return 'no drops (file)';
  if (status.received === undefined) return `${status.dropped} dropped`;
  return `${status.dropped} of ${status.received} dropped`; // libpcap counts, kept short for narrow terminals
}

function renderStatus(input: ScreenInput, width: number, paint: Palette): string {
  const {snapshot, status, state, rows} = input;
  const records = countRecords(snapshot);
  const shown = rows.length === records ? counted(records, 'record') : `${counted(records, 'record')} (${rows.length} shown)`;
  const parts = [
    `${snapshot.calendar > 0 ? formatCalendar(snapshot.calendar).slice(11) : '--:--:--'} ${status.source}`,
    `${snapshot.view} view`,
    `${status.framesPerSec.toFixed(status.framesPerSec < 10 ? 1 : 0)} frames/s`,
    pcapCounts(status),
    shown,
    `${snapshot.skipped} skipped`,
    `proto ${state.proto}`,
    `sort ${state.sort}`,
  ];
  if (status.note) parts.splice(1, 0, status.note.toUpperCase()); // early, so narrow terminals still show it
  const text = parts.join(' | ');
  return fitLine(text + ' '.repeat(Math.max(0, width - textWidth(text))), width, paint.status);
}

function countRecords(snapshot: Snapshot): number {
  return snapshot.interfaces.reduce((sum, ctx) => sum + ctx.records.length, 0);
}

function renderLegend(width: number, paint: Palette): string {
  const items: Segment[] = [
    {text: 'reachable', paint: paint.reachable},
    {text: '  '},
    {text: `! expiring (<=${EXPIRING_SOON_SEC}s)`, paint: paint.expiring},
    {text: '  '},
    {text: 'x expired', paint: paint.expired},
    {text: '  '},
    {text: '+ new', paint: paint.created},
    {text: '  '},
    {text: '> moved address', paint: paint.moved},
  ];
  return fitSegments(items, width).replace(/\s+$/, '');
}

function emptyLine(input: ScreenInput, width: number): string {
  const text = input.state.filter || input.state.proto !== 'all'
    ? 'No record matches the filter (Esc clears it, p changes the protocol).'
    : 'No records yet: waiting for ARP and ND frames.';
  return fitLine(text, width);
}

function renderFooter(input: ScreenInput, top: number, shown: number, width: number, paint: Palette): string {
  const {state, rows} = input;
  if (state.draft !== undefined) {
    return fitLine(`/${state.draft}_  (Enter applies, Esc cancels; MAC or address)`, width);
  }
  const below = rows.length - top - shown;
  const parts: string[] = [];
  if (top > 0) parts.push(`${top} above`);
  if (below > 0) parts.push(`${below} more`);
  if (state.filter) parts.push(`filter "${state.filter}" (Esc clears)`);
  parts.push('q quit, / filter, p proto, s sort, arrows PgUp PgDn Home End scroll');
  return fitLine(parts.join(' | '), width, paint.quiet);
}
