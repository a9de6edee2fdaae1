package io.reactorsctp.benchmarks;

import io.reactorsctp.benchmarks.RepeatedLatency.Sample;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The report's ping-pong tables: per size and peer the median p50 and p99 of the repetitions, the
 * p99's min–max and its ratio to the C loop with its range, and what else ran in the measured
 * windows (JIT, GC) beside the round trips of a millisecond or more that it causes.
 */
final class LatencySection {
  private final Report report;

  LatencySection(Report report) {
    this.report = report;
  }

  void write(StringBuilder md) {
    md.append("## Request/response latency (ping-pong)\n\n");
    for (var e : report.latencyFigures().entrySet()) {
      Map<String, List<Sample>> row = e.getValue();
      md.append("### lo, ").append(e.getKey()).append(" B, 1 stream, one message in flight\n\n");
      for (JitSettling.Result warm : report.latencyWarmUps().getOrDefault(e.getKey(), List.of())) {
        md.append("Warm-up of ")
            .append(
                String.join(
                    " and ",
                    warm.messagesPerWindow().keySet().stream().map(Report.NAMES::get).toList()))
            .append(": ")
            .append(warm)
            .append(".\n\n");
      }
      md.append(
          "| peer | runs | median round trips/s | median p50 µs | median p99 µs | p99 min–max µs | p99 × C loop"
              + " (range) | median p99.9 µs | max µs | round trips ≥ 1 ms | JIT ms in each window | windows redone"
              + " | GCs in the windows | CPU µs/round trip | bytes allocated/round trip, whole JVM |\n"
              + "|---|---:|---:|---:|---:|---|---|---:|---:|---|---|---:|---:|---:|---:|\n");
      for (String peer : Report.PEERS) {
        List<Sample> samples = row.get(peer);
        if (samples == null) {
          continue;
        }
        Spread p99 = Report.p99s(samples);
        Spread ratio = Report.p99OverC(row, peer);
        md.append("| ")
            .append(Report.NAMES.get(peer))
            .append(" | ")
            .append(p99.runs())
            .append(" | ")
            .append(Report.f("%,.0f", median(samples, Sample::roundTripsPerSecond)))
            .append(" | ")
            .append(Report.f("%,.0f", median(samples, Sample::p50) / 1000))
            .append(" | ")
            .append(Report.f("%,.0f", p99.median() / 1000))
            .append(" | ")
            .append(Report.f("%,.0f", p99.min() / 1000))
            .append("–")
            .append(Report.f("%,.0f", p99.max() / 1000))
            .append(" | ")
            .append(ratio == null ? "–" : ratio.ratioText())
            .append(" | ")
            .append(Report.f("%,.0f", median(samples, Sample::p999) / 1000))
            .append(" | ")
            .append(
                Report.f("%,.0f", samples.stream().mapToDouble(Sample::max).max().orElse(0) / 1000))
            .append(" | ")
            .append(
                String.join(
                    ", ",
                    samples.stream().map(x -> x.slowRoundTrips() + "/" + x.roundTrips()).toList()))
            .append(" | ")
            .append(
                String.join(
                    ", ", samples.stream().map(x -> Long.toString(x.compilationMillis())).toList()))
            .append(" | ")
            .append(samples.stream().mapToInt(Sample::redone).sum())
            .append(" | ")
            .append(samples.stream().mapToLong(Sample::gcCount).sum())
            .append(" | ")
            .append(Report.f("%.1f", median(samples, Sample::cpuNanosPerRoundTrip) / 1000))
            .append(" | ")
            .append(Report.f("%.0f", median(samples, Sample::allocatedBytesPerRoundTrip)))
            .append(peer.equals("c") ? " (harness only)" : "")
            .append(" |\n");
      }
      md.append('\n');
    }
    if (!report.latencyFigures().isEmpty()) {
      md.append(
          "Percentiles from one HdrHistogram (3 significant digits) per window. A ratio's range pairs the"
              + " extremes (the peer's largest p99 over the C loop's smallest, and its smallest over the C loop's"
              + " largest). \"Round trips ≥ 1 ms\" counts them per window: in counted-mode probes such round trips"
              + " came almost only from windows with JIT compilation (or a GC) in them, on the one vCPU the peer"
              + " shares with the compiler threads; a window with more JIT than the rule allows is measured again"
              + " (`benchmarks/findings.md`, 13).\n\n");
    }
  }

  private static double median(List<Sample> samples, ToDoubleFunction<Sample> figure) {
    return Spread.of(samples.stream().map(figure::applyAsDouble).toList()).median();
  }
}
