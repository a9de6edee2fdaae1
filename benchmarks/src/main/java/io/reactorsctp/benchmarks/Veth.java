package io.reactorsctp.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A veth pair at MTU 1500 between our network namespace ({@value #CLIENT_ADDRESS} on {@value
 * #OUR_END}) and a second one ({@value #SERVER_ADDRESS}), held by a sleeping {@code unshare -n}
 * process as in the fault tests' {@code Netns} (the guest's read-only root has no {@code
 * /run/netns} for {@code ip netns}). Needs root: the suite sets it up only in the throw-away qemu
 * guest. SCTP's packets cross it one MTU at a time ({@link #GSO_MAX_SIZE}). {@link #packetsSent()}
 * reads our end's counters, which prove that a scenario's traffic crossed the pair.
 */
final class Veth implements AutoCloseable {
  static final String OUR_END = "bveth0";
  static final String THEIR_END = "bveth1";
  static final String CLIENT_ADDRESS = "10.77.0.1";
  static final String SERVER_ADDRESS = "10.77.0.2";
  static final int MTU = 1500;

  /**
   * The largest packet the pair takes from SCTP as one unit: one MTU, so that no GSO packets cross.
   * With GSO, Linux's SCTP lets one GSO packet use at most half the congestion window ({@code
   * sctp_packet_will_fit}); these associations' windows settle near that size, so a 4 KiB message
   * left in one send in one run and in two in the next, and every peer's figure moved 7-10 %
   * (benchmarks/findings.md, 12). A NIC's receiver sees MTU-sized packets either way: SCTP has no
   * GRO.
   */
  static final int GSO_MAX_SIZE = MTU;

  private static volatile Veth current;

  private final Process holder;

  private Veth() throws IOException, InterruptedException {
    holder = new ProcessBuilder("unshare", "-n", "sleep", "infinity").start();
    String ns = Long.toString(holder.pid());
    sh(
        "for i in $(seq 50); do [ \"$(readlink /proc/"
            + ns
            + "/ns/net)\" != \"$(readlink /proc/self/ns/net)\" ] && break; sleep 0.1; done; "
            + "modprobe veth; ip link add "
            + OUR_END
            + " mtu "
            + MTU
            + " gso_max_size "
            + GSO_MAX_SIZE
            + " type veth peer name "
            + THEIR_END
            + " mtu "
            + MTU
            + " gso_max_size "
            + GSO_MAX_SIZE
            + " && ip link set "
            + THEIR_END
            + " netns "
            + ns
            + " && ip addr add "
            + CLIENT_ADDRESS
            + "/24 dev "
            + OUR_END
            + " && ip link set "
            + OUR_END
            + " up && nsenter -t "
            + ns
            + " -n sh -c 'ip link set lo up && ip addr add "
            + SERVER_ADDRESS
            + "/24 dev "
            + THEIR_END
            + " && ip link set "
            + THEIR_END
            + " up'");
  }

  /** Sets the pair up (once); it lives until {@link #close()}. */
  static synchronized Veth setUp() throws IOException, InterruptedException {
    if (current == null) {
      current = new Veth();
    }
    return current;
  }

  static synchronized void closeIfOpen() {
    if (current != null) {
      current.close();
    }
  }

  static Veth current() {
    Veth v = current;
    if (v == null) {
      throw new IllegalStateException("no veth pair: BenchmarkSuite sets it up in the guest");
    }
    return v;
  }

  /** The other namespace, for {@code setns(2)}. */
  Path namespace() {
    return Path.of("/proc/" + holder.pid() + "/ns/net");
  }

  /** Packets our end has sent so far. */
  static long packetsSent() {
    return counter("tx_packets");
  }

  /** Bytes our end has sent so far. */
  static long bytesSent() {
    return counter("tx_bytes");
  }

  /** The MTU our end has now, read back from the kernel. */
  static int mtu() {
    try {
      return Integer.parseInt(
          Files.readString(Path.of("/sys/class/net/" + OUR_END + "/mtu")).strip());
    } catch (IOException e) {
      return -1;
    }
  }

  private static long counter(String name) {
    Path file = Path.of("/sys/class/net/" + OUR_END + "/statistics/" + name);
    try {
      return current == null ? -1 : Long.parseLong(Files.readString(file).strip());
    } catch (IOException e) {
      return -1;
    }
  }

  private static void sh(String script) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("setting up the veth pair failed: " + out);
    }
  }

  @Override
  public void close() {
    holder.destroyForcibly(); // the namespace and its end of the pair go with it; ours follows
    try {
      // The kernel removes the namespace in its own cleanup work after the holder has gone: wait
      // for our end to go too, so that a pair set up next (the next scenario) can take its name.
      holder.waitFor(10, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (Files.exists(Path.of("/sys/class/net/" + OUR_END)) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    current = null;
  }
}
