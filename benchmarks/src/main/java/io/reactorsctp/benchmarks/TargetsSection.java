package io.reactorsctp.benchmarks;

import io.reactorsctp.benchmarks.BenchmarkSuite.Figures;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleBiFunction;

/**
 * The report's targets table (issue 9): ours against the peers of the same run, each target met or
 * not.
 */
final class TargetsSection {
  private final Report report;

  TargetsSection(Report report) {
    this.report = report;
  }

  void write(StringBuilder md) {
    md.append("## Targets (issues 9 and 20), ours against the peers in this run\n\n");
    md.append("| target | ours: EpollSctpChannel | ours: reactive | met? |\n|---|---|---|---|\n");
    String where =
        report.repeatedFigures().keySet().stream().anyMatch(Scenario::overVeth)
            ? "64 B–4 KiB over the veth pair (MTU 1500)"
            : "64 B–4 KiB";
    throughputTargetRow(md, "throughput ≥ 1.0× the C loop, " + where, "c", 1.0);
    throughputTargetRow(
        md, "throughput against the batching C loop (no bar), " + where, "c-batch", Double.NaN);
    throughputTargetRow(md, "throughput ≥ 1.5× Netty NIO SCTP, " + where, "netty", 1.5);
    reactiveOverChannelRow(md, where);
    machineCpuTargetRow(md);
    steadyAllocationTargetRow(md);
    // allocation: absolute, whole JVM per message (both ends, message objects included), on the
    // scenarios the throughput targets judge: a stalled window (loopback at 4 KiB, a few hundred
    // messages a second) divides the JVM's idle allocation by a handful of messages.
    boolean veth = report.throughputFigures().keySet().stream().anyMatch(Scenario::overVeth);
    String[] alloc = new String[2];
    boolean allocMet = true;
    boolean any = false;
    for (int i = 0; i < 2; i++) {
      String peer = i == 0 ? "epoll" : "reactive";
      double worst = Double.NaN;
      for (var row : report.throughputFigures().entrySet()) {
        if (judged(row.getKey(), veth) && row.getValue().get(peer) != null) {
          Figures c = row.getValue().get("c");
          // the C peer's JVM-side figure is what the harness itself allocates (JMH, profilers, the
          // pipe)
          double inAll =
              row.getValue().get(peer).allocatedBytesPerOp()
                  - (c == null ? 0 : c.allocatedBytesPerOp());
          worst = Double.isNaN(worst) ? inAll : Math.max(worst, inAll);
        }
      }
      double beyond = worst - report.messageObjectBytes();
      alloc[i] =
          "worst "
              + Report.f("%.0f", beyond)
              + " B/message beyond the message ("
              + Report.f("%.0f", worst)
              + " B in all)";
      if (i == 0 && !Double.isNaN(worst)) {
        any = true;
        allocMet = beyond <= 64;
      }
    }
    md.append(
            "| allocation ≤ 64 B per message beyond the message (measured: whole JVM, both ends, minus the "
                + "harness's own allocation, i.e. the C peer's row, and minus the message objects: "
                + Report.f("%.0f", report.messageObjectBytes())
                + " B, measured in this JVM: the sender's builder, `SctpOutboundMessage` and payload duplicate, the receiver's "
                + "`SctpInboundMessage`, forced to escape; below 0 when the real path allocates less of them), "
                + where
                + " | ")
        .append(alloc[0])
        .append(" | ")
        .append(alloc[1])
        .append(" | ")
        .append(any ? (allocMet ? "**met** (channel)" : "**not met** (channel)") : "–")
        .append(" |\n");
    spreadTargetRow(
        md,
        "p99 ping-pong latency ≤ 1.2× the C loop (lo, "
            + String.join(
                ", ", report.latencyFigures().keySet().stream().map(i -> i + " B").toList())
            + ")",
        peer ->
            report.latencyFigures().values().stream()
                .map(row -> Report.p99OverC(row, peer))
                .filter(Objects::nonNull)
                .toList(),
        1.2,
        false);
    String[] heap = {"–", "–", "–"};
    boolean heapMet = true;
    boolean heapAny = false;
    int associations = report.profile().fanInAssociations();
    for (FanIn.Result r : report.fanInResults()) {
      int i =
          switch (r.peer()) {
            case "epoll" -> 0;
            case "reactive" -> 1;
            case "epoll-multi" -> 2;
            default -> -1;
          };
      if (i >= 0) {
        heap[i] = Report.f("%,.0f B", r.heapBytesPerAssociation());
        heapAny = true;
        heapMet &= r.heapBytesPerAssociation() <= 16 * 1024;
      }
    }
    md.append("| ")
        .append(associations)
        .append(" associations with ≤ 16 KiB heap per idle association")
        .append(
            associations == 0
                ? " (fan-in is not in this profile: `--all`)"
                : associations < 1000 ? " (target is at 1 000: `--full`)" : "")
        .append(" | ")
        .append(heap[0])
        .append(" (one-to-many: ")
        .append(heap[2])
        .append(") | ")
        .append(heap[1])
        .append(" | ")
        .append(heapAny ? (heapMet ? "**met**" : "**not met**") : "–")
        .append(" |\n\n");
    md.append(
        "“Worst” is the least favourable scenario of this run, by median. A throughput target is **met** only when "
            + "the whole range of its ratio (the peer's slowest repetition over the base's fastest, and its fastest over "
            + "the base's slowest) is on the right side of the bar in every scenario, **not met** when the whole range "
            + "is on the wrong side in some scenario, and otherwise "
            + Spread.NOT_JUDGEABLE
            + ". The p99 row is judged the same way on the largest p99 of each peer's repetitions over the C loop's"
            + " smallest, and its smallest over the C loop's largest. In counted mode one vCPU runs both ends, so messages per guest-second is the inverse of the "
            + "instructions per message of the whole path: the throughput rows are also the CPU rows.\n\n");
  }

