// The exit codes scripts can rely on; the man page (man/llreach.1, EXIT STATUS) mirrors this table.

export const EXIT = {
  /** Success. */
  OK: 0,
  /** An internal error (a bug in llreach): rerun with DEBUG=llreach:* and report it. */
  INTERNAL: 1,
  /** Wrong usage: unknown flag, bad flag value, missing argument. */
  USAGE: 2,
  /** The named interface does not exist (or no default-route interface could be found). */
  NO_SUCH_INTERFACE: 3,
  /** No permission to capture packets (CAP_NET_RAW missing). */
  PERMISSION: 4,
  /** The libpcap binding (the optional `cap` module) is not installed or cannot load. */
  NO_LIBPCAP: 5,
  /** The capture file cannot be read or is not a pcap/pcapng file. */
  BAD_FILE: 6,
  /** The link type of the interface or file is not one llreach can decode. */
  UNSUPPORTED_LINK: 7,
  /** The interface went down or disappeared during the capture (what was seen is printed). */
  INTERFACE_LOST: 8,
  /** get-defrouter: no default route for that address family (the kernel's ESRCH). */
  NO_DEFAULT_ROUTE: 9,
  /** get-defrouter: the router's record did not appear before --timeout. */
  NO_RECORD: 10,
  /** An interface index that is 0 or names no interface (the sysctl's ENOENT, spec E30). */
  NO_SUCH_INDEX: 11,
  /** The capture could not be opened or failed for another reason libpcap reported. */
  CAPTURE_FAILED: 12,
  /** The output could not be written (a full disk, a closed or failing pipe other than EPIPE). */
  OUTPUT_FAILED: 13,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
