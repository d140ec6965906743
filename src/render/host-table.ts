// The host view's table: per interface, every resolver entry with its MAC, state, Refs, Probes,
// send/receive time left and (IPv4) the kernel's verdict (spec §3.4), plus conflicts.
import type {ChalkInstance} from 'chalk';
import Table from 'cli-table3';

import type {HostContextRows, HostEntryRow, HostSnapshot} from '../core/host-snapshot.js';
import {expireCell} from './apple-formats.js';
import {counted} from './words.js';

const COMPACT_ROWS = {mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': ''};
const HEAD = ['Address', 'Link-layer address', 'State', 'Refs', 'Probes', 'Sent expiry', 'Heard expiry', 'Verdict'];

/** The host part of `show --view host`: "us", then one entry table per context. */
export function renderHostTables(host: HostSnapshot, nowCalendarSec: number, chalk: ChalkInstance): string {
  const us = `us: ${host.self.mac} ${host.self.addresses.join(' ')}${host.self.router ? ' (router)' : ''}`;
  const parts = [chalk.bold(`Host view (${host.profile}, ARP base ${host.arpBase}s, ND6 base ${host.nd6Base}s); ${us}`)];
  for (const ctx of host.contexts) parts.push(renderContext(ctx, nowCalendarSec, chalk));
  return parts.join('\n\n');
}

function renderContext(ctx: HostContextRows, now: number, chalk: ChalkInstance): string {
  const label = ctx.vlan ? `${ctx.interface} vlan ${ctx.vlan}` : ctx.interface;
  const count = ctx.arp.length + ctx.nd.length;
  const lines = [chalk.bold(`${label}: ${counted(count, 'entry', 'entries')}, ${counted(ctx.llreach.length, 'record')}`)];
  if (count > 0) {
    const table = new Table({head: HEAD, style: {head: [], border: []}, chars: COMPACT_ROWS});
    for (const row of [...ctx.arp, ...ctx.nd]) table.push(toCells(row, now, chalk));
    lines.push(table.toString());
  }
  if (ctx.conflictCount > 0) {
    const listed = ctx.conflicts.map((c) => `${c.address} claimed by ${c.mac} at uptime ${c.at}s`).join('; ');
    lines.push(chalk.yellow(`Address conflicts: ${ctx.conflictCount} (${listed})`));
  }
  return lines.join('\n');
}

function toCells(row: HostEntryRow, now: number, chalk: ChalkInstance): string[] {
  const {reach} = row;
  return [
    row.address,
    row.mac ?? '(incomplete)',
    row.router ? `${row.state} router` : row.state,
    String(reach.refcnt),
    String(reach.probes),
    expireCell(reach.refcnt, reach.sndExpire, now),
    expireCell(reach.refcnt, reach.rcvExpire, now),
    verdictCell(row, chalk),
  ];
}

function verdictCell(row: HostEntryRow, chalk: ChalkInstance): string {
  if (!row.verdict) return '';
  const text = `${row.verdict.reachable ? 'reachable' : 'unreachable'} (${row.verdict.reason})`;
  return row.verdict.reachable ? chalk.green(text) : chalk.red(text);
}