  /**
   * The CPU target again, on the whole machine's CPU per message (section "What a message costs the
   * machine").
   */
  private void machineCpuTargetRow(StringBuilder md) {
    md.append(
            "| CPU per message ≤ 1.3× the C loop, whole machine (user + system + softirq, `perf`/`/proc/stat` "
                + "section")
        .append(
            report.kernelWorkFigures().isEmpty()
                ? ""
                : ", at "
                    + String.join(
                        ", ",
                        report.kernelWorkFigures().keySet().stream().map(i -> i + " B").toList()))
        .append(") | ");
    double channel = worstKernelWork("epoll", (r, c) -> r.cpuMicros() / c.cpuMicros());
    md.append("worst ")
        .append(Report.f("%.2f×", channel))
        .append(" | worst ")
        .append(
            Report.f("%.2f×", worstKernelWork("reactive", (r, c) -> r.cpuMicros() / c.cpuMicros())))
        .append(" | ")
        .append(verdict(channel, channel <= 1.3))
        .append(" |\n");
  }

  /**
   * The allocation target on the steady-state figures of the section "What a message costs the
   * machine".
   */
  private void steadyAllocationTargetRow(StringBuilder md) {
    md.append(
        "| allocation ≤ 64 B per message beyond the message, at steady state (figures of the section *What a "
            + "message costs the machine*: whole JVM minus the harness's share, the C peer's row; \"in all\" includes the "
            + "message objects, which the real path allocates less of than the forced-escape measurement above) | ");
    double channel = worstKernelWork("epoll", (r, c) -> r.allocatedBytes() - c.allocatedBytes());
    md.append("worst ")
        .append(Report.f("%.0f", channel))
        .append(" B/message in all | worst ")
        .append(
            Report.f(
                "%.0f",
                worstKernelWork("reactive", (r, c) -> r.allocatedBytes() - c.allocatedBytes())))
        .append(" B/message in all | ")
        .append(verdict(channel, channel - report.messageObjectBytes() <= 64))
        .append(" |\n");
  }

  /**
   * The largest {@code metric(peer's figures, the C loop's)} over the counted sizes up to 4 KiB, or
   * NaN.
   */
  private double worstKernelWork(
      String peer, ToDoubleBiFunction<SyscallProbe.Result, SyscallProbe.Result> metric) {
    double worst = Double.NaN;
    for (var e : report.kernelWorkFigures().entrySet()) {
      SyscallProbe.Result r = e.getValue().get(peer);
      SyscallProbe.Result c = e.getValue().get("c");
      if (e.getKey() <= 4096 && r != null && c != null) {
        double v = metric.applyAsDouble(r, c);
        worst = Double.isNaN(worst) ? v : Math.max(worst, v);
      }
    }
    return worst;
  }

