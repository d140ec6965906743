// One captured frame as every source (live capture, pcap, pcapng) hands it to the pipeline.

/** LINKTYPE_* numbers from the tcpdump.org link-type registry that llreach knows by name. */
export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  RAW: 101,
  IEEE802_11: 105,
  LOOP: 108,
  LINUX_SLL: 113,
  IEEE802_11_RADIOTAP: 127,
  ARCNET_LINUX: 129,
  IPOIB: 242,
  LINUX_SLL2: 276,
} as const;

/**
 * A frame as read from a source. Sources may reuse one Frame object and its bytes for the next
 * frame: a consumer that keeps anything must copy it before returning from its callback.
 */
export interface Frame {
  /** Capture time: whole seconds since the Unix epoch. */
  tsSec: number;
  /** Capture time: fraction of the second in nanoseconds, always 0..999_999_999. */
  tsNsec: number;
  /** LINKTYPE_* of the interface the frame was captured on. */
  linkType: number;
  /** The source's interface this frame belongs to (see SourceInterface.id). */
  interfaceId: number;
  /** The captured bytes (possibly fewer than origLen). */
  data: Buffer;
  /** Length of the frame on the wire. */
  origLen: number;
}

/** An interface as a source describes it. */
export interface SourceInterface {
  /** Unique within one source: 0 for pcap and live; for pcapng, unique across all sections. */
  id: number;
  /** Interface name when the source knows it (live, pcapng if_name), else a made-up label. */
  name: string;
  linkType: number;
  /** Operating-system interface index when known (live capture), else undefined. */
  ifindex?: number;
}
