// Checks of the model's invariants (spec §2.1): used by the tests and the fuzz suite after every frame.
import type {InterfaceContext} from './interface-context.js';
import type {ReachabilityModel} from './model.js';
import type {LlreachRecord} from './reachability-tree.js';

/** Every violated invariant of the model, as sentences; empty when all hold. */
export function findInvariantViolations(model: ReachabilityModel): string[] {
  return model.contextsInOrder().flatMap((ctx) => checkContext(ctx, model.clock.uptimeSec));
}

function checkContext(ctx: InterfaceContext, nowUptimeSec: number): string[] {
  const problems: string[] = [];
  const pointing = countReferences(ctx, problems);
  let previousKey = -1;
  for (const record of ctx.tree.inOrder()) {
    const where = `${ctx.label} record ${record.key.toString(16)}`;
    if (record.key <= previousKey) problems.push(`${where} is out of tree order`);
    if (record.reqcnt < 1) problems.push(`${where} is in the tree with reqcnt ${record.reqcnt}`);
    const refs = pointing.get(record) ?? 0;
    if (refs !== record.reqcnt) problems.push(`${where} has reqcnt ${record.reqcnt} but ${refs} entries point at it`);
    if (record.lastrcvd > nowUptimeSec) problems.push(`${where} was heard after the clock's now`);
    if (record.probes < 0) problems.push(`${where} has negative probes`);
    previousKey = record.key;
  }
  return problems;
}

/** How many resolver entries point at each record; notes entries pointing outside the tree. */
function countReferences(ctx: InterfaceContext, problems: string[]): Map<LlreachRecord, number> {
  const pointing = new Map<LlreachRecord, number>();
  const entries = [...ctx.arp.entries.values(), ...ctx.nd.entries.values()];
  for (const entry of entries) {
    if (!entry.record) continue;
    pointing.set(entry.record, (pointing.get(entry.record) ?? 0) + 1);
    if (ctx.tree.find(entry.record.proto, entry.record.mac) !== entry.record) {
      problems.push(`${ctx.label} entry ${String(entry.addr)} points at a record not in the tree`);
    }
  }
  return pointing;
}
