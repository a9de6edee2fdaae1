package io.reactorsctp.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What each peer asks of the kernel per message: system calls by kind, context switches and
 * wake-ups, counted machine-wide by {@code perf stat} (in-kernel counting, so the figures are not
 * slowed or reshaped the way {@code strace} would reshape them), and the machine's CPU time per
 * message from {@code /proc/stat} (user, system and softirq: SCTP's receive path on loopback runs
 * in softirq, charged to no peer's own threads), and the bytes all of this JVM's threads allocated
 * per message at steady state.
 *
 * <p>Run inside the benchmark guest, where nothing else runs, so machine-wide counts are the
 * peer's: {@code tools/sctp-vm/bin/java ... io.reactorsctp.benchmarks.SyscallProbe --size N
 * --warmup-seconds S --measure-seconds S [--peer PEER...]} ({@code --help}). Needs {@code perf}
 * (Debian's linux-perf, matching the guest's kernel) and tracefs (mounted here if absent).
 */
public final class SyscallProbe {
  /**
   * What is counted: the system calls a message path makes, all system calls, and the scheduler's
   * work.
   */
  static final List<String> EVENTS =
      List.of(
          "syscalls:sys_enter_sendmsg",
          "syscalls:sys_enter_recvmsg",
          "syscalls:sys_enter_sendmmsg",
          "syscalls:sys_enter_recvmmsg",
          "syscalls:sys_enter_epoll_wait",
          "syscalls:sys_enter_epoll_pwait",
          "syscalls:sys_enter_epoll_pwait2",
          "syscalls:sys_enter_epoll_ctl",
          "syscalls:sys_enter_timerfd_settime",
          "syscalls:sys_enter_write",
          "syscalls:sys_enter_read",
          "syscalls:sys_enter_futex",
          "raw_syscalls:sys_enter",
          "context-switches",
          "sched:sched_wakeup");

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** Per-message figures of one peer over the measured window. */
  record Result(
      String peer,
      int size,
      long messages,
      double messagesPerSecond,
      double userMicros,
      double systemMicros,
      double softirqMicros,
      double allocatedBytes,
      Map<String, Double> perMessage) {
    double cpuMicros() {
      return userMicros + systemMicros + softirqMicros;
    }

    double syscalls() {
      return perMessage.getOrDefault("raw_syscalls:sys_enter", Double.NaN);
    }

    double get(String event) {
      return perMessage.getOrDefault(event, Double.NaN);
    }
  }

  /**
   * Why this machine cannot count, or {@code null} when it can: {@code perf} must run and see the
   * syscall tracepoints machine-wide (root, or {@code kernel.perf_event_paranoid} ≤ -1, and
   * tracefs).
   *
   * @param inGuest in the throw-away qemu guest tracefs is mounted here when missing; on a host,
   *     never
   */
  static String unavailable(boolean inGuest) {
    try {
      if (inGuest) {
        mountTracefs();
      }
      Process p =
          new ProcessBuilder(
                  "perf", "stat", "-a", "-x", "\t", "-e", "raw_syscalls:sys_enter", "--", "true")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(30, TimeUnit.SECONDS)
          || p.exitValue() != 0
          || !out.contains("raw_syscalls:sys_enter")
          || out.contains("<not supported>")
          || out.contains("<not counted>")) {
        return "`perf stat -a -e raw_syscalls:sys_enter` failed here: "
            + out.strip().replace('\n', ' ');
      }
      return null;
    } catch (IOException e) {
      return "no `perf` here (Debian: linux-perf, matching the running kernel): " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** Runs {@code peer} for the warm-up, then counts over {@code measureSeconds} of batches. */
  static Result measure(String peerName, int size, int warmupSeconds, int measureSeconds)
      throws Exception {
    return measure(peerName, size, warmupSeconds, measureSeconds, NetworkPath.LOOPBACK);
  }

  /** The same over {@code path} ({@link NetworkPath#LOOPBACK} or {@link NetworkPath#VETH}). */
  static Result measure(
      String peerName, int size, int warmupSeconds, int measureSeconds, String path)
      throws Exception {
    return measure(peerName, size, warmupSeconds, measureSeconds, path, false);
  }

  /**
   * The same, counting round trips of one message in flight instead of one-way messages when {@code
   * pingPong}.
   */
  static Result measure(
      String peerName,
      int size,
      int warmupSeconds,
      int measureSeconds,
      String path,
      boolean pingPong)
      throws Exception {
    Scenario scenario = Scenario.of(size, 1, "ordered").on(path);
    var peers = pingPong ? Peer.ECHO : Peer.THROUGHPUT;
    try (Peer peer = peers.get(peerName).apply(scenario)) {
      runFor(peer, warmupSeconds, pingPong);
      long[] cpuBefore = machineCpuTicks();
      Process perf = startPerf();
      long allocatedBefore = THREADS.getTotalThreadAllocatedBytes();
      long start = System.nanoTime();
      long messages = runFor(peer, measureSeconds, pingPong);
      double seconds = (System.nanoTime() - start) / 1e9;
      long allocated = THREADS.getTotalThreadAllocatedBytes() - allocatedBefore;
      Map<String, Long> counts = stopPerf(perf);
      long[] cpuAfter = machineCpuTicks();
      Map<String, Double> perMessage = new LinkedHashMap<>();
      counts.forEach((event, n) -> perMessage.put(event, (double) n / messages));
      double microsPerTick = ProcessCpu.NANOS_PER_TICK / 1000.0;
      return new Result(
          peerName,
          size,
          messages,
          messages / seconds,
          (cpuAfter[0] - cpuBefore[0]) * microsPerTick / messages,
          (cpuAfter[1] - cpuBefore[1]) * microsPerTick / messages,
          (cpuAfter[2] - cpuBefore[2]) * microsPerTick / messages,
          (double) allocated / messages,
          perMessage);
    }
  }

  /** The command line of a run by hand, parsed by picocli. */
  @Command(
      name = "SyscallProbe",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description =
          "System calls, scheduler work, machine CPU and allocation per message, per peer (perf stat -a).")
  static final class Arguments implements Callable<Integer> {
    @Option(names = "--size", description = "payload bytes per message (default: ${DEFAULT-VALUE})")
    int size = 64;

    @Option(
        names = "--warmup-seconds",
        description = "seconds each peer runs before counting (default: " + "${DEFAULT-VALUE})")
    int warmupSeconds = 10;

    @Option(
        names = "--measure-seconds",
        description = "seconds counted (default: ${DEFAULT-VALUE})")
    int measureSeconds = 10;

    @Option(
        names = "--peer",
        split = ",",
        description = "peers, in order (default: every peer of the report)")
    List<String> peers = new ArrayList<>(Report.PEERS);

    @Option(
        names = "--path",
        description = "lo, or veth: the pair at MTU 1500 of the suite (default: ${DEFAULT-VALUE})")
    String path = NetworkPath.LOOPBACK;

    @Option(
        names = "--ping-pong",
        description = "count per round trip of one message in flight, not per one-way message")
    boolean pingPong;

    @Override
    public Integer call() throws Exception {
      try {
        if (NetworkPath.VETH.equals(path)) {
          Veth.setUp();
        }
        print(size, warmupSeconds, measureSeconds, peers, path, pingPong);
      } finally {
        Veth.closeIfOpen();
      }
      return 0;
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Arguments()).execute(args));
  }

