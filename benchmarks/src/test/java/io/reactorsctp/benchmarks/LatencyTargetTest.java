package io.reactorsctp.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The p99 target is judged on the repetitions: met or not met only when every pairing of our p99s
 * with the C loop's stays on one side of 1.2×, otherwise not judgeable.
 */
class LatencyTargetTest {
  @Test
  void aWholeRangeAboveTheBarIsNotMet() {
    assertThat(p99Row(List.of(200.0, 201.0, 202.0), List.of(270.0, 272.0, 275.0)))
        .contains("worst 1.35× (1.34–1.38)")
        .contains("channel: **not met**");
  }

  @Test
  void aWholeRangeUnderTheBarIsMet() {
    assertThat(p99Row(List.of(200.0, 201.0, 202.0), List.of(220.0, 225.0, 230.0)))
        .contains("channel: **met**");
  }

  @Test
  void aRangeAcrossTheBarIsNotJudgeable() {
    assertThat(p99Row(List.of(200.0, 201.0, 202.0), List.of(230.0, 240.0, 250.0)))
        .contains("channel: **" + Spread.NOT_JUDGEABLE + "**");
  }

  /** The targets table's p99 row for the C loop's and our channel's p99s (µs) per repetition. */
  private static String p99Row(List<Double> c, List<Double> epoll) {
    List<RepeatedLatency.Sample> samples = new ArrayList<>();
    for (int i = 0; i < c.size(); i++) {
      samples.add(sample("c", i + 1, c.get(i)));
      samples.add(sample("epoll", i + 1, epoll.get(i)));
    }
    Report report = new Report(BenchmarkSuite.QUICK, List.of());
    report.latency(64, samples, List.of());
    StringBuilder md = new StringBuilder();
    new TargetsSection(report).write(md);
    return md.toString().lines().filter(l -> l.startsWith("| p99")).findFirst().orElseThrow();
  }

  private static RepeatedLatency.Sample sample(String peer, int repetition, double p99Micros) {
    return new RepeatedLatency.Sample(
        64, peer, repetition, 1000, 1, 0, p99Micros * 1000, 0, 0, 0, 0, 0, 0, 0, 0);
  }
}
