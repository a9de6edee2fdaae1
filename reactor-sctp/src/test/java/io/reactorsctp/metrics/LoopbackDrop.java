package io.reactorsctp.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A {@code tc} filter on {@code lo} dropping every packet sent to one address (as in the fault tests'
 * PathFailoverTest): needs root, which the test guest is. Close it to remove the filter.
 */
final class LoopbackDrop implements AutoCloseable {

  /** Drops what is sent to {@code address} (127.0.0.2 and above: local, and reached only on purpose). */
  LoopbackDrop(String address) throws IOException, InterruptedException {
    sh("modprobe sch_prio; modprobe cls_u32; modprobe act_gact; tc qdisc add dev lo root handle 1: prio;"
        + " tc filter add dev lo parent 1: protocol ip prio 1 u32 match ip dst " + address + "/32 action drop");
  }

  @Override
  public void close() throws IOException, InterruptedException {
    sh("tc qdisc del dev lo root");
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
}
