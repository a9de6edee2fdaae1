package io.reactorsctp.wire;

import io.reactorsctp.GuestShell;
import java.io.IOException;

/**
 * A {@code tc} filter on {@code lo} that drops every packet matching one u32 match, e.g. {@code ip
 * dst 127.0.0.2/32} (needs root, which the test guest is). The drop happens in the egress queueing
 * discipline, before dumpcap's tap: a dropped packet is not in the capture. Close it to remove the
 * filter.
 */
public final class LoopbackFilter implements AutoCloseable {
  private boolean on;

  /**
   * Drops whatever matches {@code u32Match} ({@code ip dst A/32}, {@code ip src A/32}) from now on.
   */
  public static LoopbackFilter drop(String u32Match) throws IOException, InterruptedException {
    LoopbackFilter f = new LoopbackFilter();
    GuestShell.run(
        "modprobe sch_prio; modprobe cls_u32; modprobe act_gact; tc qdisc add dev lo root handle 1: prio");
    f.on = true;
    try {
      GuestShell.run(
          "tc filter add dev lo parent 1: protocol ip prio 1 u32 match "
              + u32Match
              + " action drop");
    } catch (RuntimeException e) {
      f.close();
      throw e;
    }
    return f;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (on) {
      on = false;
      GuestShell.run("tc qdisc del dev lo root");
    }
  }

  private LoopbackFilter() {}
}
