// The `get-defrouter` text output: one line with the router and verdict, then a small table of the
// ifnet_llreach_info fields (spec §1.6) with their meaning spelled out.
import type {ChalkInstance} from 'chalk';
import Table from 'cli-table3';

import type {DefrouterResult, GatewaySource} from '../core/defrouter.js';
import {formatSeconds, lqmWord, npmWord, rssiWord} from './words.js';

const SOURCE_WORDS: Record<GatewaySource, string> = {
  route: 'from the routing table',
  ra: 'from a Router Advertisement',
  flag: 'from --gateway',
};

const COMPACT_ROWS = {mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': ''};

const NETPROTO_WORDS = new Map<number, string>([[0, 'PF_UNSPEC'], [2, 'PF_INET'], [30, 'PF_INET6']]);

/** The whole text output of get-defrouter. */
export function renderDefrouter(result: DefrouterResult, chalk: ChalkInstance): string {
  const table = new Table({head: ['Field', 'Value'], style: {head: [], border: []}, chars: COMPACT_ROWS});
  for (const row of fieldRows(result)) table.push(row);
  return `${headline(result, chalk)}\n${table.toString()}\n${lastRecordText(result, chalk)}`;
}

/** For a file whose router's record aged out before its end: how the record was last. */
function lastRecordText(result: DefrouterResult, chalk: ChalkInstance): string {
  const last = result.lastRecord;
  if (!last) return '';
  const then = verdictText({...result, ...last, hasRecord: true}, chalk);
  const {info} = last;
  return `Before it aged out, at uptime ${info.curtime}: ${info.addr}, refcnt ${info.refcnt}, ${then}\n`;
}

function headline(result: DefrouterResult, chalk: ChalkInstance): string {
  const from = SOURCE_WORDS[result.gatewaySource];
  const mac = result.hasRecord ? ` at ${result.info.addr}` : '';
  const router = `${result.family} default router ${result.gateway}${mac} on ${result.interface} (${from})`;
  return `${chalk.bold(router)}: ${verdictText(result, chalk)}`;
}

function verdictText(result: DefrouterResult, chalk: ChalkInstance): string {
  if (!result.hasRecord) return chalk.yellow('no reachability record (the "none" values follow)');
  const left = result.timeLeftSec ?? 0;
  const time = left > 0 ? `${formatSeconds(left)} left` : 'expired';
  if (result.verdict === 'reachable') return chalk.green(`reachable, ${time} (${result.verdictReason})`);
  return chalk.red(`unreachable, ${time} (${result.verdictReason})`);
}

function fieldRows(result: DefrouterResult): string[][] {
  const {info} = result;
  const uptime = (expire: number) =>
    result.hasRecord ? `${expire} (${relative(expire - info.curtime)})` : String(expire);
  return [
    ['refcnt', `${info.refcnt} (addresses referring to the record)`],
    ['probes', String(info.probes)],
    ['snd_expire', uptime(info.snd_expire)],
    ['rcv_expire', uptime(info.rcv_expire)],
    ['curtime', `${info.curtime} (uptime seconds)`],
    ['netproto', `${info.netproto} (${NETPROTO_WORDS.get(info.netproto) ?? 'unknown'})`],
    ['addr', info.addr],
    ['rssi', `${info.rssi} (${rssiWord(info.rssi)})`],
    ['lqm', `${info.lqm} (${lqmWord(info.lqm)})`],
    ['npm', `${info.npm} (${npmWord(info.npm)})`],
  ];
}

function relative(secondsLeft: number): string {
  return secondsLeft > 0 ? `in ${formatSeconds(secondsLeft)}` : `${formatSeconds(-secondsLeft)} ago`;
}