  private static void print(
      int size,
      int warmupSeconds,
      int measureSeconds,
      List<String> peers,
      String path,
      boolean pingPong)
      throws Exception {
    String why = unavailable(true); // run by hand in the guest, as the class comment says
    if (why != null) {
      throw new IllegalStateException(why);
    }
    List<String> header =
        new ArrayList<>(
            List.of(
                "peer",
                "messages",
                "msg/s",
                "cpu_us_user",
                "cpu_us_system",
                "cpu_us_softirq",
                "cpu_us_all",
                "alloc_b"));
    header.addAll(EVENTS);
    System.out.println(
        "# per "
            + (pingPong ? "round trip (ping-pong), " : "message, ")
            + size
            + " B, 1 stream, ordered; warm-up "
            + warmupSeconds
            + " s, measured "
            + measureSeconds
            + " s; perf stat -a");
    System.out.println(String.join("\t", header));
    for (String name : peers) {
      Result r = measure(name, size, warmupSeconds, measureSeconds, path, pingPong);
      List<String> row =
          new ArrayList<>(
              List.of(
                  name,
                  Long.toString(r.messages()),
                  String.format(Locale.ROOT, "%.0f", r.messagesPerSecond())));
      for (double v :
          new double[] {
            r.userMicros(), r.systemMicros(), r.softirqMicros(), r.cpuMicros(), r.allocatedBytes()
          }) {
        row.add(String.format(Locale.ROOT, "%.1f", v));
      }
      for (String e : EVENTS) {
        row.add(String.format(Locale.ROOT, "%.2f", r.get(e)));
      }
      System.out.println(String.join("\t", row));
    }
  }

  /**
   * @return the messages sent, or with {@code pingPong} the round trips made
   */
  private static long runFor(Peer peer, int seconds, boolean pingPong) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long messages = 0;
    Histogram unused = new Histogram(60_000_000_000L, 3);
    while (System.nanoTime() < end) {
      if (pingPong) {
        peer.pingPong(RepeatedLatency.ROUNDS, unused);
        messages += RepeatedLatency.ROUNDS;
      } else {
        peer.sendBatch(ThroughputBenchmark.BATCH);
        messages += ThroughputBenchmark.BATCH;
      }
    }
    return messages;
  }

  private static void mountTracefs() throws IOException, InterruptedException {
    if (!Files.exists(Path.of("/sys/kernel/tracing/events"))) {
      new ProcessBuilder("mount", "-t", "tracefs", "nodev", "/sys/kernel/tracing")
          .inheritIO()
          .start()
          .waitFor();
    }
  }

  private static Process startPerf() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("perf", "stat", "-a", "-x", "\t"));
    for (String e : EVENTS) {
      command.add("-e");
      command.add(e);
    }
    Process perf =
        new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    Thread.sleep(500); // perf has opened its counters before the measured messages go
    return perf;
  }

  /**
   * perf stat prints its counts on SIGINT: {@code value<TAB>unit<TAB>event<TAB>...} per line on
   * stderr.
   */
  private static Map<String, Long> stopPerf(Process perf) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-INT", Long.toString(perf.pid())).start().waitFor();
    String out = new String(perf.getErrorStream().readAllBytes());
    perf.waitFor(10, TimeUnit.SECONDS);
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String line : out.split("\n")) {
      String[] f = line.split("\t");
      if (f.length >= 3) {
        try {
          counts.put(f[2], Long.parseLong(f[0]));
        } catch (NumberFormatException notCounted) {
          System.err.println("perf: " + line);
        }
      } else if (!line.isBlank()) {
        System.err.println("perf: " + line);
      }
    }
    return counts;
  }

  /** user (with nice), system and softirq ticks of all CPUs, from the first line of /proc/stat. */
  private static long[] machineCpuTicks() throws IOException {
    String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    return new long[] {
      Long.parseLong(f[1]) + Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[7])
    };
  }

  private SyscallProbe() {}
}
