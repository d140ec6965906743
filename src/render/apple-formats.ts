// The three Apple layouts of spec §7, character for character: `netstat -i -R -x` (§7.3),
// `arp -a -l -x` (§7.1) and `ndp -a -l -x` (§7.2). Widths are those of network_cmds-396.6 (the
// release that added -x): Netif 8 in netstat and arp, W_ADDR 31 in ndp.
import {formatMacApple} from '../decode/address.js';
import type {HostContextRows, HostEntryRow} from '../core/host-snapshot.js';
import type {IfLlreachInfo} from '../core/llreach-info.js';
import {LQM_OFF, LQM_UNKNOWN, NPM_UNKNOWN, RSSI_UNKNOWN} from '../core/reachability-tree.js';
import {formatSeconds} from './words.js';

const W_NETIF = 8;
const W_ADDR = 31; // ndp's W_ADDR (39 since network_cmds-624)
const W_LL = 17;
const W_IF = 6;
const W_METRIC = 7;

/** printf "%-*.*s": left-aligned, padded and cut to `width`. */
function left(text: string, width: number): string {
  return text.slice(0, width).padEnd(width);
}

/** printf "%*.*s": right-aligned, padded and cut to `width`. */
function right(text: string, width: number): string {
  return text.slice(0, width).padStart(width);
}

/** printf "%*s" without a precision: padded, never cut. */
function rightNoCut(text: string, width: number): string {
  return text.padStart(width);
}

function leftNoCut(text: string, width: number): string {
  return text.padEnd(width);
}

/** A metric cell: a word left-aligned, a number right-aligned, 7 wide (§7 metric rendering). */
function metricCell(word: string | undefined, value: number): string {
  return word === undefined ? rightNoCut(String(value), W_METRIC) : leftNoCut(word, W_METRIC);
}

function rssiCell(rssi: number): string {
  return metricCell(rssi === RSSI_UNKNOWN ? 'unknown' : undefined, rssi);
}

function lqmCell(lqm: number): string {
  const words: Record<number, string> = {[LQM_OFF]: 'off', [LQM_UNKNOWN]: 'unknown', 50: 'poor', 100: 'good'};
  return metricCell(words[lqm], lqm);
}

function npmCell(npm: number): string {
  const words: Record<number, string> = {[NPM_UNKNOWN]: 'unknown', 30: 'near', 70: 'general', 100: 'far'};
  return metricCell(words[npm], npm);
}

function metrics(rssi: number, lqm: number, npm: number): string {
  return ` ${rssiCell(rssi)} ${lqmCell(lqm)} ${npmCell(npm)}`;
}

/** The arp/ndp Expire cell: "(none)" without a record or for 0, else time left or "expired" (E24). */
export function expireCell(refcnt: number, expire: number, nowCalendarSec: number): string {
  if (refcnt === 0 || expire === 0) return '(none)';
  return expire > nowCalendarSec ? formatSeconds(expire - nowCalendarSec) : 'expired';
}

/** Prbs: the count when non-zero; with -x "none" in its place; else nothing (E27). */
function probesCell(probes: number, extended: boolean): string {
  if (probes !== 0) return ` ${rightNoCut(String(probes), 4)}`;
  return extended ? ` ${leftNoCut('none', 4)}` : '';
}

/** One interface's if_llreach_info rows with its name, for the netstat layout. */
export interface NetstatInterface {
  name: string;
  infos: IfLlreachInfo[];
}

/** `netstat -i -R -x` (§7.3). */
export function renderNetstat(interfaces: NetstatInterface[], nowCalendarSec: number, extended = true): string {
  const header = `${left('Proto', 6)} ${left('Linklayer Address', 17)} ${right('Netif', W_NETIF)} ${left('Expire', 9)} ${rightNoCut('Refs', 4)} ${rightNoCut('Prbs', 4)}`;
  const lines = [extended ? `${header} ${right('RSSI', 7)} ${right('LQM', 7)} ${right('NPM', 7)}` : header];
  for (const iface of interfaces) {
    for (const info of iface.infos) lines.push(netstatRow(info, iface.name, nowCalendarSec, extended));
  }
  return `${lines.join('\n')}\n`;
}

