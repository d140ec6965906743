#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine (Node 20 and npm present, run as root) for llreach: the system
# packages the build and the tests need, the npm dependencies (with the patched libpcap binding)
# and the build. The README's Quick start and .ci/run both start here.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Packages: libpcap-dev for cap's native build (and the libpcap.so that immediate mode dlopens);
# iproute2 for the namespace labs; tshark/tcpdump as independent readers and live capture tools;
# radvd, ndisc6, arping and iputils-ping make real kernels talk in the labs; tmux drives the live
# redraw tests; libcap2-bin (setcap, capsh) the capability tests; procps (ps) the process checks;
# patch lets npm's postinstall (scripts/patch-cap.mjs) patch cap where git is absent.
# make, g++ and python3 (node-gyp) are part of the base image.
APT_PACKAGES=(libpcap-dev iproute2 tshark tcpdump radvd ndisc6 arping iputils-ping tmux libcap2-bin
  procps patch)
# Every command the build, the tests and scripts/record-sample.sh run, checked after installing.
REQUIRED_COMMANDS=(node npm make g++ python3 ip tshark dumpcap tcpdump radvd ndisc6 rdisc6 arping
  ping tmux setcap getcap capsh setpriv ps sysctl patch)

step() { printf '\n==> %s\n' "$*"; }

run() {
  printf '+ %s\n' "$*"
  "$@"
}

require_root() {
  [[ $(id -u) -eq 0 ]] || { echo 'error: .ci/run must run as root (namespaces, capture)' >&2; exit 1; }
}

# tshark's package asks whether non-root users may capture; answer it before it asks.
preseed_wireshark() {
  printf 'wireshark-common wireshark-common/install-setuid boolean false\n' | run debconf-set-selections
}

install_packages() {
  export DEBIAN_FRONTEND=noninteractive
  run apt-get update
  preseed_wireshark
  run apt-get install -y --no-install-recommends "${APT_PACKAGES[@]}"
}

check_commands() {
  local command missing=()
  for command in "${REQUIRED_COMMANDS[@]}"; do
    command -v "$command" >/dev/null 2>&1 || missing+=("$command")
  done
  if ((${#missing[@]} > 0)); then
    echo "error: missing commands after install: ${missing[*]}" >&2
    exit 1
  fi
  echo "all ${#REQUIRED_COMMANDS[@]} required commands present"
}

step 'checking the machine'
require_root
run node --version
run npm --version
run uname -r

step 'installing system packages'
install_packages
check_commands

step 'installing npm dependencies'
run npm ci

step 'building'
run npm run build

step 'ready: try ./bin/run.js show --read samples/lab.pcapng'
