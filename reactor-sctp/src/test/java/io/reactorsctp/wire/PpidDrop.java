package io.reactorsctp.wire;

import io.reactorsctp.GuestShell;
import java.io.IOException;

/**
 * A {@code tc} filter on {@code lo}'s ingress dropping every SCTP packet whose first chunk is DATA
 * with a payload protocol identifier in {@code 0xPPPP0000..0xPPPPFFFF}: those messages are sent but
 * never arrive, while their SACKs, FORWARD-TSNs and every other ppid pass. Needs root, which the
 * test guest is; close it to remove the filter.
 *
 * <p>Ingress, not egress (as metrics' LoopbackDrop): on {@code lo} libpcap keeps the incoming copy
 * of each packet, and the kernel hands a received packet to the capture before the ingress qdisc
 * drops it, so each dropped transmission is still in the capture and can be counted. A packet
 * dropped on egress never reaches the capture. The offsets assume a 20-byte IPv4 header (loopback
 * sets no options): the first chunk's type is at byte 32, a DATA chunk's ppid at byte 44.
 */
final class PpidDrop implements AutoCloseable {

  /** Drops DATA whose ppid's upper 16 bits are {@code high16}. */
  PpidDrop(int high16) throws IOException, InterruptedException {
    GuestShell.run(
        "modprobe sch_ingress; modprobe cls_u32; modprobe act_gact;"
            + " tc qdisc add dev lo handle ffff: ingress;"
            + " tc filter add dev lo parent ffff: protocol ip prio 1 u32 match ip protocol 132 0xff"
            + " match u8 0 0xff at 32 match u32 0x"
            + Integer.toHexString(high16 << 16)
            + " 0xffff0000 at 44"
            + " action drop");
  }

  @Override
  public void close() throws IOException, InterruptedException {
    GuestShell.run("tc qdisc del dev lo handle ffff: ingress");
  }
}
