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
import java.util.Properties;
import java.util.function.ToDoubleFunction;

/**
 * Turns the suite's figures into {@code docs/benchmarks.md} (tables, targets met or not) and
 * {@code docs/benchmarks.svg} (a chart drawn here, no charting library), and keeps the raw figures in
 * {@code results.tsv}. Rewritten after every scenario, so an interrupted run still leaves a report.
 */
final class Report {
  static final List<String> PEERS = List.of("c", "jdk", "jdk-nio", "netty", "epoll", "reactive");
  static final Map<String, String> NAMES = Map.of("c", "C loop (sendmsg/recvmsg)", "jdk",
      "JDK SctpChannel (blocking)", "jdk-nio", "JDK SctpChannel (non-blocking, Selector)", "netty", "Netty 4.2 NioSctpChannel", "epoll", "ours: EpollSctpChannel", "reactive",
      "ours: reactive SctpClient/SctpServer", "epoll-multi", "ours: EpollSctpMultiChannel (one-to-many)");
  private static final Map<String, String> COLORS = Map.of("c", "#555555", "jdk", "#e08e0b", "jdk-nio", "#f5c26b", "netty", "#b03a2e",
      "epoll", "#1f77b4", "reactive", "#17becf");

  private final Profile profile;
  private final List<String> machine;
  private final String started = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  private final Map<Scenario, Map<String, Figures>> throughput = new LinkedHashMap<>();
  private final Map<Integer, Map<String, Figures>> latencyRates = new LinkedHashMap<>();
  private final Map<Integer, Map<String, Properties>> latency = new LinkedHashMap<>();
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

  void latency(int size, String peer, Figures f, Properties percentiles) {
    latencyRates.computeIfAbsent(size, k -> new LinkedHashMap<>()).put(peer, f);
    latency.computeIfAbsent(size, k -> new LinkedHashMap<>()).put(peer, percentiles);
  }

  /** Bytes the message objects themselves take per message ({@link MessageObjects}). */
  void messageObjectBytes(double bytes) {
    messageObjectBytes = bytes;
  }

