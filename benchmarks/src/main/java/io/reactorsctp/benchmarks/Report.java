package io.reactorsctp.benchmarks;

import io.reactorsctp.benchmarks.BenchmarkSuite.Figures;
import io.reactorsctp.benchmarks.BenchmarkSuite.Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Turns the suite's figures into {@code docs/benchmarks.md} (tables, targets met or not) and {@code
 * docs/benchmarks.svg} (a chart drawn here, no charting library), and keeps the raw figures in
 * {@link ResultFile} ({@code results.json}). Rewritten after every scenario, so an interrupted run
 * still leaves a report.
 */
final class Report {
  static final List<String> PEERS =
      List.of("c", "c-batch", "jdk", "jdk-nio", "netty", "epoll", "reactive");
  static final Map<String, String> NAMES =
      Map.of(
          "c",
          "C loop (sendmsg/recvmsg)",
          "c-batch",
          "C batching (sendmmsg, MSG_MORE)",
          "jdk",
          "JDK SctpChannel (blocking)",
          "jdk-nio",
          "JDK SctpChannel (non-blocking, Selector)",
          "netty",
          "Netty 4.2 NioSctpChannel",
          "epoll",
          "ours: EpollSctpChannel",
          "reactive",
          "ours: reactive SctpClient/SctpServer",
          "epoll-multi",
          "ours: EpollSctpMultiChannel (one-to-many)");
  private static final Map<String, String> COLORS =
      Map.of(
          "c",
          "#555555",
          "c-batch",
          "#999999",
          "jdk",
          "#e08e0b",
          "jdk-nio",
          "#f5c26b",
          "netty",
          "#b03a2e",
          "epoll",
          "#1f77b4",
          "reactive",
          "#17becf");

  private final Profile profile;
  private final List<String> machine;
  private final String started = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  private final Map<Scenario, Map<String, Figures>> throughput = new LinkedHashMap<>();
  private final Map<Scenario, Map<String, List<RepeatedThroughput.Sample>>> repeated =
      new LinkedHashMap<>();
  private final Map<Scenario, JitSettling.Result> warmUps = new LinkedHashMap<>();
  private int vethMtu = -1;
  private final Map<Integer, Map<String, List<RepeatedLatency.Sample>>> latency =
      new LinkedHashMap<>();
  private final Map<Integer, List<JitSettling.Result>> latencyWarmUps = new LinkedHashMap<>();
  private final List<FanIn.Result> fanIn = new ArrayList<>();
  private final Map<String, String> fanInFailures = new LinkedHashMap<>();
  private String fanInReceiveBuffer = "?";
  private double messageObjectBytes;
  private List<SlowConsumer.Sample> slowConsumer = List.of();
  private final Map<Integer, Map<String, SyscallProbe.Result>> kernelWork = new LinkedHashMap<>();
  private String kernelWorkUnavailable;
  private double seconds = Double.NaN;

  Report(Profile profile, List<String> machine) {
    this.profile = profile;
    this.machine = machine;
  }

  void throughput(Scenario s, String peer, Figures f) {
    throughput.computeIfAbsent(s, k -> new LinkedHashMap<>()).put(peer, f);
  }

  /**
   * A scenario's repetitions; the median of each peer also fills the table of figures the targets
   * and the chart read.
   */
  void repeated(Scenario s, List<RepeatedThroughput.Sample> samples, JitSettling.Result warmUp) {
    Map<String, List<RepeatedThroughput.Sample>> byPeer =
        grouped(samples, RepeatedThroughput.Sample::peer);
    repeated.put(s, byPeer);
    if (warmUp != null) {
      warmUps.put(s, warmUp);
    }
    byPeer.forEach(
        (peer, list) ->
            throughput(
                s,
                peer,
                new Figures(
                    rates(list).median(),
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Spread.of(
                            list.stream()
                                .map(RepeatedThroughput.Sample::allocatedBytesPerMessage)
                                .toList())
                        .median())));
  }

