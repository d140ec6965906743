// Types for the `cap` module as patched by patches/cap+0.2.1.patch (there is no @types/cap).
declare module 'cap' {
  import type {EventEmitter} from 'node:events';

  namespace cap {
    /** pcap_stats(3PCAP) counters. */
    interface PcapStats {
      received: number;
      dropped: number;
      ifDropped: number;
    }

    /**
     * One packet, copied into the Buffer given to open(). tsNsec is nanoseconds even when
     * libpcap only had microseconds. nbytes = min(caplen, buffer length).
     */
    type PacketListener = (
      nbytes: number,
      truncated: boolean,
      tsSec: number,
      tsNsec: number,
      origLen: number,
      caplen: number,
    ) => void;

    /** An Error from open(); pcapStatus is libpcap's PCAP_ERROR_* code. */
    interface OpenError extends Error {
      pcapStatus?: number;
    }

    class Cap extends EventEmitter {
      /** Returns the link type name ('ETHERNET', 'LINKTYPE_LINUX_SLL', 'Unknown linktype N', ...). */
      open(device: string, filter: string, bufSize: number, buffer: Buffer, snaplen?: number): string;
      close(): boolean;
      /** pcap_sendpacket(3PCAP) of the first nbytes (default: all) of buffer; throws libpcap's error. */
      send(buffer: Buffer, nbytes?: number): void;
      stats(): PcapStats;
      on(event: 'packet', listener: PacketListener): this;
      on(event: 'error', listener: (err: Error) => void): this;
    }

    /** 'llreach-cap-patch-1' in a patched build; absent in the published one. */
    const llreachPatch: string | undefined;
  }

  export = cap;
}
