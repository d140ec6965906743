// What the person at the terminal chose: protocol, sort, filter and scroll position, changed
// only by keys (a pure reducer), and the rows of a snapshot that choice selects.
import {matchesProto, type ProtoFilter, type RecordRow, type Snapshot} from '../core/snapshot.js';
import type {Key} from './keys.js';

export type SortKey = 'tree' | 'expiry' | 'refs' | 'probes' | 'heard';

export const SORT_ORDER: SortKey[] = ['tree', 'expiry', 'refs', 'probes', 'heard'];
const PROTO_ORDER: ProtoFilter[] = ['all', 'ipv4', 'ipv6'];

export interface ViewState {
  proto: ProtoFilter;
  sort: SortKey;
  /** Case-insensitive text a MAC or an address must contain; '' shows everything. */
  filter: string;
  /** Set while the filter is being typed after `/`: the text so far. */
  draft: string | undefined;
  /** Index of the first row shown. */
  scroll: number;
  quit: boolean;
}

export function initialViewState(proto: ProtoFilter = 'all'): ViewState {
  return {proto, sort: 'tree', filter: '', draft: undefined, scroll: 0, quit: false};
}

/**
 * A record as the live table shows it. The snapshot's own row: a redraw selects 10,000 of them,
 * and wrapping each would only make garbage; the screen derives what it needs for visible rows.
 */
export type ViewRow = RecordRow;

/** The label of a row's interface and VLAN, as Linux names a VLAN sub-interface ('eth0.10'). */
export function contextLabel(row: RecordRow): string {
  return row.vlan ? `${row.interface}.${row.vlan}` : row.interface;
}

/**
 * The next state after `key`. `pageRows` is how many rows fit on the screen and `totalRows` how
 * many the current selection has, so scrolling stops at the ends.
 */
export function applyKey(state: ViewState, key: Key, pageRows: number, totalRows: number): ViewState {
  if (state.draft !== undefined) return editFilter(state, key);
  const lastTop = Math.max(0, totalRows - pageRows);
  const scrollTo = (top: number) => ({...state, scroll: Math.min(Math.max(0, top), lastTop)});
  switch (key.name) {
    case 'up': return scrollTo(state.scroll - 1);
    case 'down': return scrollTo(state.scroll + 1);
    case 'pageUp': return scrollTo(state.scroll - Math.max(1, pageRows));
    case 'pageDown': return scrollTo(state.scroll + Math.max(1, pageRows));
    case 'home': return scrollTo(0);
    case 'end': return scrollTo(lastTop);
    case 'interrupt': return {...state, quit: true};
    case 'escape': return {...state, filter: '', scroll: 0};
    case 'char': return applyCommand(state, key.char);
    default: return state;
  }
}

function applyCommand(state: ViewState, char: string): ViewState {
  switch (char) {
    case 'q':
    case 'Q': return {...state, quit: true};
    case '/': return {...state, draft: state.filter};
    case 'p': return {...state, proto: nextOf(PROTO_ORDER, state.proto), scroll: 0};
    case 's': return {...state, sort: nextOf(SORT_ORDER, state.sort), scroll: 0};
    default: return state;
  }
}

/** Keys while typing a filter: Enter applies it, Escape cancels, Backspace deletes. */
function editFilter(state: ViewState, key: Key): ViewState {
  const draft = state.draft ?? '';
  switch (key.name) {
    case 'enter': return {...state, filter: draft.trim(), draft: undefined, scroll: 0};
    case 'escape': return {...state, draft: undefined};
    case 'interrupt': return {...state, quit: true};
    case 'backspace': return {...state, draft: [...draft].slice(0, -1).join('')};
    case 'char': return isPrintable(key.char) ? {...state, draft: draft + key.char} : state;
    default: return state;
  }
}

function isPrintable(char: string): boolean {
  return char.codePointAt(0)! >= 0x20;
}

function nextOf<T>(order: T[], current: T): T {
  return order[(order.indexOf(current) + 1) % order.length]!;
}

/** The rows `state` selects from `snapshot`, filtered and sorted (ties keep tree order). */
export function selectRows(snapshot: Snapshot, state: ViewState): ViewRow[] {
  const needle = state.filter.toLowerCase();
  const rows: ViewRow[] = [];
  for (const ctx of snapshot.interfaces) {
    for (const row of ctx.records) {
      if (matchesProto(row.proto, state.proto) && matchesFilter(row, needle)) rows.push(row);
    }
  }
  const compare = COMPARATORS[state.sort];
  return compare ? rows.sort(compare) : rows;
}

function matchesFilter(row: RecordRow, needle: string): boolean {
  if (needle === '') return true;
  return row.addr.includes(needle) || row.addresses.some((a) => a.toLowerCase().includes(needle));
}

/** Time left before expiry; permanent records (expire 0) sort last. */
function expiryOrder(row: RecordRow): number {
  return row.expire === 0 ? Number.POSITIVE_INFINITY : row.expiresIn;
}

const COMPARATORS: Record<SortKey, ((a: RecordRow, b: RecordRow) => number) | undefined> = {
  tree: undefined,
  expiry: (a, b) => expiryOrder(a) - expiryOrder(b),
  refs: (a, b) => b.refcnt - a.refcnt,
  probes: (a, b) => b.probes - a.probes,
  heard: (a, b) => b.lastrcvd - a.lastrcvd,
};
