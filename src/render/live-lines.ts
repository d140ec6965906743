// `watch` output when stdout is not a terminal: append-only plain lines, one per record that
// appears, changes or goes (the way `kubectl get -w` prints), plus the NDJSON forms.
import type {Snapshot} from '../core/snapshot.js';
import type {CaptureEvent, RecordChange, WatchEvent} from '../watch/diff.js';
import {counted, formatCalendar, formatSeconds, protoWord} from './words.js';

const HEADS = ['TIME', 'CHANGE', 'INTERFACE', 'PROTO', 'LINK-LAYER ADDRESS', 'REFS', 'PROBES', 'EXPIRES', 'ADDRESSES'];
const WIDTHS = [19, 9, 12, 5, 18, 4, 6, 9];

/** The column heads, printed once before the first change. */
export function renderLinesHeader(): string {
  return joinColumns(HEADS);
}

/** One line per change, each stamped with the snapshot's calendar time. */
export function renderChangeLines(changes: RecordChange[], calendarSec: number): string[] {
  const time = formatCalendar(calendarSec);
  return changes.map(({kind, row}) => {
    const context = row.vlan ? `${row.interface}.${row.vlan}` : row.interface;
    const moved = new Map(row.moved.map((m) => [m.address, m.from]));
    const addresses = row.addresses.map((a) => (moved.has(a) ? `${a} (moved from ${moved.get(a)})` : a));
    return joinColumns([
      time,
      kind,
      context,
      protoWord(row.proto),
      row.addr,
      String(row.refcnt),
      String(row.probes),
      expiresWord(row.expire, row.expiresIn, kind),
      addresses.join(',') || '-',
    ]);
  });
}

function expiresWord(expire: number, expiresIn: number, kind: RecordChange['kind']): string {
  if (kind === 'removed') return '-';
  if (expire === 0) return 'permanent';
  return expiresIn > 0 ? formatSeconds(expiresIn) : 'expired';
}

function joinColumns(cells: string[]): string {
  return cells.map((cell, i) => (i < WIDTHS.length ? cell.padEnd(WIDTHS[i]!) : cell)).join(' ');
}

/** One NDJSON line for an event. */
export function renderEventLine(event: WatchEvent | CaptureEvent): string {
  return JSON.stringify(event);
}

/** One NDJSON line for a whole snapshot, with the source and capture counters beside it. */
export function renderSnapshotLine(snapshot: Snapshot, extra: Record<string, unknown>): string {
  return JSON.stringify({...snapshot, ...extra});
}

export interface WatchTotals {
  frames: number;
  recordsSeen: number;
  /** More records than recordsSeen went by (the count stopped at its bound). */
  recordsSeenAtLeast?: boolean;
  moves: number;
  /** libpcap's drops; undefined for a file, where nothing can be dropped. */
  dropped: number | undefined;
}

/** The line watch leaves on stderr when it ends. */
export function renderWatchSummary(totals: WatchTotals): string {
  const seen = `${totals.recordsSeenAtLeast ? 'at least ' : ''}${counted(totals.recordsSeen, 'record')} seen`;
  const parts = [counted(totals.frames, 'frame'), seen, counted(totals.moves, 'move')];
  if (totals.dropped !== undefined) parts.push(`${totals.dropped} dropped by libpcap`);
  return `watch: ${parts.join(', ')}`;
}
