package io.reactorsctp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Runs a shell script as the tests' user, root in the test guest (tc, ip, modprobe, nsenter), with
 * a deadline; a failure carries the script's output.
 */
public final class GuestShell {
  private static final long SECONDS = 60;

  /**
   * Runs {@code script} under {@code set -e}; fails with its output when it fails or outlasts 60 s.
   */
  public static void run(String script) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "/bin/sh", "-c", "export PATH=/usr/sbin:/usr/bin:/sbin:/bin; set -e; " + script)
            .redirectErrorStream(true)
            .start();
    boolean done = p.waitFor(SECONDS, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!done || p.exitValue() != 0) {
      throw new IllegalStateException(
          "script failed"
              + (done ? "" : " to finish within " + SECONDS + " s")
              + ": "
              + script
              + "\n"
              + out);
    }
  }

  private GuestShell() {}
}
