// The one frame `get-defrouter --probe` sends: an ARP request (RFC 826) or a Neighbor Solicitation
// with our link-layer address (RFC 4861 §4.3, §7.2.2) for the gateway, built from our MAC and address.
import type {Ip4, Ip6, Mac} from '../decode/link-event.js';
import {isLinkLocal6, type Ip4Prefix, type Ip6Prefix} from '../core/self.js';

const ETHER_HEADER_BYTES = 14;
const ETHERTYPE_ARP = 0x0806;
const ETHERTYPE_IPV6 = 0x86dd;
const ARPHRD_ETHER = 1;
const ARPOP_REQUEST = 1;
const IPPROTO_ICMPV6 = 58;
const ND_NEIGHBOR_SOLICIT = 135;
/** RFC 4861 §7.1.1: ND messages must arrive with hop limit 255 (proof they were not routed). */
const ND_HOP_LIMIT = 255;
const ND_OPT_SOURCE_LINKADDR = 1;
const BROADCAST: Mac = 0xff_ff_ff_ff_ff_ff;
const IPV6_HEADER_BYTES = 40;
const NS_BYTES = 24;
const SLLAO_BYTES = 8;

function writeEthernet(out: Buffer, dst: Mac, src: Mac, ethertype: number): void {
  out.writeUIntBE(dst, 0, 6);
  out.writeUIntBE(src, 6, 6);
  out.writeUInt16BE(ethertype, 12);
}

/** A broadcast "who has targetIp, tell senderIp" ARP request from our MAC. */
export function buildArpRequest(ourMac: Mac, senderIp: Ip4, targetIp: Ip4): Buffer {
  const out = Buffer.alloc(ETHER_HEADER_BYTES + 28);
  writeEthernet(out, BROADCAST, ourMac, ETHERTYPE_ARP);
  const arp = out.subarray(ETHER_HEADER_BYTES);
  arp.writeUInt16BE(ARPHRD_ETHER, 0);
  arp.writeUInt16BE(0x0800, 2);
  arp[4] = 6; // hardware address length
  arp[5] = 4; // protocol address length
  arp.writeUInt16BE(ARPOP_REQUEST, 6);
  arp.writeUIntBE(ourMac, 8, 6);
  arp.writeUInt32BE(senderIp, 14);
  arp.writeUInt32BE(targetIp, 24); // target hardware address stays zero: unknown
  return out;
}

/** ff02::1:ffXX:XXXX, the solicited-node group of `target` (RFC 4291 §2.7.1). */
export function solicitedNodeAddress(target: Ip6): Ip6 {
  return `ff0200000000000000000001ff${target.slice(26)}`;
}

/** 33:33 followed by the group address's last four bytes (RFC 2464 §7). */
function multicastMacOf(group: Ip6): Mac {
  return 0x3333_0000_0000 + Number.parseInt(group.slice(24), 16);
}

/** A multicast Neighbor Solicitation for `target` from `source`, carrying our MAC as SLLAO. */
export function buildNeighborSolicit(ourMac: Mac, source: Ip6, target: Ip6): Buffer {
  const group = solicitedNodeAddress(target);
  const icmpBytes = NS_BYTES + SLLAO_BYTES;
  const out = Buffer.alloc(ETHER_HEADER_BYTES + IPV6_HEADER_BYTES + icmpBytes);
  writeEthernet(out, multicastMacOf(group), ourMac, ETHERTYPE_IPV6);
  const ip = out.subarray(ETHER_HEADER_BYTES);
  ip.writeUInt32BE(0x6000_0000, 0); // version 6, traffic class 0, flow label 0
  ip.writeUInt16BE(icmpBytes, 4);
  ip[6] = IPPROTO_ICMPV6;
  ip[7] = ND_HOP_LIMIT;
  ip.write(source, 8, 'hex');
  ip.write(group, 24, 'hex');
  const icmp = ip.subarray(IPV6_HEADER_BYTES);
  icmp[0] = ND_NEIGHBOR_SOLICIT;
  icmp.write(target, 8, 'hex');
  icmp[NS_BYTES] = ND_OPT_SOURCE_LINKADDR;
  icmp[NS_BYTES + 1] = 1; // option length in units of 8 bytes
  icmp.writeUIntBE(ourMac, NS_BYTES + 2, 6);
  icmp.writeUInt16BE(icmpv6Checksum(ip.subarray(8, 24), ip.subarray(24, 40), icmp), 2);
  return out;
}

/** RFC 4443 §2.3: one's-complement sum over the pseudo-header (RFC 8200 §8.1) and the message. */
export function icmpv6Checksum(source: Buffer, destination: Buffer, message: Buffer): number {
  const pseudo = Buffer.alloc(40);
  source.copy(pseudo, 0);
  destination.copy(pseudo, 16);
  pseudo.writeUInt32BE(message.length, 32);
  pseudo[39] = IPPROTO_ICMPV6;
  let sum = sumWords(pseudo) + sumWords(message);
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return ~sum & 0xffff;
}

function sumWords(bytes: Buffer): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i] << 8) | (bytes[i + 1] ?? 0);
  return sum;
}

/**
 * Our IPv4 sender address for an ARP request to `target`: one whose prefix covers it, else the
 * first; 0.0.0.0 (an RFC 5227 probe, still answered) when the interface has none.
 */
export function chooseSender4(ours: Ip4Prefix[], target: Ip4): Ip4 {
  const covering = ours.find((p) => {
    const size = 2 ** (32 - Math.min(32, p.prefixLen));
    return Math.floor(p.addr / size) === Math.floor(target / size);
  });
  return (covering ?? ours[0])?.addr ?? 0;
}

/**
 * Our IPv6 source for an NS to `target`: link-local for a link-local target (the usual default
 * router), else one in the target's prefix, else our link-local; undefined when we have none.
 */
export function chooseSource6(ours: Ip6Prefix[], target: Ip6): Ip6 | undefined {
  const linkLocal = ours.find((p) => isLinkLocal6(p.addr));
  if (isLinkLocal6(target) && linkLocal) return linkLocal.addr;
  const covering = ours.find((p) => !isLinkLocal6(p.addr) && sharesPrefix(p.addr, target, p.prefixLen));
  return (covering ?? linkLocal ?? ours[0])?.addr;
}

function sharesPrefix(a: Ip6, b: Ip6, prefixLen: number): boolean {
  const toBits = (hex: string) => [...hex].map((d) => Number.parseInt(d, 16).toString(2).padStart(4, '0')).join('');
  return toBits(a).slice(0, prefixLen) === toBits(b).slice(0, prefixLen);
}