  /** The scenarios a throughput target is judged on: up to 4 KiB, over veth if the run had it. */
  private List<Scenario> judgedScenarios() {
    boolean veth = report.repeatedFigures().keySet().stream().anyMatch(Scenario::overVeth);
    return report.repeatedFigures().keySet().stream().filter(s -> judged(s, veth)).toList();
  }

  /** Whether a target judges {@code s}, in a run that had a veth scenario or not. */
  private static boolean judged(Scenario s, boolean runHadVeth) {
    return s.size() <= 4096 && (!runHadVeth || s.overVeth());
  }

  /** {@code peer}'s rate over {@code base}'s in {@code s}, or null when either is missing. */
  private Spread ratio(Scenario s, String peer, String base) {
    var row = report.repeatedFigures().get(s);
    return row.containsKey(peer) && row.containsKey(base)
        ? Report.rates(row.get(peer)).over(Report.rates(row.get(base)))
        : null;
  }

  /** A throughput ratio over {@code base}, at least {@code bar}, in every judged scenario. */
  private void throughputTargetRow(StringBuilder md, String target, String base, double bar) {
    spreadTargetRow(
        md,
        target,
        peer ->
            judgedScenarios().stream()
                .map(s -> ratio(s, peer, base))
                .filter(Objects::nonNull)
                .toList(),
        bar,
        true);
  }

  /**
   * A ratio target judged on the spread: per peer of ours, its {@code ratios} (one per scenario)
   * must reach {@code bar} ({@code atLeast}) or stay under it; the cell shows the worst median, the
   * verdict is the least favourable over all of them.
   */
  private void spreadTargetRow(
      StringBuilder md,
      String target,
      Function<String, List<Spread>> ratios,
      double bar,
      boolean atLeast) {
    StringBuilder verdicts = new StringBuilder();
    StringBuilder cells = new StringBuilder();
    boolean any = false;
    for (String peer : List.of("epoll", "reactive")) {
      Spread worst = null;
      String verdict = "met";
      for (Spread r : ratios.apply(peer)) {
        if (worst == null
            || (atLeast ? r.median() < worst.median() : r.median() > worst.median())) {
          worst = r;
        }
        verdict = worse(verdict, r.verdict(bar, atLeast));
      }
      cells.append(worst == null ? "–" : "worst " + worst.ratioText()).append(" | ");
      if (worst != null) {
        any = true;
        verdicts
            .append(verdicts.isEmpty() ? "" : "; ")
            .append(peer.equals("epoll") ? "channel" : "reactive")
            .append(": **")
            .append(verdict)
            .append("**");
      }
    }
    if (!any) {
      return;
    }
    md.append("| ").append(target).append(" | ").append(cells);
    md.append(Double.isNaN(bar) ? "(no target)" : verdicts.toString()).append(" |\n");
  }

  /** Issue 20: the reactive API at ≥ 0.9× our channel. */
  private void reactiveOverChannelRow(StringBuilder md, String where) {
    Spread worst = null;
    String verdict = "met";
    for (Scenario s : judgedScenarios()) {
      Spread r = ratio(s, "reactive", "epoll");
      if (r != null) {
        worst = worst == null || r.median() < worst.median() ? r : worst;
        verdict = worse(verdict, r.verdict(0.9, true));
      }
    }
    if (worst != null) {
      md.append("| reactive ≥ 0.9× our channel, ")
          .append(where)
          .append(" | | worst ")
          .append(worst.ratioText())
          .append(" | **")
          .append(verdict)
          .append("** |\n");
    }
  }

  /** The less favourable of two verdicts: not met, then not judgeable, then met. */
  private static String worse(String a, String b) {
    List<String> order = List.of("not met", Spread.NOT_JUDGEABLE, "met", "–");
    int i = order.indexOf(a);
    int j = order.indexOf(b);
    return order.get(Math.min(i < 0 ? 3 : i, j < 0 ? 3 : j));
  }

  private static String verdict(double channelWorst, boolean met) {
    return Double.isNaN(channelWorst) ? "–" : met ? "**met** (channel)" : "**not met** (channel)";
  }
}
