// Words and time strings as Apple's tools print them (spec §7): sec2str, metric words.
import {LQM_OFF, LQM_UNKNOWN, NPM_UNKNOWN, RSSI_UNKNOWN} from '../core/reachability-tree.js';

const LQM_WORDS = new Map<number, string>([
  [LQM_OFF, 'off'],
  [LQM_UNKNOWN, 'unknown'],
  [50, 'poor'], // IFNET_LQM_THRESH_POOR
  [100, 'good'], // IFNET_LQM_THRESH_GOOD
]);

const NPM_WORDS = new Map<number, string>([
  [NPM_UNKNOWN, 'unknown'],
  [30, 'near'], // IFNET_NPM_THRESH_NEAR
  [70, 'general'], // IFNET_NPM_THRESH_GENERAL
  [100, 'far'], // IFNET_NPM_THRESH_FAR
]);

/** "1 record", "2 records": a count with its noun. */
export function counted(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** Apple's sec2str: 59 → '59s', 60 → '1m0s', 3601 → '1h0m1s', 86400 → '1d0h0m0s' (E25). */
export function formatSeconds(totalSeconds: number): string {
  const t = Math.max(0, Math.floor(totalSeconds));
  const days = Math.floor(t / 86400);
  const hours = Math.floor(t / 3600) % 24;
  const minutes = Math.floor(t / 60) % 60;
  let text = '';
  if (days > 0) text += `${days}d`;
  if (text || hours > 0) text += `${hours}h`;
  if (text || minutes > 0) text += `${minutes}m`;
  return `${text}${t % 60}s`;
}

export function rssiWord(rssi: number): string {
  return rssi === RSSI_UNKNOWN ? 'unknown' : String(rssi);
}

export function lqmWord(lqm: number): string {
  return LQM_WORDS.get(lqm) ?? String(lqm);
}

export function npmWord(npm: number): string {
  return NPM_WORDS.get(npm) ?? String(npm);
}

/** 'ipv4' or 'ipv6' for a record's ethertype, else its hex value. */
export function protoWord(proto: number): string {
  if (proto === 0x0800) return 'ipv4';
  if (proto === 0x86dd) return 'ipv6';
  return `0x${proto.toString(16)}`;
}

/** A calendar second as local 'YYYY-MM-DD HH:MM:SS' (TZ decides the zone, like date(1)). */
export function formatCalendar(epochSec: number): string {
  const d = new Date(epochSec * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `${date} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The Expires cell: calendar time and what is left, or 'expired' (E24: equal to now is expired). */
export function formatExpires(expire: number, expiresIn: number): string {
  if (expire === 0) return 'permanent';
  const left = expiresIn > 0 ? formatSeconds(expiresIn) : 'expired';
  return `${formatCalendar(expire)} (${left})`;
}