  /** {@code samples} by {@code key}, in the order each key first appears. */
  static <K, S> Map<K, List<S>> grouped(List<S> samples, Function<S, K> key) {
    Map<K, List<S>> out = new LinkedHashMap<>();
    samples.forEach(x -> out.computeIfAbsent(key.apply(x), k -> new ArrayList<>()).add(x));
    return out;
  }

  static Spread rates(List<RepeatedThroughput.Sample> samples) {
    return Spread.of(samples.stream().map(RepeatedThroughput.Sample::messagesPerSecond).toList());
  }

  Map<Scenario, Map<String, List<RepeatedThroughput.Sample>>> repeatedFigures() {
    return repeated;
  }

  Map<Scenario, JitSettling.Result> warmUps() {
    return warmUps;
  }

  void vethMtu(int mtu) {
    vethMtu = mtu;
  }

  /** The veth pair's MTU as read back from the kernel, or -1 when the run had no veth pair. */
  int vethMtu() {
    return vethMtu;
  }

  /**
   * One ping-pong size's repetitions, grouped by peer, and the warm-up of each section that
   * measured them (one per JVM).
   */
  void latency(
      int size, List<RepeatedLatency.Sample> samples, List<JitSettling.Result> warmUpsOfSize) {
    latency.put(size, grouped(samples, RepeatedLatency.Sample::peer));
    latencyWarmUps.put(size, List.copyOf(warmUpsOfSize));
  }

  /** The p99 round trips of a peer's repetitions, in nanoseconds. */
  static Spread p99s(List<RepeatedLatency.Sample> samples) {
    return Spread.of(samples.stream().map(RepeatedLatency.Sample::p99).toList());
  }

  /** {@code peer}'s p99 over the C loop's in one size's row, or null when either is missing. */
  static Spread p99OverC(Map<String, List<RepeatedLatency.Sample>> row, String peer) {
    return row.containsKey(peer) && row.containsKey("c")
        ? p99s(row.get(peer)).over(p99s(row.get("c")))
        : null;
  }

  /** Bytes the message objects themselves take per message ({@link MessageObjects}). */
  void messageObjectBytes(double bytes) {
    messageObjectBytes = bytes;
  }

  /**
   * What the kernel granted the one-to-many servers' {@code SO_RCVBUF}, as the report prints it.
   */
  void fanInReceiveBuffer(String granted) {
    fanInReceiveBuffer = granted;
  }

  void fanIn(FanIn.Result r) {
    fanIn.add(r);
  }

  void fanInFailed(String peer, String why) {
    fanInFailures.put(peer, why);
  }

  void slowConsumer(List<SlowConsumer.Sample> samples) {
    slowConsumer = samples;
  }

  void kernelWork(SyscallProbe.Result r) {
    kernelWork.computeIfAbsent(r.size(), k -> new LinkedHashMap<>()).put(r.peer(), r);
  }

  void kernelWorkUnavailable(String why) {
    kernelWorkUnavailable = why;
  }

  void finish(double seconds) {
    this.seconds = seconds;
  }

  void write(Path docs, Path results) throws IOException {
    Files.createDirectories(docs);
    KeptSection.INTERLEAVING.writeKeeping(docs.resolve("benchmarks.md"), markdown());
    Files.writeString(docs.resolve("benchmarks.svg"), Chart.svg(this));
    ResultFile.of(this).write(results);
  }

  static String label(Scenario s) {
    return (s.overVeth() ? "veth MTU " + Veth.MTU + ", " : "lo, ")
        + s.size()
        + " B, "
        + s.streams()
        + (s.streams() == 1 ? " stream" : " streams")
        + ", "
        + (s.ttlMillis() > 0 ? "PR-SCTP TTL" : s.unordered() ? "unordered" : "ordered");
  }

  Map<Scenario, Map<String, Figures>> throughputFigures() {
    return throughput;
  }

  Map<Integer, Map<String, List<RepeatedLatency.Sample>>> latencyFigures() {
    return latency;
  }

  Map<Integer, List<JitSettling.Result>> latencyWarmUps() {
    return latencyWarmUps;
  }

  List<FanIn.Result> fanInResults() {
    return fanIn;
  }

  Profile profile() {
    return profile;
  }

