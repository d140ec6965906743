// What the decoders extract from one frame: the facts the reachability model acts on.

/** A 48-bit MAC address held as a number (big-endian byte order), e.g. 0x001b630a0b0c. */
export type Mac = number;
/** An IPv4 address held as an unsigned 32-bit number, e.g. 0xc6336401 for 198.51.100.1. */
export type Ip4 = number;
/** An IPv6 address held as 32 lowercase hex digits, e.g. '20010db8000000000000000000000001'. */
export type Ip6 = string;

/** ARP opcodes (RFC 826). */
export const ARPOP_REQUEST = 1;
export const ARPOP_REPLY = 2;

/** ICMPv6 Neighbor Discovery message types (RFC 4861 §4). */
export const ND_ROUTER_SOLICIT = 133;
export const ND_ROUTER_ADVERT = 134;
export const ND_NEIGHBOR_SOLICIT = 135;
export const ND_NEIGHBOR_ADVERT = 136;
export const ND_REDIRECT = 137;

/** An Ethernet-style ARP message (hardware type 1 or 6, hlen 6, protocol 0x0800, plen 4). */
export interface ArpMessage {
  op: number;
  sha: Mac;
  spa: Ip4;
  tha: Mac;
  tpa: Ip4;
}

/** A Neighbor Discovery message that passed RFC 4861 validation. */
export interface NdMessage {
  type: number;
  /** IPv6 source and destination of the carrying packet. */
  src: Ip6;
  dst: Ip6;
  /** NS, NA and Redirect: the target address; otherwise null. */
  target: Ip6 | null;
  /** Source link-layer address option (NS, RS, RA; only when 8 bytes long), else null. */
  sllao: Mac | null;
  /** Target link-layer address option (NA, Redirect; only when 8 bytes long), else null. */
  tllao: Mac | null;
  /** NA flags (RFC 4861 §4.4). */
  router: boolean;
  solicited: boolean;
  override: boolean;
  /** RA: router lifetime in seconds (0 = not a default router); otherwise 0. */
  routerLifetime: number;
  /** RA: default router preference (RFC 4191 §2.2): 1 high, 0 medium, -1 low; otherwise 0. */
  routerPreference: number;
}

/**
 * The decoded facts of one frame. Every frame decodes to exactly one LinkEvent; a frame the
 * model cannot use still carries what could be read (for example the Ethernet source of an IPv6
 * frame whose ND payload is malformed still refreshes that source, spec §3.2 rule 4).
 */
export interface LinkEvent {
  /**
   * 'arp': an ARP frame (ethertype 0x0806); `arp` is set only when it is Ethernet-style.
   * 'ipv4': an IPv4 frame. 'ipv6': an IPv6 frame; `nd` set when it carries a valid ND message.
   * 'other': anything else (other ethertypes, RARP, unsupported link types, loopback).
   */
  kind: 'arp' | 'ipv4' | 'ipv6' | 'other';
  /** Link-layer source and destination; -1 when the link type carries none. */
  src: Mac;
  dst: Mac;
  /** VLAN context: '' untagged, '123' for one tag, '200/2001' outer to inner for stacked tags. */
  vlan: string;
  arp: ArpMessage | null;
  nd: NdMessage | null;
  /**
   * Radiotap dBm antenna signal, when the link type carries one. It measures the radio of
   * `transmitter`, which is not always `src`: an access point relaying a frame is heard at its own
   * signal, so the value belongs to the transmitter's record only.
   */
  rssi: number | null;
  /**
   * The 802.11 transmitter address (TA), the station whose radio `rssi` measured; -1 on link
   * types without one (Ethernet, SLL). `src` stays the frame's original source (SA).
   */
  transmitter: Mac;
  /**
   * LINUX_SLL2 interface index: a capture on Linux's "any" device mixes frames of every
   * interface, and this names the one the frame belongs to. null on other link types.
   */
  ifindex: number | null;
  /**
   * IPv4 frames: the destination address (Ip4), or -1 when the header is cut short. IPv6 frames:
   * the destination (Ip6), or null when cut short. null on other kinds. The host view needs it to
   * find the next hop of our own transmissions (spec §3.3 lastused).
   */
  ipDst: Ip4 | Ip6 | null;
  /** The capturing host sent the frame (SLL/SLL2 packet type PACKET_OUTGOING). */
  outgoing: boolean;
  /**
   * SLL/SLL2 frames carry no destination (`dst` is -1); the capturing kernel's packet type says
   * instead whether the frame was unicast to another host (PACKET_OTHERHOST, promiscuous capture).
   * Always false on link types with a destination: compare `dst` there.
   */
  toOtherHost: boolean;
  /**
   * Why all or part of the frame was not used, as a stable code (for example
   * 'ARP_NOT_ETHERNET', 'ETHERTYPE_OTHER'); counted as skipped. null when fully used.
   */
  skip: string | null;
  /**
   * Why the frame (or its ARP/ND payload) is malformed, as a stable code (for example
   * 'ARP_TRUNCATED', 'ND_OPTION_LEN_ZERO'); counted as malformed. null when well formed.
   */
  malformed: string | null;
}
