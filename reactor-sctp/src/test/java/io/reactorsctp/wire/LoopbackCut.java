package io.reactorsctp.wire;

import io.reactorsctp.GuestShell;
import java.io.IOException;

/**
 * A {@code tc} filter on {@code lo} that drops every packet sent to one address (127.0.0.2 and above, reached
 * only on purpose) at egress, before dumpcap sees it: a cut path. Needs root, which the test guest is. Closing
 * removes it.
 */
public final class LoopbackCut implements AutoCloseable {

  public LoopbackCut(String address) throws IOException, InterruptedException {
    GuestShell.run("modprobe sch_prio; modprobe cls_u32; modprobe act_gact; tc qdisc add dev lo root handle 1: prio;"
        + " tc filter add dev lo parent 1: protocol ip prio 1 u32 match ip dst " + address + "/32 action drop");
  }

  @Override
  public void close() throws IOException, InterruptedException {
    GuestShell.run("tc qdisc del dev lo root");
  }
}
