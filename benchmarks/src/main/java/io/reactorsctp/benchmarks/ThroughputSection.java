package io.reactorsctp.benchmarks;

import io.reactorsctp.benchmarks.RepeatedThroughput.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's throughput tables: per scenario and peer the median and min–max of the repetitions,
 * the ratio to the C loop with its range, and what else ran in the measured windows (JIT, GC); then
 * which peers did not repeat within {@value #REPEATS_PERCENT} % and what their windows held.
 */
final class ThroughputSection {
  static final double REPEATS_PERCENT = 2;

  private final Report report;

  ThroughputSection(Report report) {
    this.report = report;
  }

  void write(StringBuilder md) {
    md.append("## Throughput, one association\n\n");
    if (report.vethMtu() > 0) {
      md.append(
          String.format(
              Locale.ROOT,
              "The veth pair's MTU, read back from the kernel: %d B. \"veth bytes/message\" is what our end of the"
                  + " pair sent per message in the window (the sender's DATA; SACKs come back on the other end): it"
                  + " proves the traffic crossed the pair. \"DATA chunks/message\" is what the sending namespace's"
                  + " SCTP sent (`/proc/net/sctp/snmp`): at 4 KiB over MTU 1500 each message is cut into 3 chunks, over"
                  + " loopback's 64 KiB MTU it stays one. T3 timeouts: retransmission timer expirations in the sending"
                  + " namespace during the windows (loopback's stall, `benchmarks/findings.md`, 3). \"veth"
                  + " sends/message\" counts what the pair carried as one unit. The pair takes SCTP's packets one MTU"
                  + " at a time (`gso_max_size` 1500), as a network carries them, so a 4 KiB message crosses as 3"
                  + " packets in every window. With GSO, Linux let one GSO packet use at most half the congestion"
                  + " window (`sctp_packet_will_fit`), these associations' windows settled near that size, and a"
                  + " 4 KiB message left in one send in one run and in two in the next, moving every peer 7–10 %%"
                  + " (`benchmarks/findings.md`, 12 and 14).%n%n",
              report.vethMtu()));
    }
    for (var e : report.repeatedFigures().entrySet()) {
      Scenario s = e.getKey();
      Map<String, List<Sample>> row = e.getValue();
      md.append("### ").append(Report.label(s)).append("\n\n");
      JitSettling.Result warm = report.warmUps().get(s);
      if (warm != null) {
        md.append("Warm-up: ").append(warm).append(".\n\n");
      }
      md.append(
          "| peer | runs | median messages/s | min–max | spread | MB/s | × C loop (range) | × C batching (range) "
              + "| JIT ms in each window | windows redone | GCs in the windows | bytes allocated/message, whole JVM | DATA "
              + "chunks/message | T3 timeouts | veth bytes/message | veth sends/message in each window |\n"
              + "|---|---:|---:|---|---:|---:|---|---|---|---:|---:|---:|---:|---:|---:|---|\n");
      Spread c = row.containsKey("c") ? Report.rates(row.get("c")) : null;
      Spread batch = row.containsKey("c-batch") ? Report.rates(row.get("c-batch")) : null;
      for (String peer : Report.PEERS) {
        List<Sample> samples = row.get(peer);
        if (samples == null) {
          continue;
        }
        Spread r = Report.rates(samples);
        md.append("| ")
            .append(Report.NAMES.get(peer))
            .append(" | ")
            .append(r.runs())
            .append(" | ")
            .append(Report.f("%,.0f", r.median()))
            .append(" | ")
            .append(Report.f("%,.0f", r.min()))
            .append("–")
            .append(Report.f("%,.0f", r.max()))
            .append(" | ")
            .append(Report.f("%.1f %%", r.percent()))
            .append(" | ")
            .append(Report.f("%.2f", r.median() * s.size() / 1e6))
            .append(" | ")
            .append(c == null ? "–" : r.over(c).ratioText())
            .append(" | ")
            .append(batch == null ? "–" : r.over(batch).ratioText())
            .append(" | ")
            .append(
                String.join(
                    ", ", samples.stream().map(x -> Long.toString(x.compilationMillis())).toList()))
            .append(" | ")
            .append(samples.stream().mapToInt(Sample::redone).sum())
            .append(" | ")
            .append(samples.stream().mapToLong(Sample::gcCount).sum())
            .append(" | ")
            .append(
                Report.f(
                    "%.0f",
                    Spread.of(samples.stream().map(Sample::allocatedBytesPerMessage).toList())
                        .median()))
            .append(peer.startsWith("c") ? " (harness only)" : "")
            .append(" | ")
            .append(
                Report.f(
                    "%.2f",
                    Spread.of(samples.stream().map(Sample::chunksPerMessage).toList()).median()))
            .append(" | ")
            .append(samples.stream().mapToLong(Sample::t3Expirations).sum())
            .append(" | ")
            .append(
                Report.f(
                    "%,.0f",
                    Spread.of(samples.stream().map(Sample::vethBytesPerMessage).toList()).median()))
            .append(" | ")
            .append(
                String.join(
                    ", ",
                    samples.stream().map(x -> Report.f("%.2f", x.packetsPerMessage())).toList()))
            .append(" |\n");
      }
      md.append('\n');
    }
    repeatability(md);
  }

  /**
   * The slowest window's veth sends per message beside the fastest's, where the scenario crossed
   * the pair: at 4 KiB they tell which packet pattern each window fell into.
   */
  private static String sends(Sample slowest, List<Sample> windows) {
    if (Double.isNaN(slowest.packetsPerMessage())) {
      return "";
    }
    Sample fastest =
        windows.stream()
            .max((a, b) -> Double.compare(a.messagesPerSecond(), b.messagesPerSecond()))
            .orElseThrow();
    return String.format(
        Locale.ROOT,
        ", and %.2f veth sends per message (the fastest window: %.2f)",
        slowest.packetsPerMessage(),
        fastest.packetsPerMessage());
  }

  /**
   * Which peers repeat within REPEATS_PERCENT, and for those that do not, what was in the window.
   */
  private void repeatability(StringBuilder md) {
    if (report.repeatedFigures().isEmpty()) {
      return;
    }
    md.append("### Do the figures repeat?\n\n");
    List<String> lines = new ArrayList<>();
    List<String> cSpreads = new ArrayList<>();
    for (var e : report.repeatedFigures().entrySet()) {
      for (var p : e.getValue().entrySet()) {
        Spread r = Report.rates(p.getValue());
        if (p.getKey().equals("c")) {
          cSpreads.add(Report.label(e.getKey()) + ": " + Report.f("%.1f %%", r.percent()));
        }
        if (r.percent() > REPEATS_PERCENT) {
          long withJit = p.getValue().stream().filter(x -> x.compilationMillis() > 0).count();
          long withGc = p.getValue().stream().filter(x -> x.gcCount() > 0).count();
          Sample slowest =
              p.getValue().stream()
                  .min((a, b) -> Double.compare(a.messagesPerSecond(), b.messagesPerSecond()))
                  .orElseThrow();
          lines.add(
              String.format(
                  Locale.ROOT,
                  "- %s, %s: spread %.1f %%; %d of %d windows had JIT compilation in them, %d had a GC; the"
                      + " slowest (repetition %d, %,.0f messages/s) had %d ms of JIT, %d GCs (%d ms) and %d T3"
                      + " timeouts%s.",
                  Report.label(e.getKey()),
                  Report.NAMES.get(p.getKey()),
                  r.percent(),
                  withJit,
                  p.getValue().size(),
                  withGc,
                  slowest.repetition(),
                  slowest.messagesPerSecond(),
                  slowest.compilationMillis(),
                  slowest.gcCount(),
                  slowest.gcMillis(),
                  slowest.t3Expirations(),
                  sends(slowest, p.getValue())));
        }
      }
    }
    md.append(
        String.format(
            Locale.ROOT,
            "The C loop's spread (max − min over the median) in this run: %s. JIT time is the larger of the"
                + " compilers' elapsed time (`CompilationMXBean`, summed over compiler threads and counted when a"
                + " compilation ends) and their threads' CPU during the window (10 ms ticks), which counts a"
                + " compilation still running at the window's end. ",
            String.join("; ", cSpreads)));
    if (lines.isEmpty()) {
      md.append(
          String.format(
              Locale.ROOT,
              "Every peer repeated within %.0f %% in every scenario.%n%n",
              REPEATS_PERCENT));
    } else {
      md.append(
          String.format(
              Locale.ROOT,
              "Peers whose repetitions spread more than %.0f %%, and what their windows held:%n%n",
              REPEATS_PERCENT));
      lines.forEach(l -> md.append(l).append('\n'));
      md.append('\n');
    }
  }
}
