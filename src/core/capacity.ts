// Bounds on what one interface context may hold, so a flood of random MACs or addresses at line
// rate cannot grow memory without limit (issue 6). The kernel has no such bound (E45: its zone
// cap is soft); a tool that runs as root on untrusted frames needs one.
//
// Policy: when a context is full, the least recently heard tenth of its records is evicted
// (with every resolver entry that points at them); for addresses, the tenth whose MACs were
// heard from longest ago (entries without a record first). A flood then pushes out other flood entries first, while hosts
// that keep talking stay; evicting in batches keeps the cost per new entry logarithmic.
import type {InterfaceContext} from './interface-context.js';
import type {LlreachRecord} from './reachability-tree.js';
import type {ResolverEntry, ResolverTable} from './resolver.js';

/** Default --max-records: about 40 MB per context at the measured cost per record. */
export const DEFAULT_MAX_RECORDS = 100_000;
const EVICT_FRACTION = 0.1;

/** Counts of what the bounds removed, for the summary and the status line. */
export interface EvictionCounters {
  records: number;
  entries: number;
}

/**
 * Makes room before `table` creates an entry: evicts records when the tree is full and
 * addresses when the table itself is full.
 */
export function makeRoom<A>(ctx: InterfaceContext, table: ResolverTable<A>, maxRecords: number): void {
  if (ctx.tree.size >= maxRecords) evictRecords(ctx, Math.ceil(maxRecords * EVICT_FRACTION));
  if (table.entries.size >= maxRecords) evictEntries(ctx, table, Math.ceil(maxRecords * EVICT_FRACTION));
}

function evictRecords(ctx: InterfaceContext, count: number): void {
  const oldest = [...ctx.tree.inOrder()].sort(byLastHeard).slice(0, count);
  const doomed = new Set<LlreachRecord>(oldest);
  for (const table of [ctx.arp, ctx.nd] as ResolverTable<unknown>[]) {
    for (const entry of [...table.entries.values()]) {
      if (entry.record && doomed.has(entry.record)) {
        table.remove(entry); // releases the entry's reference; the record goes with the last one
        ctx.evicted.entries += 1;
      }
    }
  }
  ctx.evicted.records += oldest.length;
}

function evictEntries<A>(ctx: InterfaceContext, table: ResolverTable<A>, count: number): void {
  const oldest = [...table.entries.values()].sort(byLastHeardEntry).slice(0, count);
  for (const entry of oldest) table.remove(entry);
  ctx.evicted.entries += oldest.length;
}

/**
 * Least recently heard first. Uptime has whole seconds, so during a flood most records tie on
 * lastrcvd; among those the ones heard least often go first (a flooded MAC is heard once), then
 * the newest, which keeps hosts that keep talking.
 */
function byLastHeard(a: LlreachRecord, b: LlreachRecord): number {
  return a.lastrcvd - b.lastrcvd || a.heard - b.heard || b.baseup - a.baseup;
}

function byLastHeardEntry<A>(a: ResolverEntry<A>, b: ResolverEntry<A>): number {
  if (a.record && b.record && a.record !== b.record) return byLastHeard(a.record, b.record);
  if (a.record !== b.record) return a.record ? 1 : -1; // entries without a record go first
  return a.expireUptimeSec - b.expireUptimeSec;
}
