#!/bin/bash
# What waiting costs per round trip, without Java: benchmarks/src/main/c/wait_modes.c's ping-pong with a blocking
# recvmsg, with epoll_wait then recvmsg, with io_uring, and with io_uring set up for one thread, each twice
# (benchmarks/findings.md, 16). On the host:
#   gcc -O2 -pthread -o benchmarks/target/native/wait_modes benchmarks/src/main/c/wait_modes.c
#   SCTP_VM_REAL_JAVA=$PWD/benchmarks/src/main/sh/wait-modes-probe.sh SCTP_VM_CLOCK=counted tools/sctp-vm/bin/java
set -eu
cd "$(dirname "$0")/../../../.."
for mode in 0 1 2 3 0 1 2 3; do
  benchmarks/target/native/wait_modes "$mode" 20000 3000
done
