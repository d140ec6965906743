#!/usr/bin/env bash
# Namespace lab for bash: a bridge in a "switch" namespace and one veth per host, torn down on exit.
#
# Sourced by scripts/record-sample.sh; also usable by hand to try `llreach show` on a private link:
#   sudo scripts/lab.sh up      # switch + hosts a and b (198.51.100.0/24, 2001:db8:2::/64)
#   sudo scripts/lab.sh down    # removes everything `up` made
# Nothing here touches this machine's own interfaces: every link has both ends in a namespace,
# and only documentation addresses (198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) are used.

LAB_NAMESPACES=()
LAB_PIDS=()

lab_log() { printf '[lab] %s\n' "$*" >&2; }

lab_die() { lab_log "error: $*"; exit 1; }

lab_require_root() {
  [[ $(id -u) -eq 0 ]] || lab_die "needs root to create network namespaces (try sudo)"
}

# lab_need COMMAND PACKAGE: installs PACKAGE with apt-get when COMMAND is missing.
lab_need() {
  local command=$1 package=$2
  command -v "$command" >/dev/null 2>&1 && return 0
  lab_log "installing $package (for $command)"
  [[ -n ${LAB_APT_UPDATED:-} ]] || { apt-get update -qq; LAB_APT_UPDATED=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package" >/dev/null
  command -v "$command" >/dev/null 2>&1 || lab_die "$package did not provide $command"
}

# lab_add_ns NAME: creates a namespace (refusing an existing one) with loopback up.
lab_add_ns() {
  local ns=$1
  ip netns list | grep -qw -- "^$ns" && lab_die "namespace $ns already exists"
  ip netns add "$ns"
  LAB_NAMESPACES+=("$ns")
  ip -n "$ns" link set lo up
}

# lab_add_switch NS BRIDGE: a bridge that forwards at once (no STP) and floods all multicast
# (no snooping); IPv6 is off in the switch so it never sends a frame of its own.
lab_add_switch() {
  local ns=$1 bridge=$2
  lab_add_ns "$ns"
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  ip -n "$ns" link add "$bridge" type bridge stp_state 0 mcast_snooping 0
}

# lab_plug HOST_NS SWITCH_NS BRIDGE PORT MAC: veth eth0 in the host, PORT on the bridge; links
# stay down so the caller decides when each host joins.
lab_plug() {
  local host=$1 switch=$2 bridge=$3 port=$4 mac=$5
  ip -n "$host" link add eth0 address "$mac" type veth peer name "$port" netns "$switch"
  ip -n "$switch" link set "$port" master "$bridge"
}

# lab_spawn NS COMMAND...: starts a command in a namespace in the background and remembers its
# PID (ip netns exec execs the command, so the PID is the command's own).
lab_spawn() {
  local ns=$1
  shift
  ip netns exec "$ns" "$@" &
  LAB_PIDS+=("$!")
}

# lab_stop PID [SIGNAL]: stops one process this script started, then reaps it.
lab_stop() {
  local pid=$1 signal=${2:-TERM}
  kill -s "$signal" "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# lab_wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND every 0.1 s until it succeeds.
lab_wait_for() {
  local seconds=$1 what=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || lab_die "timed out after ${seconds}s waiting for $what"
    sleep 0.1
  done
}

# lab_has_address NS ADDRESS: true once ADDRESS is on eth0 and no longer tentative (DAD done).
lab_has_address() {
  ip -n "$1" addr show dev eth0 -tentative | grep -q "inet6\? $2/"
}

# lab_wait_empty NS: gives killed processes up to 2 s to leave the namespace, so that deleting
# it also deletes its interfaces at once.
lab_wait_empty() {
  local tries
  for tries in $(seq 20); do
    [[ -z $(ip netns pids "$1" 2>/dev/null) ]] && return 0
    sleep 0.1
  done
  lab_log "warning: processes still in $1: $(ip netns pids "$1" | tr '\n' ' ')"
}

# lab_cleanup: stops the processes it started (by PID) and deletes its namespaces, which
# deletes the veths and bridges inside them. Installed as an EXIT trap by lab_init.
lab_cleanup() {
  local pid ns
  for pid in "${LAB_PIDS[@]}"; do lab_stop "$pid"; done
  for ns in "${LAB_NAMESPACES[@]}"; do
    # Anything left inside one of our private namespaces was started by this script.
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
    lab_wait_empty "$ns"
    ip netns del "$ns" 2>/dev/null || true
  done
  LAB_PIDS=()
  LAB_NAMESPACES=()
}

lab_init() {
  lab_require_root
  lab_need ip iproute2
  trap lab_cleanup EXIT
  trap 'exit 130' INT TERM
}

# ---- command line: a two-host playground that stays up until `down` ----

LAB_CLI_PREFIX=lllabcli

lab_cli_up() {
  lab_require_root
  trap lab_cleanup EXIT # undo a half-built lab; disarmed once it is complete
  local switch=${LAB_CLI_PREFIX}s
  lab_add_switch "$switch" br0
  ip -n "$switch" link set br0 up
  local letter index=0
  for letter in a b; do
    index=$((index + 1))
    lab_add_ns "${LAB_CLI_PREFIX}$letter"
    lab_plug "${LAB_CLI_PREFIX}$letter" "$switch" br0 "port$letter" "02:22:00:00:00:0$index"
    ip -n "$switch" link set "port$letter" up
    ip -n "${LAB_CLI_PREFIX}$letter" addr add "198.51.100.$((index + 1))/24" dev eth0
    ip -n "${LAB_CLI_PREFIX}$letter" addr add "2001:db8:2::$((index + 1))/64" dev eth0 nodad
    ip -n "${LAB_CLI_PREFIX}$letter" link set eth0 up
  done
  lab_log "up: hosts ${LAB_CLI_PREFIX}a (198.51.100.2) and ${LAB_CLI_PREFIX}b (198.51.100.3);"
  lab_log "watch the link with: ip netns exec $switch llreach show br0"
  trap - EXIT
}

lab_cli_down() {
  local ns
  for ns in ${LAB_CLI_PREFIX}a ${LAB_CLI_PREFIX}b ${LAB_CLI_PREFIX}s; do
    ip netns list | grep -qw -- "^$ns" && ip netns del "$ns"
  done
  lab_log "down"
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  set -euo pipefail
  case ${1:-} in
    up) lab_cli_up ;;
    down) lab_cli_down ;;
    *) echo "usage: $0 up|down" >&2; exit 2 ;;
  esac
fi
