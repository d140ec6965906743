// IEEE 802.1Q / 802.1ad VLAN tags: following a stack of them to the type field they wrap.
import {readU16} from './bytes.js';
import type {LinkEvent} from './link-event.js';

/** Tag protocol identifiers: 802.1Q C-tag, 802.1ad S-tag, and the pre-standard 0x9100 S-tag. */
export const ETHERTYPE_VLAN = 0x8100;
export const ETHERTYPE_QINQ = 0x88a8;
export const ETHERTYPE_QINQ_LEGACY = 0x9100;

/** The VLAN identifier is the low 12 bits of the tag control information (802.1Q §9.6). */
const VLAN_ID_MASK = 0x0fff;

export function isVlanTpid(type: number): boolean {
  return type === ETHERTYPE_VLAN || type === ETHERTYPE_QINQ || type === ETHERTYPE_QINQ_LEGACY;
}

/**
 * Starting at a type field, skips any number of VLAN tags and records their ids outer to inner
 * in `event.vlan` ('200/2001'); priority tags (VID 0) add nothing. Returns the offset of the
 * first type field that is not a tag, or -1 when the frame ends before it (the caller reports
 * that with its own code).
 *
 * One tag, starting at the type field:  TPID (2) | PCP, DEI, VID (2) | next type (2) ...
 */
export function followVlanTags(data: Buffer, typeOffset: number, event: LinkEvent): number {
  let offset = typeOffset;
  while (offset + 2 <= data.length) {
    const type = readU16(data, offset);
    if (!isVlanTpid(type)) return offset;
    if (offset + 4 > data.length) return -1;
    const id = readU16(data, offset + 2) & VLAN_ID_MASK;
    // VID 0 only carries a priority (802.1Q §9.6): the frame belongs to the untagged link.
    if (id !== 0) event.vlan = event.vlan === '' ? String(id) : `${event.vlan}/${id}`;
    offset += 4;
  }
  return -1;
}
