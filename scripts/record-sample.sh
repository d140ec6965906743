#!/usr/bin/env bash
# Records samples/lab.pcapng: real Linux kernels (plus radvd, arping, ndisc6) talking on a private
# bridged link, captured on the bridge itself (a mirror-port view). See samples/README.md.
#
# Usage: sudo scripts/record-sample.sh [OUTPUT]   (default samples/lab.pcapng)
#
# Story, in order: router r comes up and advertises 2001:db8:1::/64; hosts a and b join (DAD,
# RS, SLAAC); both families are pinged between hosts and to the router; b probes for an unused
# IPv4 address and announces its own; ndisc6 and rdisc6 query from the hosts; finally b changes
# its MAC and its kernel re-announces every address from the new one (an address move).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/lab.sh
source "$SCRIPT_DIR/lab.sh"

OUTPUT=${1:-$(dirname "$SCRIPT_DIR")/samples/lab.pcapng}

# Fixed, locally administered MACs (02:…) so the derived facts never change between recordings.
MAC_R=02:11:00:00:00:01
MAC_A=02:11:00:00:00:0a
MAC_B=02:11:00:00:00:0b
MAC_B_MOVED=02:11:00:00:00:bb
# SLAAC (EUI-64) addresses follow from the MACs (02:11:… becomes 0011:…ff:fe…), written as
# `ip` prints them (RFC 5952: a single zero group is not compressed).
SLAAC_A=2001:db8:1:0:11:ff:fe00:a
SLAAC_B=2001:db8:1:0:11:ff:fe00:b
LL_R=fe80::11:ff:fe00:1

TAG=lllab$$
NS_SW=${TAG}s NS_R=${TAG}r NS_A=${TAG}a NS_B=${TAG}b
WORK=''

install_tools() {
  lab_need radvd radvd
  lab_need ndisc6 ndisc6
  lab_need rdisc6 ndisc6
  lab_need arping arping
  lab_need ping iputils-ping
  lab_need dumpcap wireshark-common
}

# Host defaults are set before eth0 exists so it inherits them: EUI-64 SLAAC without temporary
# addresses, DAD on, accept RAs. The router forwards, which radvd requires.
configure_namespaces() {
  lab_add_switch "$NS_SW" br0
  local ns
  for ns in "$NS_R" "$NS_A" "$NS_B"; do
    lab_add_ns "$ns"
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.addr_gen_mode=0 \
      net.ipv6.conf.default.use_tempaddr=0 net.ipv6.conf.default.accept_dad=1
  done
  ip netns exec "$NS_R" sysctl -qw net.ipv6.conf.all.forwarding=1 net.ipv6.conf.default.forwarding=1
  lab_plug "$NS_R" "$NS_SW" br0 swr "$MAC_R"
  lab_plug "$NS_A" "$NS_SW" br0 swa "$MAC_A"
  lab_plug "$NS_B" "$NS_SW" br0 swb "$MAC_B"
}

assign_addresses() {
  ip -n "$NS_R" addr add 198.51.100.1/24 dev eth0
  ip -n "$NS_R" addr add 2001:db8:1::1/64 dev eth0
  ip -n "$NS_A" addr add 198.51.100.10/24 dev eth0
  ip -n "$NS_A" addr add 198.51.100.11/24 dev eth0
  ip -n "$NS_A" addr add 2001:db8:1::10/64 dev eth0
  ip -n "$NS_B" addr add 198.51.100.20/24 dev eth0
}

write_radvd_config() {
  cat >"$WORK/radvd.conf" <<'EOF'
interface eth0 {
  AdvSendAdvert on;
  MinRtrAdvInterval 3;
  MaxRtrAdvInterval 4;
  AdvDefaultLifetime 1800;
  prefix 2001:db8:1::/64 {
    AdvOnLink on;
    AdvAutonomous on;
  };
  RDNSS 2001:db8:1::1 {
  };
};
EOF
}

start_capture() {
  ip -n "$NS_SW" link set br0 up
  local port
  for port in swr swa swb; do ip -n "$NS_SW" link set "$port" up; done
  lab_spawn "$NS_SW" dumpcap -q -i br0 -w "$WORK/lab.pcapng"
  CAPTURE_PID=$!
  lab_wait_for 10 "dumpcap to start writing" test -s "$WORK/lab.pcapng"
}

