// Entry point of the decoders: one captured frame in, one LinkEvent out, never a throw.
import {LINKTYPE} from '../capture/frame.js';
import {decodeEthernet} from './ethernet.js';
import {decodeIeee80211} from './ieee80211.js';
import {decodeIpoib} from './ipoib.js';
import type {LinkEvent} from './link-event.js';
import {decodeLoopback} from './loopback.js';
import {decodeRadiotap} from './radiotap.js';
import {decodeSll, decodeSll2} from './sll.js';

/**
 * `origLen` is the frame's length on the wire, or undefined when the caller does not know it;
 * only decoders that must tell a snaplen-cut frame from a whole one (radiotap's FCS) read it.
 */
type LinkDecoder = (data: Buffer, event: LinkEvent, origLen: number | undefined) => void;

/**
 * One decoder per supported link type. Each reads its own header, sets src, dst, vlan (and rssi)
 * and hands the payload to decodeEthertypePayload, so a new link type is one more entry here.
 */
const LINK_DECODERS = new Map<number, LinkDecoder>([
  [LINKTYPE.ETHERNET, decodeEthernet],
  [LINKTYPE.LINUX_SLL, decodeSll],
  [LINKTYPE.LINUX_SLL2, decodeSll2],
  [LINKTYPE.IEEE802_11, decodeIeee80211],
  [LINKTYPE.IEEE802_11_RADIOTAP, decodeRadiotap],
  [LINKTYPE.IPOIB, decodeIpoib],
  [LINKTYPE.NULL, decodeLoopback],
  [LINKTYPE.LOOP, decodeLoopback],
]);

/** LINKTYPE_* names by number, for messages about a link type llreach cannot read. */
const LINKTYPE_NAMES = new Map<number, string>(
  Object.entries(LINKTYPE).map(([name, linkType]) => [linkType, name]),
);

/**
 * True when frames of `linkType` are decoded. Loopback link types count as supported: their
 * frames are read and counted as skipped ('LOOPBACK'), which is all they can offer.
 */
export function isSupportedLinkType(linkType: number): boolean {
  return LINK_DECODERS.has(linkType);
}

/** 'ARCNET_LINUX (129)'; 'unknown (300)' for a number llreach has no name for. */
export function linkTypeName(linkType: number): string {
  return `${LINKTYPE_NAMES.get(linkType) ?? 'unknown'} (${linkType})`;
}

/** A fresh event with every field present, in one order, so all events share one object shape. */
function createLinkEvent(): LinkEvent {
  return {
    kind: 'other',
    src: -1,
    dst: -1,
    vlan: '',
    arp: null,
    nd: null,
    rssi: null,
    transmitter: -1,
    ifindex: null,
    ipDst: null,
    outgoing: false,
    toOtherHost: false,
    skip: null,
    malformed: null,
  };
}

/**
 * Decodes one frame of link type `linkType` (LINKTYPE_*). Reads only `data[0 .. data.length)`,
 * the captured bytes; a short or odd frame comes back marked `malformed` or `skip`. Pass the
 * frame's `origLen` when known: without it a radiotap FCS is left in place, which is harmless,
 * rather than stripped from a frame that may have been cut, which would lose payload bytes.
 */
export function decodeFrame(data: Buffer, linkType: number, origLen?: number): LinkEvent {
  const event = createLinkEvent();
  const decodeLink = LINK_DECODERS.get(linkType);
  if (decodeLink === undefined) event.skip = `LINKTYPE_${linkType}`;
  else decodeLink(data, event, origLen);
  return event;
}