  List<String> machine() {
    return machine;
  }

  Map<Integer, Map<String, SyscallProbe.Result>> kernelWorkFigures() {
    return kernelWork;
  }

  double messageObjectBytes() {
    return messageObjectBytes;
  }

  static String f(String format, double value) {
    return Double.isNaN(value) || Double.isInfinite(value)
        ? "–"
        : String.format(Locale.ROOT, format, value);
  }

  static double ratio(
      Map<String, Figures> row, String peer, String base, ToDoubleFunction<Figures> metric) {
    Figures a = row.get(peer);
    Figures b = row.get(base);
    return a == null || b == null ? Double.NaN : metric.applyAsDouble(a) / metric.applyAsDouble(b);
  }

  /** Whether each section had a JVM of its own. */
  private String jvmMethod() {
    return profile.forkEachSection()
        ? "Each throughput scenario runs in a JVM of its own (`ForkedSection`, as JMH forks one per benchmark),"
            + " started with this JVM's options: the JIT compiles each section's path from that section's profile"
            + " alone. In one JVM the section measured first was compiled best for itself (`benchmarks/findings.md`,"
            + " 17 and 18). Ping-pong runs "
            + profile.latencyJvms()
            + " JVMs per Java peer, spread over the section, each interleaving that peer with the C loop (its own"
            + " process), so a Java peer's row holds the windows of its "
            + profile.latencyJvms()
            + " JVMs and the C loop's the windows of all: a round trip is a property of the JVM it runs in (in"
            + " eight JVMs of one build our channel's p50 read 232.6–236.4 µs, constant within each;"
            + " `benchmarks/findings.md`, 24), and one JVM per peer drew its p99 verdict. Fan-in and the slow"
            + " consumer run in the suite's own JVM."
        : "Every section runs in the suite's one JVM, one after the other (the "
            + profile.name()
            + " profile: a fresh JVM per section would add minutes of JIT compilation to each of its scenarios);"
            + " a section's figures can depend on what ran before it (`benchmarks/findings.md`, 17 and 18).";
  }

