package io.reactorsctp.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A {@code tc} filter on {@code lo} that drops every packet matching one u32 match, e.g. {@code ip dst 127.0.0.2/32}
 * (needs root, which the test guest is). The drop happens in the egress queueing discipline, before dumpcap's tap:
 * a dropped packet is not in the capture. Close it to remove the filter.
 */
final class LoopbackFilter implements AutoCloseable {
  private boolean on;

  /** Drops whatever matches {@code u32Match} ({@code ip dst A/32}, {@code ip src A/32}) from now on. */
  static LoopbackFilter drop(String u32Match) throws IOException, InterruptedException {
    LoopbackFilter f = new LoopbackFilter();
    sh("modprobe sch_prio; modprobe cls_u32; modprobe act_gact; tc qdisc add dev lo root handle 1: prio");
    f.on = true;
    try {
      sh("tc filter add dev lo parent 1: protocol ip prio 1 u32 match " + u32Match + " action drop");
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
      sh("tc qdisc del dev lo root");
    }
  }

  private static void sh(String script) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("/bin/sh", "-c", "export PATH=/usr/sbin:/usr/bin:/sbin:/bin; set -e; " + script)
        .redirectErrorStream(true).start();
    boolean done = p.waitFor(60, TimeUnit.SECONDS);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!done || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("script failed: " + script + "\n" + out);
    }
  }

  private LoopbackFilter() {}
}