  /** What the kernel granted the one-to-many servers' {@code SO_RCVBUF}, as the report prints it. */
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
    Files.writeString(docs.resolve("benchmarks.md"), markdown());
    Files.writeString(docs.resolve("benchmarks.svg"), Chart.svg(this));
    Files.writeString(results.resolve("results.tsv"), tsv());
  }

  static String label(Scenario s) {
    return s.size() + " B, " + s.streams() + (s.streams() == 1 ? " stream" : " streams") + ", "
        + (s.ttlMillis() > 0 ? "PR-SCTP TTL" : s.unordered() ? "unordered" : "ordered");
  }

  Map<Scenario, Map<String, Figures>> throughputFigures() {
    return throughput;
  }

  Map<Integer, Map<String, Properties>> latencyFigures() {
    return latency;
  }

  static double p(Properties p, String key) {
    String v = p == null ? null : p.getProperty(key);
    return v == null ? Double.NaN : Double.parseDouble(v);
  }

  private static String f(String format, double value) {
    return Double.isNaN(value) || Double.isInfinite(value) ? "–" : String.format(Locale.ROOT, format, value);
  }

  private static double ratio(Map<String, Figures> row, String peer, String base, ToDoubleFunction<Figures> metric) {
    Figures a = row.get(peer);
    Figures b = row.get(base);
    return a == null || b == null ? Double.NaN : metric.applyAsDouble(a) / metric.applyAsDouble(b);
  }

  private String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Benchmarks\n\n");
    md.append("Generated by `tools/bench").append(profile.name().equals("quick") ? "" : " --" + profile.name())
        .append("` (profile **").append(profile.name()).append("**), started ").append(started)
        .append(Double.isNaN(seconds) ? ", **incomplete** (the run stopped or is still going)" : String.format(
            Locale.ROOT, ", %.0f min in all", seconds / 60)).append(". Do not edit: rerun the command.\n\n");
    md.append("![throughput and CPU relative to the C loop, p99 latency](benchmarks.svg)\n\n");
    md.append("## Machine and method\n\n");
    for (String line : machine) {
      md.append("- ").append(line).append('\n');
    }
    md.append(String.format(Locale.ROOT, """
        - JMH: %s, %d warm-up and %d measurement iterations of %d s; `-prof gc`
          (bytes allocated per message, whole JVM: sender and receiver; the C peer's row is what the harness
          itself allocates in the JVM: JMH, the profilers, the pipe) and `ProcessCpuProfiler` (user + system CPU
          per message). "CPU" counts the application's threads and the C peer's process, without the JVM's JIT
          compiler, GC and VM threads; "process CPU" is everything (`/proc`, clock ticks of 10 ms). Without
          forks, the process figure also carries compilation of code other peers left behind. Netty's leak
          detector is off (`-Dio.netty.leakDetection.level=disabled`), as in Netty's own benchmarks: at its default
          level it records a stack trace for 1 receive buffer in 128.
        - Every peer of a scenario runs in the same run, back to back, on the same association set-up (loopback,
          one association, NODELAY, two busy threads: a sender and a receiver). Other work shares this machine's
          cores, so absolute figures are noisy: compare the ratios within one table.
        - The C loop is `benchmarks/src/main/c/sctp_peer.c`: plain `sendmsg` with an `SCTP_SNDINFO` control
          message (plus `SCTP_PRINFO` for the TTL) and `recvmsg` with `SCTP_RECVRCVINFO`, from `<linux/sctp.h>`.
          libsctp's `sctp_sendmsg`/`sctp_send` are thin wrappers that build exactly this control message and call
          `sendmsg`, so this is the same kernel path without the library.
        - One throughput operation is one message received by the other end (batches of %d, the sender waits for
          the whole batch). One latency operation is one round trip (batches of %d, one message in flight).

        """, profile.forks() == 0 ? "no fork (every peer in this one JVM, after a warm-up pass over all peers:"
        + " under TCG a fresh JVM compiles for minutes, which would swamp CPU and allocation figures)"
        : "1 fresh JVM per peer and scenario", profile.warmups(), profile.iterations(), profile.seconds(), ThroughputBenchmark.BATCH,
        LatencyBenchmark.ROUNDS));
    targets(md);
    md.append("## Throughput, one association\n\n");
    if (profile.name().equals("quick")) {
      md.append("The quick profile takes a subset: 64 B, 512 B and 4 KiB on 1 stream ordered, and at 512 B 10 "
          + "streams unordered and 1 stream with a PR-SCTP TTL. `tools/bench --all` (same method) and `--full` (a "
          + "fresh JVM per peer and scenario) run 64 B, 512 B, 4 KiB and 64 KiB × 1 and 10 streams × ordered, "
          + "unordered and TTL.\n\n");
    }
    if (throughput.keySet().stream().anyMatch(s -> s.ttlMillis() > 0)) {
      md.append("The TTL (" + Scenario.TTL_MILLIS + " ms, policy `SCTP_PR_SCTP_TTL`) is long enough never to expire "
          + "here: the scenario measures the PR-SCTP send path; an abandoned message would never be counted. The "
          + "JDK passes it as `sinfo_timetolive` of `SCTP_SNDRCV`, the others as `SCTP_PRINFO`.\n\n");
    }
    for (var e : throughput.entrySet()) {
      Scenario s = e.getKey();
      Map<String, Figures> row = e.getValue();
      md.append("### ").append(label(s)).append("\n\n");
      md.append("| peer | messages/s | MB/s | × C loop | × Netty NIO | CPU µs/message | CPU × C loop | "
          + "process CPU µs/message | bytes allocated/message |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (String peer : PEERS) {
        Figures fig = row.get(peer);
        if (fig == null) {
          if (peer.equals("netty") && s.ttlMillis() > 0) {
            md.append("| ").append(NAMES.get(peer)).append(" | n/a: Netty's `SctpMessage` has no PR-SCTP field "
                + "| | | | | | | |\n");
          }
          continue;
        }
        md.append("| ").append(NAMES.get(peer)).append(" | ")
            .append(f("%,.0f", fig.opsPerSecond()))
            .append(Double.isNaN(fig.error()) ? "" : " ± " + f("%,.0f", fig.error())).append(" | ")
            .append(f("%.2f", fig.opsPerSecond() * s.size() / 1e6)).append(" | ")
            .append(f("%.2f", ratio(row, peer, "c", Figures::opsPerSecond))).append(" | ")
            .append(f("%.2f", ratio(row, peer, "netty", Figures::opsPerSecond))).append(" | ")
            .append(f("%.1f", fig.cpuNanosPerOp() / 1000)).append(" | ")
            .append(f("%.2f", ratio(row, peer, "c", Figures::cpuNanosPerOp))).append(" | ")
            .append(f("%.1f", fig.processCpuNanosPerOp() / 1000)).append(" | ")
            .append(f("%.0f", fig.allocatedBytesPerOp())).append(peer.equals("c") ? " (harness only)" : "")
            .append(" |\n");
      }
      md.append('\n');
    }
    md.append("## Request/response latency (ping-pong)\n\n");
    for (var e : latency.entrySet()) {
      md.append("### ").append(e.getKey()).append(" B, 1 stream, one message in flight\n\n");
      md.append("| peer | round trips/s | p50 µs | p99 µs | p99.9 µs | max µs | p99 × C loop | CPU µs/round trip | "
          + "bytes allocated/round trip |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      double cP99 = p(e.getValue().get("c"), "p99");
      for (String peer : PEERS) {
        Properties pc = e.getValue().get(peer);
        Figures fig = latencyRates.get(e.getKey()).get(peer);
        if (pc == null || fig == null) {
          continue;
        }
        md.append("| ").append(NAMES.get(peer)).append(" | ").append(f("%,.0f", fig.opsPerSecond())).append(" | ")
            .append(f("%.0f", p(pc, "p50") / 1000)).append(" | ").append(f("%.0f", p(pc, "p99") / 1000)).append(" | ")
            .append(f("%.0f", p(pc, "p999") / 1000)).append(" | ").append(f("%.0f", p(pc, "max") / 1000))
            .append(" | ").append(f("%.2f", p(pc, "p99") / cP99)).append(" | ")
            .append(f("%.1f", fig.cpuNanosPerOp() / 1000)).append(" | ")
            .append(f("%.0f", fig.allocatedBytesPerOp())).append(peer.equals("c") ? " (harness only)" : "")
            .append(" |\n");
      }
      md.append("\nPercentiles from an HdrHistogram (3 significant digits) of every measured round trip.\n\n");
    }
    md.append("## Fan-in: many associations into one server\n\n");
    if (!fanIn.isEmpty() || !fanInFailures.isEmpty()) {
      md.append(String.format(Locale.ROOT, """
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
          minus the heap before, divided by the associations. CPU: application threads and the C clients, without
          JIT and GC.

          | server | associations | messages/s | CPU µs/message | T3 expirations | heap bytes per idle association |
          |---|---:|---:|---:|---:|---:|
          """, profile.fanInAssociations(), profile.fanInMessagesEach(),
          String.format(Locale.ROOT, "%,d B", FanIn.ONE_TO_MANY_RECEIVE_BUFFER), fanInReceiveBuffer));
      for (FanIn.Result r : fanIn) {
        md.append("| ").append(r.peer().equals("c") ? "C one-to-many socket, one recvmsg loop" : r.peer().equals("jdk")
                ? "JDK SctpMultiChannel (one-to-many, blocking)" : NAMES.get(r.peer())).append(" | ")
            .append(r.associations()).append(" | ").append(f("%,.0f", r.messagesPerSecond())).append(" | ")
            .append(f("%.1f", r.cpuNanosPerMessage() / 1000)).append(" | ")
            .append(r.t3Expirations() < 0 ? "?" : String.format(Locale.ROOT, "%,d", r.t3Expirations())).append(" | ")
            .append(f("%,.0f", r.heapBytesPerAssociation())).append(" |\n");
      }
      fanInFailures.forEach((peer, why) -> md.append("| ").append(NAMES.getOrDefault(peer, peer))
          .append(" | failed: ").append(why.replace('|', '/')).append(" | | | | |\n"));
      md.append('\n');
    }
    md.append("## Slow consumer, reactive API\n\n");
    if (!slowConsumer.isEmpty()) {
      md.append("""
          The client offers an endless stream of 4 KiB messages as fast as it can; the server's handler takes one
          per millisecond (`delayElements`). Each second: heap after a full GC, and Netty's pooled direct memory in
          use. Flat figures while `offered` stays close to `received` mean the producer is held back.

          | s | received | offered by the producer | heap after GC, KiB | pooled direct memory, KiB |
          |---:|---:|---:|---:|---:|
          """);
      for (SlowConsumer.Sample s : slowConsumer) {
        md.append(f("| %.1f", s.seconds())).append(" | ").append(s.received()).append(" | ").append(s.offered())
            .append(" | ").append(s.heapBytes() / 1024).append(" | ").append(s.directBytes() / 1024).append(" |\n");
      }
      md.append('\n');
    }
    kernelWorkSection(md);
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

  private static double epollWaits(SyscallProbe.Result r) {
    return r.get("syscalls:sys_enter_epoll_wait") + r.get("syscalls:sys_enter_epoll_pwait")
        + r.get("syscalls:sys_enter_epoll_pwait2");
  }

  private void kernelWorkSection(StringBuilder md) {
    md.append("## What a message costs the machine (system calls, wake-ups, CPU of the whole machine)\n\n");
    if (kernelWorkUnavailable != null) {
      md.append("Not measured in this run: ").append(kernelWorkUnavailable).append("\n\n");
      return;
    }
    if (kernelWork.isEmpty()) {
      md.append("Not measured in this run (the suite stopped before it).\n\n");
      return;
    }
    md.append(String.format(Locale.ROOT, """
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

        """, profile.kernelWorkSeconds(), profile.kernelWorkSeconds()));
    for (var e : kernelWork.entrySet()) {
      md.append("### ").append(e.getKey()).append(" B\n\n");
      md.append("| peer | messages/s | machine CPU µs/message (user + system + softirq) | × C loop | system calls"
          + "/message | sendmsg | recvmsg | epoll waits | epoll_ctl | futex | read + write | context "
          + "switches | wake-ups | bytes allocated/message, whole JVM |\n"
          + "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      SyscallProbe.Result c = e.getValue().get("c");
      for (String peer : PEERS) {
        SyscallProbe.Result r = e.getValue().get(peer);
        if (r == null) {
          continue;
        }
        md.append("| ").append(NAMES.get(peer)).append(" | ").append(f("%,.0f", r.messagesPerSecond()))
            .append(" | ").append(f("%.0f", r.cpuMicros())).append(" (").append(f("%.0f", r.userMicros()))
            .append(" + ").append(f("%.0f", r.systemMicros())).append(" + ").append(f("%.0f", r.softirqMicros()))
            .append(") | ").append(f("%.2f", c == null ? Double.NaN : r.cpuMicros() / c.cpuMicros())).append(" | ")
            .append(f("%.2f", r.syscalls())).append(" | ")
            .append(f("%.2f", r.get("syscalls:sys_enter_sendmsg"))).append(" | ")
            .append(f("%.2f", r.get("syscalls:sys_enter_recvmsg"))).append(" | ")
            .append(f("%.2f", epollWaits(r))).append(" | ")
            .append(f("%.2f", r.get("syscalls:sys_enter_epoll_ctl"))).append(" | ")
            .append(f("%.2f", r.get("syscalls:sys_enter_futex"))).append(" | ")
            .append(f("%.2f", r.get("syscalls:sys_enter_read") + r.get("syscalls:sys_enter_write"))).append(" | ")
            .append(f("%.2f", r.get("context-switches"))).append(" | ")
            .append(f("%.2f", r.get("sched:sched_wakeup"))).append(" | ")
            .append(f("%.0f", r.allocatedBytes())).append(peer.equals("c") ? " (harness only)" : "").append(" |\n");
      }
      md.append('\n');
    }
  }

  private void targets(StringBuilder md) {
    md.append("## Targets (issue 9), ours against the peers in this run\n\n");
    md.append("| target | ours: EpollSctpChannel | ours: reactive | met? |\n|---|---|---|---|\n");
    targetRow(md, "throughput ≥ 0.9× the C loop, 64 B–4 KiB", "c", Figures::opsPerSecond, 0.9, true);
    targetRow(md, "throughput ≥ 1.5× Netty NIO SCTP, 64 B–4 KiB", "netty", Figures::opsPerSecond, 1.5, true);
    targetRow(md, "CPU per message ≤ 1.3× the C loop", "c", Figures::cpuNanosPerOp, 1.3, false);
    machineCpuTargetRow(md);
    steadyAllocationTargetRow(md);
    // allocation: absolute, whole JVM per message (both ends, message objects included)
    String[] alloc = new String[2];
    boolean allocMet = true;
    boolean any = false;
    for (int i = 0; i < 2; i++) {
      String peer = i == 0 ? "epoll" : "reactive";
      double worst = Double.NaN;
      for (var row : throughput.entrySet()) {
        if (row.getKey().size() <= 4096 && row.getValue().get(peer) != null) {
          Figures c = row.getValue().get("c");
          // the C peer's JVM-side figure is what the harness itself allocates (JMH, profilers, the pipe)
          double a = row.getValue().get(peer).allocatedBytesPerOp() - (c == null ? 0 : c.allocatedBytesPerOp())
              - messageObjectBytes;
          worst = Double.isNaN(worst) ? a : Math.max(worst, a);
        }
      }
      alloc[i] = "worst " + f("%.0f", worst) + " B/message";
      if (i == 0 && !Double.isNaN(worst)) {
        any = true;
        allocMet = worst <= 64;
      }
    }
    md.append("| allocation ≤ 64 B per message beyond the message (measured: whole JVM, both ends, minus the "
        + "harness's own allocation, i.e. the C peer's row, and minus the message objects: " + f("%.0f", messageObjectBytes)
        + " B, measured in this JVM: the sender's builder, `SctpOutboundMessage` and payload duplicate, the receiver's "
        + "`SctpInboundMessage`) | ").append(alloc[0]).append(" | ").append(alloc[1]).append(" | ")
        .append(any ? (allocMet ? "**met** (channel)" : "**not met** (channel)") : "–").append(" |\n");
    String[] lat = new String[2];
    boolean latMet = true;
    boolean latAny = false;
    for (int i = 0; i < 2; i++) {
      String peer = i == 0 ? "epoll" : "reactive";
      double worst = Double.NaN;
      for (var e : latency.values()) {
        double r = p(e.get(peer), "p99") / p(e.get("c"), "p99");
        if (!Double.isNaN(r)) {
          worst = Double.isNaN(worst) ? r : Math.max(worst, r);
        }
      }
      lat[i] = f("%.2f×", worst);
      if (i == 0 && !Double.isNaN(worst)) {
        latAny = true;
        latMet = worst <= 1.2;
      }
    }
    md.append("| p99 ping-pong latency ≤ 1.2× the C loop | ").append(lat[0]).append(" | ").append(lat[1])
        .append(" | ").append(latAny ? (latMet ? "**met** (channel)" : "**not met** (channel)") : "–").append(" |\n");
    String[] heap = {"–", "–", "–"};
    boolean heapMet = true;
    boolean heapAny = false;
    int associations = profile.fanInAssociations();
    for (FanIn.Result r : fanIn) {
      int i = switch (r.peer()) {
        case "epoll" -> 0;
        case "reactive" -> 1;
        case "epoll-multi" -> 2;
        default -> -1;
      };
      if (i >= 0) {
        heap[i] = f("%,.0f B", r.heapBytesPerAssociation());
        heapAny = true;
        heapMet &= r.heapBytesPerAssociation() <= 16 * 1024;
      }
    }
    md.append("| ").append(associations).append(" associations with ≤ 16 KiB heap per idle association")
        .append(associations < 1000 ? " (target is at 1 000: `--full`)" : "").append(" | ").append(heap[0])
        .append(" (one-to-many: ").append(heap[2]).append(") | ").append(heap[1]).append(" | ")
        .append(heapAny ? (heapMet ? "**met**" : "**not met**") : "–").append(" |\n\n");
    md.append("“Worst” is the least favourable scenario of this run. A ratio target is met when it holds in every "
        + "scenario with 64 B–4 KiB messages.\n\n");
  }

  /** The CPU target again, on the whole machine's CPU per message (section "What a message costs the machine"). */
  private void machineCpuTargetRow(StringBuilder md) {
    md.append("| CPU per message ≤ 1.3× the C loop, whole machine (user + system + softirq, `perf`/`/proc/stat` "
        + "section").append(kernelWork.isEmpty() ? "" : ", at " + String.join(", ",
            kernelWork.keySet().stream().map(i -> i + " B").toList())).append(") | ");
    double channel = worstKernelWork("epoll", (r, c) -> r.cpuMicros() / c.cpuMicros());
    md.append("worst ").append(f("%.2f×", channel)).append(" | worst ")
        .append(f("%.2f×", worstKernelWork("reactive", (r, c) -> r.cpuMicros() / c.cpuMicros()))).append(" | ")
        .append(verdict(channel, channel <= 1.3)).append(" |\n");
  }

  /** The allocation target on the steady-state figures of the section "What a message costs the machine". */
  private void steadyAllocationTargetRow(StringBuilder md) {
    md.append("| allocation ≤ 64 B per message beyond the message, at steady state (figures of the section *What a "
        + "message costs the machine*: whole JVM minus the harness's share, the C peer's row; \"in all\" includes the "
        + "message objects, which the real path allocates less of than the forced-escape measurement above) | ");
    double channel = worstKernelWork("epoll", (r, c) -> r.allocatedBytes() - c.allocatedBytes());
    md.append("worst ").append(f("%.0f", channel)).append(" B/message in all | worst ")
        .append(f("%.0f", worstKernelWork("reactive", (r, c) -> r.allocatedBytes() - c.allocatedBytes())))
        .append(" B/message in all | ").append(verdict(channel, channel - messageObjectBytes <= 64)).append(" |\n");
  }

  /** The largest {@code metric(peer's figures, the C loop's)} over the counted sizes up to 4 KiB, or NaN. */
  private double worstKernelWork(String peer,
      java.util.function.ToDoubleBiFunction<SyscallProbe.Result, SyscallProbe.Result> metric) {
    double worst = Double.NaN;
    for (var e : kernelWork.entrySet()) {
      SyscallProbe.Result r = e.getValue().get(peer);
      SyscallProbe.Result c = e.getValue().get("c");
      if (e.getKey() <= 4096 && r != null && c != null) {
        double v = metric.applyAsDouble(r, c);
        worst = Double.isNaN(worst) ? v : Math.max(worst, v);
      }
    }
    return worst;
  }

  private static String verdict(double channelWorst, boolean met) {
    return Double.isNaN(channelWorst) ? "–" : met ? "**met** (channel)" : "**not met** (channel)";
  }

  private void targetRow(StringBuilder md, String target, String base, ToDoubleFunction<Figures> metric,
      double bound, boolean atLeast) {
    md.append("| ").append(target).append(" | ");
    boolean met = true;
    boolean any = false;
    for (String peer : List.of("epoll", "reactive")) {
      double worst = Double.NaN;
      for (var row : throughput.entrySet()) {
        if (row.getKey().size() > 4096) {
          continue;
        }
        double r = ratio(row.getValue(), peer, base, metric);
        if (!Double.isNaN(r)) {
          worst = Double.isNaN(worst) ? r : atLeast ? Math.min(worst, r) : Math.max(worst, r);
        }
      }
      md.append("worst ").append(f("%.2f×", worst)).append(" | ");
      if (peer.equals("epoll") && !Double.isNaN(worst)) {
        any = true;
        met = atLeast ? worst >= bound : worst <= bound;
      }
    }
    md.append(any ? (met ? "**met** (channel)" : "**not met** (channel)") : "–").append(" |\n");
  }

  private String tsv() {
    StringBuilder t = new StringBuilder("kind\tscenario\tpeer\tops_per_s\terror\tcpu_ns_per_op\talloc_b_per_op"
        + "\tp50_ns\tp99_ns\tp999_ns\n");
    throughput.forEach((s, row) -> row.forEach((peer, fig) -> t.append("throughput\t").append(label(s)).append('\t')
        .append(peer).append('\t').append(fig.opsPerSecond()).append('\t').append(fig.error()).append('\t')
        .append(fig.cpuNanosPerOp()).append('\t').append(fig.allocatedBytesPerOp()).append("\t\t\t\n")));
    latencyRates.forEach((size, row) -> row.forEach((peer, fig) -> {
      Properties pc = latency.get(size).get(peer);
      t.append("latency\t").append(size).append(" B\t").append(peer).append('\t').append(fig.opsPerSecond())
          .append('\t').append(fig.error()).append('\t').append(fig.cpuNanosPerOp()).append('\t')
          .append(fig.allocatedBytesPerOp()).append('\t').append(p(pc, "p50")).append('\t').append(p(pc, "p99"))
          .append('\t').append(p(pc, "p999")).append('\n');
    }));
    fanIn.forEach(r -> t.append("fanin\t").append(r.associations()).append(" associations\t").append(r.peer())
        .append('\t').append(r.messagesPerSecond()).append("\t\t").append(r.cpuNanosPerMessage()).append("\t\t\t\t")
        .append('\n'));
    return t.toString();
  }

  /** Throughput and latency figures back from a run's {@code results.tsv}: enough to redraw the chart. */
  static Report fromResults(Path tsv) throws IOException {
    Report r = new Report(BenchmarkSuite.QUICK, List.of());
    java.util.regex.Pattern label = java.util.regex.Pattern.compile("(\\d+) B, (\\d+) streams?, (.+)");
    for (String line : Files.readAllLines(tsv).subList(1, Files.readAllLines(tsv).size())) {
      String[] f = line.split("\t", -1);
      double[] v = new double[f.length];
      for (int i = 3; i < f.length; i++) {
        v[i] = f[i].isEmpty() ? Double.NaN : Double.parseDouble(f[i]);
      }
      Figures fig = new Figures(v[3], v[4], v[5], Double.NaN, v[6]);
      if (f[0].equals("throughput")) {
        java.util.regex.Matcher m = label.matcher(f[1]);
        if (m.matches()) {
          r.throughput(Scenario.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
              m.group(3).equals("PR-SCTP TTL") ? "ttl" : m.group(3)), f[2], fig);
        }
      } else if (f[0].equals("latency")) {
        Properties p = new Properties();
        p.setProperty("p50", f[7]);
        p.setProperty("p99", f[8]);
        p.setProperty("p999", f[9]);
        r.latency(Integer.parseInt(f[1].replace(" B", "")), f[2], fig, p);
      }
    }
    return r;
  }

  String color(String peer) {
    return COLORS.getOrDefault(peer, "#999999");
  }
}