  private String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Benchmarks\n\n");
    md.append("Generated by `tools/bench")
        .append(profile.name().equals("quick") ? "" : " --" + profile.name())
        .append(BenchmarkSuite.countedClock() ? "" : " --clock plain")
        .append("` (profile **")
        .append(profile.name())
        .append("**), started ")
        .append(started)
        .append(
            Double.isNaN(seconds)
                ? ", **incomplete** (the run stopped or is still going)"
                : String.format(Locale.ROOT, ", %.0f min in all", seconds / 60))
        .append(". Do not edit: rerun the command.\n\n");
    md.append("![throughput and CPU relative to the C loop, p99 latency](benchmarks.svg)\n\n");
    md.append("## Machine and method\n\n");
    for (String line : machine) {
      md.append("- ").append(line).append('\n');
    }
    md.append(
        String.format(
            Locale.ROOT,
            """
        - %s
        - Throughput (one way, one association): every peer of a scenario is opened, warmed up in rounds
          until the JIT settles (`JitSettling`: each round runs every peer's window exactly as measured, until
          the compilers' total time grows by at most 1 %% of a round in 3 rounds in a row, at most 40 rounds),
          then measured in %d interleaved repetitions (peer A's first, peer B's first, ..., A's second, ...) of
          about %.0f guest-seconds each. Before every window the harness sleeps until the compilers have been
          idle for 300 ms (at most 5 s), so that what the previous window queued compiles outside the next one,
          and a window in which the JIT still compiled more than 5 %% of its time is measured again (at most
          %d times; "windows redone" counts them).
          Tables give the median and min–max of the repetitions, and the JIT time that still fell inside each
          window; a ratio's range pairs the extremes (min over max, max over min).
        - Latency (ping-pong, `RepeatedLatency`): the same method, warm-up and JIT rules as throughput, windows
          of about %.0f guest-seconds of round trips, each with its own HdrHistogram; tables give the median p50
          and p99 and the min–max of p99 over the repetitions. Bytes allocated per round trip: whole JVM, sender
          and receiver (the C peer's row is what the harness itself allocates in the JVM: the pipe, the
          histogram). "CPU": user + system of the application's threads and the C peer's process, without the
          JVM's JIT compiler, GC and VM threads (`/proc`, clock ticks of 10 ms).
        - Netty's leak detector is off (`-Dio.netty.leakDetection.level=disabled`), as in Netty's own
          benchmarks: at its default level it records a stack trace for 1 receive buffer in 128.
        - Every peer of a scenario runs in the same run, on the same association set-up (one association,
          NODELAY, two busy threads: a sender and a receiver), over loopback ("lo", 64 KiB MTU) or over a veth
          pair at MTU 1 500 ("veth"): the receiving end's socket is created in a second network namespace
          (`setns(2)` for the creating thread only, `NetworkPath`/`Veth`), the sending end stays in ours, so every
          packet crosses the pair; its packet counter per message is in the tables.
        - %s
        - The C loop is `benchmarks/src/main/c/sctp_peer.c`: plain `sendmsg` with an `SCTP_SNDINFO` control
          message (plus `SCTP_PRINFO` for the TTL) and `recvmsg` with `SCTP_RECVRCVINFO`, from `<linux/sctp.h>`.
          libsctp's `sctp_sendmsg`/`sctp_send` are thin wrappers that build exactly this control message and call
          `sendmsg`, so this is the same kernel path without the library.
        - One throughput operation is one message received by the other end (batches of %d, the sender waits for
          the whole batch). One latency operation is one round trip (batches of %d, one message in flight).
        - Every figure of this report, by name: `benchmarks/target/benchmarks/results.json` (`ResultFile`);
          `BenchmarkSuite --chart-only` redraws the chart from it.

        """,
            jvmMethod(),
            profile.repetitions(),
            profile.windowSeconds(),
            Interleaved.MAX_REDOS,
            profile.windowSeconds(),
            clockMethod(),
            ThroughputBenchmark.BATCH,
            RepeatedLatency.ROUNDS));
    new TargetsSection(this).write(md);
    new ThroughputSection(this).write(md);
    new LatencySection(this).write(md);
    md.append("## Fan-in: many associations into one server\n\n");
    if (profile.fanInAssociations() == 0) {
      md.append("Not in the ").append(profile.name()).append(" profile (`tools/bench --all`).\n\n");
    }
    if (!fanIn.isEmpty() || !fanInFailures.isEmpty()) {
      md.append(
          String.format(
              Locale.ROOT,
              """
          The same C process opens %d one-to-one client associations to each server and sends 512 B messages,
          %d per association per round, round-robin over the associations (best of 3 rounds). Only the server
          differs. Every one-to-many server (C, JDK, ours) asks for `SO_RCVBUF` %s; the kernel granted %s. Linux
          shares that buffer among all associations of the socket while each advertises a window sized from all
          of it, so a burst from many peers into a too small buffer closes every window at once and the senders
          wait for T3-rtx timers (RTO ≥ 1 s) to probe: with the default 212 992 B, 100 × 20 messages met thousands
          of T3 expirations with every server, the C one included (`benchmarks/findings.md`, 4). T3: the host's
          T3-rtx expirations during the best round (`SctpT3RtxExpireds`, `/proc/net/sctp/snmp`; Linux has no
          per-association count): above 0, the figure is the retransmission timer's, not the server's. Heap per idle
          association: heap after a full GC with every association up and idle (each has carried one message)
          minus the heap with the server open and no association, divided by the associations. CPU: application
          threads and the C clients, without JIT and GC.

          """,
              profile.fanInAssociations(),
              profile.fanInMessagesEach(),
              String.format(Locale.ROOT, "%,d B", FanIn.ONE_TO_MANY_RECEIVE_BUFFER),
              fanInReceiveBuffer));
      if (!profile.fanInPeers().equals(FanIn.PEERS)) {
        md.append(
            "This profile runs our servers only, for the heap target; `tools/bench --all` adds the C,"
                + " JDK and Netty servers.\n\n");
      }
      md.append(
          """
          | server | associations | messages/s | CPU µs/message | T3 expirations | heap bytes per idle association |
          |---|---:|---:|---:|---:|---:|
          """);
      for (FanIn.Result r : fanIn) {
        md.append("| ")
            .append(
                r.peer().equals("c")
                    ? "C one-to-many socket, one recvmsg loop"
                    : r.peer().equals("jdk")
                        ? "JDK SctpMultiChannel (one-to-many, blocking)"
                        : NAMES.get(r.peer()))
            .append(" | ")
            .append(r.associations())
            .append(" | ")
            .append(f("%,.0f", r.messagesPerSecond()))
            .append(" | ")
            .append(f("%.1f", r.cpuNanosPerMessage() / 1000))
            .append(" | ")
            .append(
                r.t3Expirations() < 0 ? "?" : String.format(Locale.ROOT, "%,d", r.t3Expirations()))
            .append(" | ")
            .append(f("%,.0f", r.heapBytesPerAssociation()))
            .append(" |\n");
      }
      fanInFailures.forEach(
          (peer, why) ->
              md.append("| ")
                  .append(NAMES.getOrDefault(peer, peer))
                  .append(" | failed: ")
                  .append(why.replace('|', '/'))
                  .append(" | | | | |\n"));
      md.append('\n');
    }
    md.append("## Slow consumer, reactive API\n\n");
    if (!slowConsumer.isEmpty()) {
      md.append(
          """
          The client offers an endless stream of 4 KiB messages as fast as it can; the server's handler takes one
          per millisecond (`delayElements`). Each second: heap after a full GC, and Netty's pooled direct memory in
          use. Flat figures while `offered` stays close to `received` mean the producer is held back.

          | s | received | offered by the producer | heap after GC, KiB | pooled direct memory, KiB |
          |---:|---:|---:|---:|---:|
          """);
      for (SlowConsumer.Sample s : slowConsumer) {
        md.append(f("| %.1f", s.seconds()))
            .append(" | ")
            .append(s.received())
            .append(" | ")
            .append(s.offered())
            .append(" | ")
            .append(s.heapBytes() / 1024)
            .append(" | ")
            .append(s.directBytes() / 1024)
            .append(" |\n");
      }
      md.append('\n');
    }
    kernelWorkSection(md);
    md.append(CompareBuilds.reportSection());
    Path findings = Path.of("benchmarks/findings.md");
    if (Files.exists(findings)) {
      try {
        md.append(Files.readString(findings));
      } catch (IOException e) {
        md.append("(benchmarks/findings.md unreadable: ").append(e).append(")\n");
      }
    }
    return md.toString();
  }

  private static double orZero(double v) {
    return Double.isNaN(v) ? 0 : v;
  }

  private static double epollWaits(SyscallProbe.Result r) {
    return r.get("syscalls:sys_enter_epoll_wait")
        + r.get("syscalls:sys_enter_epoll_pwait")
        + r.get("syscalls:sys_enter_epoll_pwait2");
  }

  private void kernelWorkSection(StringBuilder md) {
    md.append(
        "## What a message costs the machine (system calls, wake-ups, CPU of the whole machine)\n\n");
    if (kernelWorkUnavailable != null) {
      md.append("Not measured in this run: ").append(kernelWorkUnavailable).append("\n\n");
      return;
    }
    if (kernelWork.isEmpty()) {
      md.append("Not measured in this run (the suite stopped before it).\n\n");
      return;
    }
    md.append(
        String.format(
            Locale.ROOT,
            """
        Each peer again on one association (1 stream, ordered), %d s after the rest of the suite, then %d s
        counted machine-wide by `perf stat -a` (the kernel's syscall tracepoints and scheduler counters: counting
        happens in the kernel, so unlike `strace` it neither slows nor reshapes the peers) and `/proc/stat`.
        Where the suite runs in the qemu guest nothing else runs there, so machine-wide figures are the peer's.
        Machine CPU is user + system + softirq of all CPUs: on loopback the receiving half of SCTP runs in
        softirq, which the per-process "CPU" columns above charge to whichever thread it interrupts, or to
        nobody. System calls, context switches and wake-ups per message do not depend on how fast the machine is
        at the moment: they are this report's steadiest figures. Allocation: bytes all threads of this JVM
        allocated in the window (`ThreadMXBean.getTotalThreadAllocatedBytes`), per message, with every peer
        compiled by then, so warm-up does not inflate it as it does the short JMH iterations above.

        """,
            profile.kernelWorkSeconds(),
            profile.kernelWorkSeconds()));
    for (var e : kernelWork.entrySet()) {
      md.append("### ").append(e.getKey()).append(" B\n\n");
      md.append(
          "| peer | messages/s | machine CPU µs/message (user + system + softirq) | × C loop | system calls"
              + "/message | sendmsg + sendmmsg | recvmsg + recvmmsg | epoll waits | epoll_ctl | futex | read + write | context "
              + "switches | wake-ups | bytes allocated/message, whole JVM |\n"
              + "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      SyscallProbe.Result c = e.getValue().get("c");
      for (String peer : PEERS) {
        SyscallProbe.Result r = e.getValue().get(peer);
        if (r == null) {
          continue;
        }
        md.append("| ")
            .append(NAMES.get(peer))
            .append(" | ")
            .append(f("%,.0f", r.messagesPerSecond()))
            .append(" | ")
            .append(f("%.0f", r.cpuMicros()))
            .append(" (")
            .append(f("%.0f", r.userMicros()))
            .append(" + ")
            .append(f("%.0f", r.systemMicros()))
            .append(" + ")
            .append(f("%.0f", r.softirqMicros()))
            .append(") | ")
            .append(f("%.2f", c == null ? Double.NaN : r.cpuMicros() / c.cpuMicros()))
            .append(" | ")
            .append(f("%.2f", r.syscalls()))
            .append(" | ")
            .append(
                f(
                    "%.2f",
                    r.get("syscalls:sys_enter_sendmsg")
                        + orZero(r.get("syscalls:sys_enter_sendmmsg"))))
            .append(" | ")
            .append(
                f(
                    "%.2f",
                    r.get("syscalls:sys_enter_recvmsg")
                        + orZero(r.get("syscalls:sys_enter_recvmmsg"))))
            .append(" | ")
            .append(f("%.2f", epollWaits(r)))
            .append(" | ")
            .append(f("%.2f", r.get("syscalls:sys_enter_epoll_ctl")))
            .append(" | ")
            .append(f("%.2f", r.get("syscalls:sys_enter_futex")))
            .append(" | ")
            .append(f("%.2f", r.get("syscalls:sys_enter_read") + r.get("syscalls:sys_enter_write")))
            .append(" | ")
            .append(f("%.2f", r.get("context-switches")))
            .append(" | ")
            .append(f("%.2f", r.get("sched:sched_wakeup")))
            .append(" | ")
            .append(f("%.0f", r.allocatedBytes()))
            .append(peer.equals("c") ? " (harness only)" : "")
            .append(" |\n");
      }
      md.append('\n');
    }
  }

  /**
   * How the clock behind every figure behaved: counted (instructions) or plain (real time on a
   * shared host).
   */
  private static String clockMethod() {
    return BenchmarkSuite.countedClock()
        ? """
        Counted clock (`SCTP_VM_CLOCK=counted`, docs/test-harness.md): the guest has one vCPU and qemu's
          `-icount shift=2,sleep=off`, so its clock advances 4 ns per executed instruction, whatever else runs on
          the host. A rate here is instructions per message for the whole path (sender, receiver and kernel on the
          one vCPU), and repeats within about 1 %; cache and branch effects are invisible. `tools/bench --clock
          plain` measures in real time on two vCPUs instead."""
            .strip()
        : """
        Plain clock (`tools/bench --clock plain`): real time, the guest's CPUs on one host thread. Other work
          shares this machine's cores, so absolute figures are noisy: compare the ratios within one table. The
          default, counted mode, repeats within about 1 %."""
            .strip();
  }

  String color(String peer) {
    return COLORS.getOrDefault(peer, "#999999");
  }
}
