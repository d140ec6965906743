// ARP (RFC 826) as llreach uses it: only the Ethernet-style IPv4-over-48-bit-MAC form binds.
import {ip4FromBytes, macFromBytes} from './address.js';
import {readU16} from './bytes.js';
import {ARPOP_REPLY, ARPOP_REQUEST, type LinkEvent} from './link-event.js';

/** Hardware types that carry 6-byte MACs: Ethernet (1) and IEEE 802 networks (6) (RFC 5494). */
const ARPHRD_ETHER = 1;
const ARPHRD_IEEE802 = 6;
const ARP_PROTOCOL_IPV4 = 0x0800;
const ETHER_ADDR_LEN = 6;
const IPV4_ADDR_LEN = 4;
/** htype (2) | ptype (2) | hlen (1) | plen (1) | op (2). */
const ARP_FIXED_BYTES = 8;

/**
 * Decodes the ARP body at `offset`:
 *
 *   fixed (8) | sender hw (hlen) | sender ip (plen) | target hw (hlen) | target ip (plen)
 *
 * Truncation is judged against the lengths the packet declares, so a complete non-Ethernet ARP
 * (IPoIB, ARCNET) is skipped rather than called malformed. Semantic rules (broadcast sender,
 * probes from 0.0.0.0) belong to the model.
 */
export function decodeArp(data: Buffer, offset: number, event: LinkEvent): void {
  event.kind = 'arp';
  if (offset + ARP_FIXED_BYTES > data.length) {
    event.malformed = 'ARP_TRUNCATED';
    return;
  }

  const hardwareLen = data[offset + 4];
  const protocolLen = data[offset + 5];
  if (offset + ARP_FIXED_BYTES + 2 * (hardwareLen + protocolLen) > data.length) {
    event.malformed = 'ARP_TRUNCATED';
    return;
  }

  if (!isEthernetStyle(data, offset)) {
    event.skip = 'ARP_NOT_ETHERNET';
    return;
  }

  const op = readU16(data, offset + 6);
  if (op !== ARPOP_REQUEST && op !== ARPOP_REPLY) {
    event.skip = 'ARP_OPCODE';
    return;
  }

  event.arp = {
    op,
    sha: macFromBytes(data, offset + 8),
    spa: ip4FromBytes(data, offset + 14),
    tha: macFromBytes(data, offset + 18),
    tpa: ip4FromBytes(data, offset + 24),
  };
}

/** Hardware type 1 or 6 with 6-byte addresses, protocol IPv4 with 4-byte addresses. */
function isEthernetStyle(data: Buffer, offset: number): boolean {
  const hardwareType = readU16(data, offset);
  return (
    (hardwareType === ARPHRD_ETHER || hardwareType === ARPHRD_IEEE802) &&
    readU16(data, offset + 2) === ARP_PROTOCOL_IPV4 &&
    data[offset + 4] === ETHER_ADDR_LEN &&
    data[offset + 5] === IPV4_ADDR_LEN
  );
}
