#!/usr/bin/env bash
# Derives the segment-view facts of a capture with tshark: which MAC binds which addresses at the
# end of the file (Refs), address moves, and routers, per the rules in the corpus README.
#
# Usage: scripts/sample-facts.sh [--bindings] [FILE]   (default samples/lab.pcapng)
#   --bindings  also list every binding frame ("IPv4 <frame> <mac> <address>") before the facts
# An independent check of llreach's output: it shares no code with llreach.
# LIMITATION: interface ids and VLAN tags are ignored, so a multi-interface or tagged capture gets its records merged — key the awk tables by frame.interface_id and vlan.id as well.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SHOW_BINDINGS=''
if [[ ${1:-} == --bindings ]]; then SHOW_BINDINGS=1; shift; fi
FILE=${1:-$(dirname "$SCRIPT_DIR")/samples/lab.pcapng}

# tshark warns on every run as root; keep its other messages.
quiet_tshark() { tshark "$@" 2> >(grep -v 'Running as user' >&2); }

# Ethernet-style ARP only (hardware type 1 or 6, lengths 6 and 4, IPv4, request or reply).
# Prints "frame mac address"; a sender IP of 0.0.0.0 (a probe) binds nothing.
arp_bindings() {
  quiet_tshark -r "$FILE" -T fields -e frame.number -e arp.src.hw_mac -e arp.src.proto_ipv4 \
    -Y 'arp && (arp.hw.type == 1 || arp.hw.type == 6) && arp.hw.size == 6
        && arp.proto.type == 0x0800 && arp.proto.size == 4 && (arp.opcode == 1 || arp.opcode == 2)
        && arp.src.proto_ipv4 != 0.0.0.0'
}

# ND with hop limit 255, bound only from link-layer address options: NS and RS bind the source
# (not ::) to the SLLA, RA (from a link-local source) too, NA binds the target to the TLLA.
nd_bindings() {
  quiet_tshark -r "$FILE" -T fields -e frame.number -e icmpv6.type -e ipv6.src \
    -e icmpv6.nd.na.target_address -e icmpv6.opt.src_linkaddr -e icmpv6.opt.target_linkaddr \
    -Y 'icmpv6.type >= 133 && icmpv6.type <= 136 && ipv6.hlim == 255' |
    awk -F'\t' '
      $2 == 133 || $2 == 135 { if ($3 != "::" && $5 != "") print $1, $5, $3 }
      $2 == 134 { if ($3 ~ /^fe[89ab]/ && $5 != "") print $1, $5, $3 }
      $2 == 136 { if ($6 != "") print $1, $6, $4 }'
}

# Reads "frame mac address" in frame order; the last binding of an address wins and a change of
# MAC is a move. Prints one line per MAC that still binds something, with its Refs.
summarise() {
  local family=$1
  tr '\t' ' ' | awk -v family="$family" '
    function unicast(mac) { return mac != "00:00:00:00:00:00" && index("13579bdf", substr(mac, 2, 1)) == 0 }
    !unicast($2) { next }
    { if (($3 in owner) && owner[$3] != $2) moves++; owner[$3] = $2 }
    END {
      for (address in owner) print owner[address], address
      print "~moves", moves + 0 # sorts after every MAC
    }' | sort -k1,1 -k2,2 | awk -v family="$family" '
    $1 == "~moves" { moves = $2; next }
    $1 != mac { if (mac != "") print family, mac, "Refs", refs ":" list; mac = $1; refs = 0; list = "" }
    { refs++; list = list " " $2 }
    END { if (mac != "") print family, mac, "Refs", refs ":" list; print family, "moves", moves }'
}

routers() {
  quiet_tshark -r "$FILE" -T fields -e eth.src -e ipv6.src -e icmpv6.nd.ra.router_lifetime \
    -Y 'icmpv6.type == 134 && ipv6.hlim == 255' |
    awk -F'\t' '$2 ~ /^fe[89ab]/ { lifetime[$1] = $3 }
      END { for (mac in lifetime) if (lifetime[mac] > 0) print "router", mac, "lifetime", lifetime[mac] }'
}

if [[ -n $SHOW_BINDINGS ]]; then
  arp_bindings | tr '\t' ' ' | sed 's/^/IPv4 /'
  nd_bindings | sed 's/^/IPv6 /'
fi
arp_bindings | summarise IPv4
nd_bindings | summarise IPv6
routers
