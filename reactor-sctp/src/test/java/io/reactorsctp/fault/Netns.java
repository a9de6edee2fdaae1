package io.reactorsctp.fault;

import io.reactorsctp.GuestShell;
import java.io.IOException;

/**
 * A network namespace held by a sleeping process ({@code unshare -n}), reached with {@code nsenter
 * -t PID -n}: no {@code ip netns}, whose {@code /run/netns} the guest's read-only root cannot hold.
 * Linked to ours by a veth pair.
 */
final class Netns implements AutoCloseable {
  private final Process holder;

  Netns() throws IOException {
    holder = new ProcessBuilder("/usr/bin/unshare", "-n", "/bin/sleep", "600").start();
  }

  long pid() {
    return holder.pid();
  }

  /**
   * Runs a shell script in our namespace ({@code $NS} is the namespace's pid); fails with its
   * output.
   */
  void sh(String script) throws IOException, InterruptedException {
    GuestShell.run("NS=" + pid() + "; " + script);
  }

  /** Runs a shell script inside the namespace. */
  void shInside(String script) throws IOException, InterruptedException {
    sh("nsenter -t $NS -n /bin/sh -c '" + script + "'");
  }

  @Override
  public void close() {
    holder.destroyForcibly(); // the namespace, and the veth ends in it, go with its last process
  }
}
