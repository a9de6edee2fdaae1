#!/bin/bash
# The C loop's throughput at 4 KiB and 16 KiB with loopback's MTU at 65536 (the kernel's default) and 1500, two
# passes each, with SCTP's T3 expirations and discarded packets read around each (benchmarks/findings.md, 3).
# Runs where SCTP is, as root (it changes lo's MTU): in the guest,
#   SCTP_VM_REAL_JAVA=$PWD/benchmarks/src/main/sh/lo-mtu-probe.sh tools/sctp-vm/bin/java
# after tools/bench has compiled benchmarks/target/native/sctp_peer.
set -eu
cd "$(dirname "$0")/../../../.."
peer=$PWD/benchmarks/target/native/sctp_peer
snap() { grep -E 'SctpT3RtxExpireds|SctpInPktDiscards|SctpOutSCTPPacks' /proc/net/sctp/snmp; }
before=$(mktemp) after=$(mktemp) out=$(mktemp)
for size in 4096 16384; do
  for mtu in 65536 1500 65536 1500; do
    ip link set lo mtu "$mtu"
    snap > "$before"
    s=$(date +%s%N)
    printf 'T 1000\nQ\n' | "$peer" throughput "$size" 1 0 0 > "$out"
    e=$(date +%s%N)
    snap > "$after"
    ms=$(( (e - s) / 1000000 ))
    echo "size $size, lo mtu $mtu: 1000 messages in $ms ms = $(( 1000000 / (ms + 1) )) msg/s; peer: $(tr '\n' ' ' < "$out")"
    paste "$before" "$after" | awk '{printf "   %s +%d\n", $1, $4 - $2}'
  done
done
ip link set lo mtu 65536
