// "Us" for a live host view: the interface's MAC and addresses with prefixes from `ip -j addr show
// dev X`, and whether it forwards IPv6 from /proc/sys/net/ipv6/conf/X/forwarding (spec Appendix A).
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';

import {parseMac} from '../decode/address.js';
import {makeSelf, type SelfConfig} from '../core/self.js';
import {LlreachError} from '../errors.js';
import {EXIT} from '../exit-codes.js';

const IP_TIMEOUT_MS = 3000;

interface IpAddrJson {
  address?: string;
  addr_info?: {family: string; local: string; prefixlen: number}[];
}

/** Builds "us" from one parsed `ip -j addr show dev X` object and the forwarding flag. */
export function selfFromIpJson(json: string, forwarding: boolean, statics: string[] = []): SelfConfig | string {
  let parsed: IpAddrJson[];
  try {
    parsed = JSON.parse(json) as IpAddrJson[];
  } catch {
    return 'ip -j addr printed something that is not JSON';
  }
  const link = parsed[0];
  const mac = link?.address === undefined ? null : parseMac(link.address);
  if (mac === null) return 'the interface has no Ethernet address';
  const addresses = (link.addr_info ?? [])
    .filter((info) => info.family === 'inet' || info.family === 'inet6')
    .map((info) => `${info.local}/${info.prefixlen}`);
  return makeSelf(mac, addresses, forwarding, statics);
}

/** Reads "us" for interface `device` of this namespace; a failure is an error naming the flags. */
export function selfFromInterface(device: string, statics: string[] = []): SelfConfig {
  const result = selfFromIpJson(readIpAddr(device), readForwarding(device), statics);
  if (typeof result === 'string') {
    throw new LlreachError('NO_SELF', `cannot tell who we are on ${device}: ${result}`, EXIT.USAGE, [
      'give it with --self-mac MAC --self-addr ADDR/PREFIX (repeatable) [--router]',
    ]);
  }
  return result;
}

function readIpAddr(device: string): string {
  try {
    return execFileSync('ip', ['-j', 'addr', 'show', 'dev', device], {encoding: 'utf8', timeout: IP_TIMEOUT_MS});
  } catch {
    return '[]';
  }
}

/** IPv6 forwarding on the interface; a missing file (IPv6 off) means a host. */
function readForwarding(device: string): boolean {
  try {
    return readFileSync(`/proc/sys/net/ipv6/conf/${device}/forwarding`, 'utf8').trim() === '1';
  } catch {
    return false;
  }
}
