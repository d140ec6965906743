// Builders for LinkEvents and Frames, so model tests read as scenarios rather than byte dumps.
import type {Frame} from '../../src/capture/frame.js';
import type {ArpMessage, LinkEvent, Mac, NdMessage} from '../../src/decode/link-event.js';

export const BROADCAST: Mac = 0xffffffffffff;

/** '02:00:00:00:00:01' → number. */
export function mac(text: string): Mac {
  return Number.parseInt(text.replaceAll(':', ''), 16);
}

/** '198.51.100.1' → number. */
export function ip4(text: string): number {
  return text.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

/** A fully written IPv6 address in hex groups ('2001:db8::1' style with :: is accepted). */
export function ip6(text: string): string {
  const [head, tail = ''] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = text.includes('::') && tail ? tail.split(':') : [];
  const groups = text.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return groups.map((g) => g.padStart(4, '0')).join('');
}

function baseEvent(kind: LinkEvent['kind'], src: Mac, dst: Mac, vlan = ''): LinkEvent {
  return {
    kind, src, dst, vlan, arp: null, nd: null, rssi: null, transmitter: -1,
    ifindex: null, ipDst: null, outgoing: false, toOtherHost: false, skip: null, malformed: null,
  };
}

export function arpEvent(arp: Partial<ArpMessage> & {sha: Mac}, dst: Mac = BROADCAST, vlan = ''): LinkEvent {
  const message: ArpMessage = {op: 1, spa: 0, tha: 0, tpa: 0, ...arp};
  return {...baseEvent('arp', arp.sha, dst, vlan), arp: message};
}

export function ipv4Event(src: Mac, dst: Mac = BROADCAST, vlan = ''): LinkEvent {
  return baseEvent('ipv4', src, dst, vlan);
}

export function ipv6Event(src: Mac, dst: Mac = 0x333300000001, vlan = ''): LinkEvent {
  return baseEvent('ipv6', src, dst, vlan);
}

export function ndEvent(src: Mac, nd: Partial<NdMessage> & {type: number; src: string}, vlan = ''): LinkEvent {
  const message: NdMessage = {
    dst: ip6('ff02::1'),
    target: null,
    sllao: null,
    tllao: null,
    router: false,
    solicited: false,
    override: true,
    routerLifetime: 0,
    routerPreference: 0,
    ...nd,
  };
  return {...baseEvent('ipv6', src, 0x333300000001, vlan), nd: message};
}

export function frameAt(tsSec: number, interfaceId = 0): Frame {
  return {tsSec, tsNsec: 0, linkType: 1, interfaceId, data: Buffer.alloc(0), origLen: 0};
}