function netstatRow(info: IfLlreachInfo, ifname: string, now: number, extended: boolean): string {
  const proto = `0x${leftNoCut(info.proto.toString(16), 4)}`;
  const expire = info.expire === 0 ? 'permanent' : info.expire > now ? formatSeconds(info.expire - now) : 'expired';
  let line = `${proto} ${leftNoCut(formatMacApple(info.mac), 17)} ${right(ifname, W_NETIF)} ${left(expire, 9)} ${rightNoCut(String(info.refcnt), 4)}`;
  line += probesCell(info.probes, extended);
  if (extended) line += metrics(info.rssi, info.lqm, info.npm);
  return line;
}

/** `arp -a -l -x` (§7.1): IPv4 entries of every context, in address order. */
export function renderArp(contexts: HostContextRows[], nowCalendarSec: number, extended = true): string {
  const header = `${left('Neighbor', 23)} ${left('Linklayer Address', 17)} ${left('Expire(O)', 9)} ${left('Expire(I)', 9)} ${right('Netif', W_NETIF)} ${rightNoCut('Refs', 4)} ${rightNoCut('Prbs', 4)}`;
  const lines = [extended ? `${header} ${left('RSSI', 7)} ${left('LQM', 7)} ${left('NPM', 7)}` : header];
  for (const ctx of contexts) {
    for (const row of ctx.arp) lines.push(arpRow(row, ctx.interface, nowCalendarSec, extended));
  }
  return `${lines.join('\n')}\n`;
}

function arpRow(row: HostEntryRow, ifname: string, now: number, extended: boolean): string {
  const {reach} = row;
  const mac = row.macValue === null ? '(incomplete)' : formatMacApple(row.macValue);
  let line = `${leftNoCut(row.address, 23)} ${leftNoCut(mac, 17)}`;
  line += ` ${left(expireCell(reach.refcnt, reach.sndExpire, now), 9)} ${left(expireCell(reach.refcnt, reach.rcvExpire, now), 9)}`;
  line += ` ${right(ifname, W_NETIF)}`;
  if (reach.refcnt === 0) return line; // no Refs, Prbs or metrics without a record (E26)
  line += ` ${rightNoCut(String(reach.refcnt), 4)}`;
  line += probesCell(reach.probes, extended);
  if (extended) line += metrics(reach.rssi, reach.lqm, reach.npm);
  return line;
}

const ND_STATE_LETTERS: Record<string, string> = {
  NOSTATE: 'N', INCOMPLETE: 'I', REACHABLE: 'R', STALE: 'S', DELAY: 'D', PROBE: 'P',
};

/** `ndp -a -l -x` (§7.2): IPv6 entries of every context, in address order. */
export function renderNdp(contexts: HostContextRows[], nowCalendarSec: number, extended = true): string {
  const header = `${left('Neighbor', W_ADDR)} ${left('Linklayer Address', W_LL)} ${right('Netif', W_IF)} ${left('Expire(O)', 9)} ${left('Expire(I)', 9)} ${rightNoCut('St', 2)} ${rightNoCut('Flgs', 4)} ${rightNoCut('Prbs', 4)}`;
  const lines = [extended ? `${header} ${left('RSSI', 7)} ${left('LQM', 7)} ${left('NPM', 7)}` : header];
  for (const ctx of contexts) {
    for (const row of ctx.nd) lines.push(ndpRow(row, ctx.interface, nowCalendarSec, extended));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * ndp keeps address, MAC and interface at their nominal total width: a long address takes its
 * extra characters from the MAC column, then from the interface column.
 */
function ndpRow(row: HostEntryRow, ifname: string, now: number, extended: boolean): string {
  const {reach} = row;
  const address = /^fe[89ab]/.test(row.address) ? `${row.address}%${ifname}` : row.address;
  const mac = row.macValue === null ? '(incomplete)' : formatMacApple(row.macValue);
  const addrWidth = Math.max(address.length, W_ADDR);
  const llWidth = Math.max(mac.length, W_ADDR + W_LL - addrWidth);
  const ifWidth = Math.max(ifname.length, W_ADDR + W_LL + W_IF - addrWidth - llWidth);
  let line = `${left(address, addrWidth)} ${left(mac, llWidth)} ${right(ifname, ifWidth)}`;
  line += ` ${left(expireCell(reach.refcnt, reach.sndExpire, now), 9)} ${left(expireCell(reach.refcnt, reach.rcvExpire, now), 9)}`;
  line += ` ${ND_STATE_LETTERS[row.state] ?? '?'}`;
  line += ` ${leftNoCut(row.router ? 'R' : '', 4)}`;
  line += probesCell(row.asked, extended); // ndp prints ln_asked, not lr_probes (§4.4)
  if (extended) line += metrics(reach.rssi, reach.lqm, reach.npm);
  return line;
}
