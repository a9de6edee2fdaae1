package io.reactorsctp.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The whole suite in one run, every peer of a scenario in interleaved repetitions: throughput and
 * ping-pong latency, then fan-in and the slow consumer in this JVM, then {@code docs/benchmarks.md}
 * and {@code docs/benchmarks.svg}. Started by {@code tools/bench} on a real kernel SCTP stack
 * (inside the qemu guest when the host has none).
 *
 * <p>Usage: {@code BenchmarkSuite [--profile quick|all|full] [--docs DIR] [--results DIR]
 * [--chart-only]} ({@code --help}); {@code --chart-only} redraws the chart from the last run's
 * {@code results.json}.
 */
public final class BenchmarkSuite {
  /** What one profile runs. */
  record Profile(
      String name,
      List<Scenario> throughput,
      List<Integer> latencySizes,
      int fanInAssociations,
      int fanInMessagesEach,
      List<String> fanInPeers,
      int slowConsumerSeconds,
      List<Integer> kernelWorkSizes,
      int kernelWorkSeconds,
      List<String> throughputPeers,
      int repetitions,
      double windowSeconds,
      boolean forkEachSection,
      int latencyJvms) {
    /** The ping-pong peers: the throughput peers that can echo (the batching C loop cannot). */
    List<String> latencyPeers() {
      return throughputPeers.stream().filter(Peer.ECHO::containsKey).toList();
    }
  }

  /** The peers of issue 20's targets: the two C loops, the JDK's blocking channel and ours. */
  private static final List<String> CORE_PEERS =
      List.of("c", "c-batch", "jdk", "epoll", "reactive");

  /** Every throughput peer. */
  private static final List<String> EVERY_PEER = Report.PEERS;

  /**
   * Quick: issue 20's targets in what a loaded 2-core host runs in under an hour of counted mode:
   * 64 B, 512 B and 4 KiB over the veth pair at MTU 1500 (and 4 KiB over loopback as an extra, for
   * its stall) for the two C loops, the JDK's blocking channel and ours, 5 interleaved repetitions
   * of about 1 guest-second each; 64 B ping-pong the same way (without the batching C loop, which
   * cannot echo); fan-in of 1 000 associations into our three servers (the heap per idle
   * association target; the other servers and the kernel-work counts are left to {@code --all});
   * the slow consumer. Each throughput scenario in a JVM of its own ({@link ForkedSection}), and
   * the ping-pong in two per Java peer ({@link #latencyGroups}), each warmed up until its JIT
   * settles.
   */
  static final Profile QUICK =
      new Profile(
          "quick",
          List.of(
              Scenario.of(64, 1, "ordered").on(NetworkPath.VETH),
              Scenario.of(512, 1, "ordered").on(NetworkPath.VETH),
              Scenario.of(4096, 1, "ordered").on(NetworkPath.VETH),
              Scenario.of(4096, 1, "ordered")),
          List.of(64),
          1000,
          1,
          List.of("epoll", "epoll-multi", "reactive"),
          8,
          List.of(),
          0,
          CORE_PEERS,
          5,
          1,
          true,
          2);

  /**
   * All: every scenario of issue 9 with the quick profile's method but in one JVM (under TCG a
   * fresh JVM needs minutes of JIT compilation) and short windows, so the whole matrix fits in 83
   * min under TCG (2026-12-01); 1 000 associations for fan-in, 5 messages each.
   */
  static final Profile ALL =
      new Profile(
          "all",
          everyThroughputScenario(),
          List.of(64, 4096),
          1000,
          5,
          FanIn.PEERS,
          8,
          List.of(64, 512, 4096),
          10,
          EVERY_PEER,
          5,
          2,
          false,
          1);

  /**
   * Full: the same with 7 repetitions of 4 guest-seconds, each section in a JVM of its own (the
   * ping-pong in three per Java peer), and longer fan-in and kernel work.
   */
  static final Profile FULL =
      new Profile(
          "full",
          everyThroughputScenario(),
          List.of(64, 4096),
          1000,
          20,
          FanIn.PEERS,
          30,
          List.of(64, 512, 4096),
          20,
          EVERY_PEER,
          7,
          4,
          true,
          3);

  /** Every scenario of issue 9 over the veth pair at MTU 1500, then over loopback as an extra. */
  private static List<Scenario> everyThroughputScenario() {
    List<Scenario> all = new ArrayList<>();
    for (String path : List.of(NetworkPath.VETH, NetworkPath.LOOPBACK)) {
      for (int size : List.of(64, 512, 4096, 65536)) {
        for (int streams : List.of(1, 10)) {
          for (String delivery : List.of("ordered", "unordered", "ttl")) {
            all.add(Scenario.of(size, streams, delivery).on(path));
          }
        }
      }
    }
    return all;
  }

  /** The profile by its command-line name. */
  enum ProfileName {
    quick(QUICK),
    all(ALL),
    full(FULL);

    final Profile profile;

    ProfileName(Profile profile) {
      this.profile = profile;
    }
  }

