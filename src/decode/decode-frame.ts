// Entry point of the decoders: one captured frame in, one LinkEvent out, never a throw.
import {LINKTYPE} from '../capture/frame.js';
import {decodeEthernet} from './ethernet.js';
import type {LinkEvent} from './link-event.js';

type LinkDecoder = (data: Buffer, event: LinkEvent) => void;

/**
 * One decoder per supported link type. Each reads its own header, sets src, dst, vlan (and rssi)
 * and hands the payload to decodeEthertypePayload, so a new link type is one more entry here.
 */
const LINK_DECODERS = new Map<number, LinkDecoder>([[LINKTYPE.ETHERNET, decodeEthernet]]);

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
    skip: null,
    malformed: null,
  };
}

/**
 * Decodes one frame of link type `linkType` (LINKTYPE_*). Reads only `data[0 .. data.length)`,
 * the captured bytes; a short or odd frame comes back marked `malformed` or `skip`.
 */
export function decodeFrame(data: Buffer, linkType: number): LinkEvent {
  const event = createLinkEvent();
  const decodeLink = LINK_DECODERS.get(linkType);
  if (decodeLink === undefined) event.skip = `LINKTYPE_${linkType}`;
  else decodeLink(data, event);
  return event;
}
