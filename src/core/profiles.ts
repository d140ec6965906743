// XNU version profiles for the host view: the tunables and ARP probing rules that differ between
// releases and can be seen in a passive capture (spec §0 version table, §1.8, §4.2).

export interface HostProfile {
  readonly name: 'xnu-2050' | 'xnu-3789';
  /** net.link.ether.inet.arp_llreach_base default. */
  readonly arpBaseSec: number;
  /** net.inet6.icmp6.nd6_llreach_base default. */
  readonly nd6BaseSec: number;
  /**
   * net.link.ether.inet.arp_unicast_lim: unreachable entries are unicast-probed this many times
   * while still used (xnu-3789+); 0 = the baseline, which clears the MAC at once (§4.2).
   */
  readonly arpUnicastLimit: number;
  /** net.link.ether.inet.probe_intvl: the unicast-probe deadline in seconds (xnu-3789+). */
  readonly probeDeadlineSec: number;
}

/** The baseline (OS X 10.8): both bases 30 s, no unicast probing. */
export const XNU_2050: HostProfile = {
  name: 'xnu-2050', arpBaseSec: 30, nd6BaseSec: 30, arpUnicastLimit: 0, probeDeadlineSec: 0,
};

/** 10.12 to today: ARP base 120 s, 3 unicast probes within a 7 s deadline while still sending. */
export const XNU_3789: HostProfile = {
  name: 'xnu-3789', arpBaseSec: 120, nd6BaseSec: 30, arpUnicastLimit: 3, probeDeadlineSec: 7,
};

export const PROFILES: Record<HostProfile['name'], HostProfile> = {'xnu-2050': XNU_2050, 'xnu-3789': XNU_3789};

export const PROFILE_NAMES = Object.keys(PROFILES) as HostProfile['name'][];

// LIMITATION: the xnu-2422…3247 releases (unicast re-probing with limit 5, probing before the 20-minute expiry) and the xnu-10063+ IPv4 refresh defect (§3.2) have no profile — a profile entry per release with their probe rules would add them.