  /** The command line, parsed by picocli ({@code --help} lists it). */
  @Command(
      name = "BenchmarkSuite",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = "The whole benchmark suite; writes benchmarks.md and benchmarks.svg.")
  static final class Arguments implements Callable<Integer> {
    @Option(
        names = "--profile",
        description = "one of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    ProfileName profile = ProfileName.quick;

    @Option(
        names = "--docs",
        paramLabel = "DIR",
        description = "where benchmarks.md and benchmarks.svg go " + "(default: ${DEFAULT-VALUE})")
    Path docs = Path.of("docs");

    @Option(
        names = "--results",
        paramLabel = "DIR",
        description = "where results.json and the raw files go " + "(default: ${DEFAULT-VALUE})")
    Path results = Path.of("benchmarks/target/benchmarks");

    @Option(
        names = "--chart-only",
        description = "only redraw benchmarks.svg from the last run's results.json")
    boolean chartOnly;

    @Override
    public Integer call() throws Exception {
      if (chartOnly) {
        Files.writeString(
            docs.resolve("benchmarks.svg"), Chart.svg(ResultFile.read(results).toReport()));
      } else {
        runSuite(profile.profile, docs, results);
      }
      return 0;
    }
  }

  public static void main(String[] args) {
    System.exit(
        new CommandLine(new Arguments()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }

  private static void runSuite(Profile profile, Path docs, Path results) throws Exception {
    Files.createDirectories(results);
    setLoopbackMtuInGuest();
    long start = System.nanoTime();
    Report report = new Report(profile, machine());
    report.messageObjectBytes(MessageObjects.bytesPerMessage());

    for (Scenario s : profile.throughput()) {
      List<String> peers = new ArrayList<>(profile.throughputPeers());
      if (s.ttlMillis() > 0) {
        peers.remove("netty"); // Netty's SctpMessage has no PR-SCTP field
      }
      ForkedSection.Outcome o =
          section(
              profile,
              new ForkedSection.Request(
                  s, 0, peers, profile.repetitions(), profile.windowSeconds()));
      if (o.vethMtu() > 0) {
        report.vethMtu(o.vethMtu());
      }
      report.repeated(s, o.throughput(), o.warmUp());
      report.write(docs, results);
    }
    for (int size : profile.latencySizes()) {
      List<RepeatedLatency.Sample> samples = new ArrayList<>();
      List<JitSettling.Result> warmUps = new ArrayList<>();
      for (List<String> peers : latencyGroups(profile)) {
        ForkedSection.Outcome o =
            section(
                profile,
                new ForkedSection.Request(
                    null, size, peers, profile.repetitions(), profile.windowSeconds()));
        samples.addAll(o.latency());
        warmUps.add(o.warmUp());
      }
      report.latency(size, samples, warmUps);
      report.write(docs, results);
    }
    if (profile.fanInAssociations() > 0) {
      fanIn(profile, report);
    }
    report.slowConsumer(SlowConsumer.run(profile.slowConsumerSeconds()));
    report.write(docs, results);
    kernelWork(profile, report);
    report.finish((System.nanoTime() - start) / 1e9);
    report.write(docs, results);
    System.out.println(
        "wrote " + docs.resolve("benchmarks.md") + " and " + docs.resolve("benchmarks.svg"));
  }

  /**
   * The ping-pong's peers, as the sections measure them. When the profile forks, each Java peer
   * gets JVMs of its own ({@link Profile#latencyJvms}), interleaved with the C loop (its own
   * process, so it shares no JIT profile), as a real application runs its own handlers only. More
   * than one, because the round trip is a property of the JVM it runs in, and one JVM per peer drew
   * its p99 verdict (benchmarks/findings.md, 24). A peer's JVMs are spread over the section, not
   * run back to back. Without forks, every peer in one section.
   */
  static List<List<String>> latencyGroups(Profile profile) {
    List<String> peers = profile.latencyPeers();
    if (!profile.forkEachSection() || !peers.contains("c") || peers.size() == 1) {
      return List.of(peers);
    }
    List<List<String>> groups = new ArrayList<>();
    for (int jvm = 0; jvm < profile.latencyJvms(); jvm++) {
      for (String peer : peers) {
        if (!peer.equals("c")) {
          groups.add(List.of("c", peer));
        }
      }
    }
    return List.copyOf(groups);
  }

  /**
   * One section: in a JVM of its own when the profile forks (the JIT compiles each section's path
   * from its own profile), else in this one.
   */
  private static ForkedSection.Outcome section(Profile profile, ForkedSection.Request request)
      throws Exception {
    return profile.forkEachSection() ? ForkedSection.run(request) : ForkedSection.measure(request);
  }

  private static void fanIn(Profile profile, Report report) throws IOException {
    boolean raised = raiseReceiveBufferLimitInGuest();
    report.fanInReceiveBuffer(
        String.format(Locale.ROOT, "%,d B", FanIn.grantedReceiveBuffer())
            + (raised ? " (the guest's `net.core.rmem_max` raised to allow it)" : ""));
    for (String peer : profile.fanInPeers()) {
      try {
        report.fanIn(
            FanIn.run(peer, profile.fanInAssociations(), 512, profile.fanInMessagesEach(), 3));
      } catch (Exception | Error e) {
        System.err.println("fan-in " + peer + " failed: " + e);
        e.printStackTrace();
        report.fanInFailed(peer, e.toString());
      }
      System.out.println("fan-in " + peer + " done");
    }
  }

  /**
   * System calls, scheduler work and machine CPU per message, counted by {@code perf} for every
   * peer (after the rest of the suite, so this JVM's peers are compiled): figures that do not swing
   * with the machine's load.
   */
  private static void kernelWork(Profile profile, Report report) {
    if (profile.kernelWorkSizes().isEmpty()) {
      report.kernelWorkUnavailable(
          "not in the " + profile.name() + " profile (`tools/bench --all`)");
      return;
    }
    String why = SyscallProbe.unavailable(inGuest());
    if (why != null) {
      report.kernelWorkUnavailable(why);
      return;
    }
    for (int size : profile.kernelWorkSizes()) {
      for (String peer : Report.PEERS) {
        try {
          report.kernelWork(
              SyscallProbe.measure(
                  peer, size, profile.kernelWorkSeconds(), profile.kernelWorkSeconds()));
        } catch (Exception | Error e) {
          System.err.println("kernel work " + peer + " " + size + " B failed: " + e);
          e.printStackTrace();
        }
      }
      System.out.println("kernel work at " + size + " B done");
    }
  }

  /**
   * A peer's figures in one throughput scenario: rate, its error, CPU (application threads; whole
   * process) and allocation per operation; NaN where the run did not measure one.
   */
  record Figures(
      double opsPerSecond,
      double error,
      double cpuNanosPerOp,
      double processCpuNanosPerOp,
      double allocatedBytesPerOp) {}

  /**
   * In the throw-away qemu guest, lifts {@code net.core.rmem_max} (Debian: 212 992 B) so that the
   * one-to-many servers get the receive buffer they ask for, as an operator of a fan-in server
   * would. On a native host the suite changes no system setting: the report says what was granted.
   */
  private static boolean raiseReceiveBufferLimitInGuest() throws IOException {
    Path limit = Path.of("/proc/sys/net/core/rmem_max");
    if (!inGuest()
        || !Files.isWritable(limit)
        || Long.parseLong(Files.readString(limit).strip()) >= FanIn.ONE_TO_MANY_RECEIVE_BUFFER) {
      return false;
    }
    Files.writeString(limit, Integer.toString(FanIn.ONE_TO_MANY_RECEIVE_BUFFER));
    return true;
  }

  /**
   * {@code -Dbench.loMtu=N} (tools/bench {@code --lo-mtu N}) sets the guest's loopback MTU before
   * anything runs: loopback's 65 536 B MTU makes Linux hold back window updates for bulk messages
   * ({@code benchmarks/findings.md}, 3), which real Ethernet paths (1 500 B) do not. Only in the
   * throw-away guest; natively nothing is changed.
   */
  private static void setLoopbackMtuInGuest() throws IOException, InterruptedException {
    String mtu = System.getProperty("bench.loMtu", "");
    if (mtu.isEmpty() || !inGuest()) {
      return;
    }
    int exit =
        new ProcessBuilder("ip", "link", "set", "lo", "mtu", mtu).inheritIO().start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException(
          "ip link set lo mtu " + mtu + " failed with exit code " + exit);
    }
  }

  /**
   * Whether the guest's clock counts instructions (tools/bench's default; {@code --clock plain}
   * turns it off).
   */
  static boolean countedClock() {
    return System.getProperty("bench.where", "").contains("counted clock");
  }

  /**
   * Whether the suite runs in the throw-away qemu guest (tools/bench says where in {@code
   * bench.where}).
   */
  private static boolean inGuest() {
    return System.getProperty("bench.where", "").contains("qemu");
  }

  /** The machine as this JVM sees it, plus what tools/bench passed about the host. */
  private static List<String> machine() throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("host: " + System.getProperty("bench.host", "(not given)"));
    String cpu =
        Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
            .filter(l -> l.startsWith("model name"))
            .findFirst()
            .map(l -> l.substring(l.indexOf(':') + 1).trim())
            .orElse("?");
    lines.add(
        "benchmark kernel: Linux "
            + System.getProperty("os.version")
            + ", "
            + Runtime.getRuntime().availableProcessors()
            + " CPUs ("
            + cpu
            + "), "
            + System.getProperty("bench.where", "?"));
    Path loMtu = Path.of("/sys/class/net/lo/mtu");
    lines.add(
        "loopback MTU: "
            + (Files.exists(loMtu) ? Files.readString(loMtu).strip() + " B" : "?")
            + " (the throughput scenarios marked \"lo\", latency, fan-in, slow consumer and kernel work run"
            + " over loopback; those marked \"veth\" over a veth pair at MTU "
            + Veth.MTU
            + " between two network namespaces)");
    lines.add(
        "JVM: "
            + System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version")
            + "; Netty 4.2.18.Final; C peer: gcc -O2");
    return lines;
  }

  private BenchmarkSuite() {}
}