start_router() {
  ip -n "$NS_R" link set eth0 up
  lab_wait_for 10 "router DAD" lab_has_address "$NS_R" 2001:db8:1::1
  lab_wait_for 10 "router link-local" lab_has_address "$NS_R" "$LL_R"
  lab_spawn "$NS_R" radvd --nodaemon --config "$WORK/radvd.conf" --pidfile "$WORK/radvd.pid" \
    --logmethod stderr 2>"$WORK/radvd.log"
}

join_hosts() {
  ip -n "$NS_A" link set eth0 up
  ip -n "$NS_B" link set eth0 up
  lab_wait_for 15 "SLAAC on host a" lab_has_address "$NS_A" "$SLAAC_A"
  lab_wait_for 15 "SLAAC on host b" lab_has_address "$NS_B" "$SLAAC_B"
  lab_wait_for 10 "static address on host a" lab_has_address "$NS_A" 2001:db8:1::10
}

in_ns() { ip netns exec "$@" >/dev/null; }

ping_ipv4() {
  in_ns "$NS_A" ping -c1 -W2 -I 198.51.100.10 198.51.100.1
  in_ns "$NS_A" ping -c1 -W2 -I 198.51.100.11 198.51.100.20
  in_ns "$NS_B" ping -c1 -W2 198.51.100.1
}

ping_ipv6() {
  in_ns "$NS_A" ping -c1 -W2 -I 2001:db8:1::10 2001:db8:1::1
  in_ns "$NS_A" ping -c1 -W2 -I "$SLAAC_A" 2001:db8:1::1
  in_ns "$NS_B" ping -c1 -W2 -I "$SLAAC_B" 2001:db8:1::10
  in_ns "$NS_B" ping -c1 -W2 "$LL_R%eth0"
}

# An RFC 5227 probe (sender 0.0.0.0) for a free address, then a gratuitous announcement.
announce_from_b() {
  in_ns "$NS_B" arping -q -0 -c1 -w1 -i eth0 198.51.100.30 || true # nobody answers a probe
  in_ns "$NS_B" arping -q -U -c1 -w1 -i eth0 -S 198.51.100.20 198.51.100.20 || true
}

query_nd() {
  in_ns "$NS_B" ndisc6 -1 -r1 -w1000 2001:db8:1::10 eth0
  in_ns "$NS_A" rdisc6 -1 -r1 -w1000 eth0
}

# The kernel itself announces on a MAC change when arp_notify / ndisc_notify are set: one
# gratuitous ARP and one unsolicited NA (with the new MAC as TLLA) per address.
move_b() {
  ip netns exec "$NS_B" sysctl -qw net.ipv4.conf.eth0.arp_notify=1 net.ipv6.conf.eth0.ndisc_notify=1
  ip -n "$NS_B" link set eth0 address "$MAC_B_MOVED"
  sleep 0.5
  in_ns "$NS_B" ping -c1 -W2 198.51.100.1
}

record() {
  WORK=$(mktemp -d /tmp/lllab-sample.XXXXXX)
  lab_log "namespaces $NS_SW (bridge br0), $NS_R (router), $NS_A (host a), $NS_B (host b)"
  configure_namespaces
  assign_addresses
  write_radvd_config
  start_capture
  lab_log "capturing on br0; router up with radvd"
  start_router
  sleep 1
  lab_log "hosts joining (DAD, RS, SLAAC)"
  join_hosts
  lab_log "pings, ARP probe and announcement, ndisc6, rdisc6"
  ping_ipv4
  ping_ipv6
  announce_from_b
  query_nd
  sleep 2
  lab_log "host b moves to $MAC_B_MOVED"
  move_b
  sleep 1
  lab_stop "$CAPTURE_PID" INT
  mkdir -p "$(dirname "$OUTPUT")"
  install -m 0644 "$WORK/lab.pcapng" "$OUTPUT"
  lab_log "wrote $OUTPUT ($(stat -c %s "$OUTPUT") bytes)"
}

finish() {
  lab_cleanup
  [[ -z $WORK ]] || rm -rf -- "$WORK"
}

lab_init
trap finish EXIT
install_tools
record
