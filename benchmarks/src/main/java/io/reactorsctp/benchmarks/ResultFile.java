package io.reactorsctp.benchmarks;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.reactorsctp.benchmarks.BenchmarkSuite.Figures;
import io.reactorsctp.benchmarks.BenchmarkSuite.ProfileName;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A run's figures as {@code results.json}, every value under its name, written with the report
 * after each scenario and read back by {@code BenchmarkSuite --chart-only} (or any other tool)
 * without knowing column positions.
 *
 * @param profile the profile's name ({@code quick}, {@code all}, {@code full})
 * @param machine the report's machine lines
 * @param throughput one entry per scenario and peer
 * @param latency one entry per message size and peer
 * @param fanIn one entry per fan-in server
 * @param repetitions every measured throughput window, per scenario, peer and repetition
 * @param warmUps what warm-up did before each throughput scenario
 */
record ResultFile(
    String profile,
    List<String> machine,
    List<Throughput> throughput,
    List<Latency> latency,
    List<FanIn.Result> fanIn,
    List<RepeatedThroughput.Sample> repetitions,
    List<JitSettling.Result> warmUps) {
  static final String NAME = "results.json";

  /**
   * Non-finite figures (a profiler that gave nothing) stay NaN, written as JSON's non-standard
   * {@code NaN}.
   */
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
          .build();

  /** One peer in one throughput scenario. */
  record Throughput(Scenario scenario, String peer, Figures figures) {}

  /**
   * One peer's ping-pong at one size: rates, and its round-trip percentiles in nanoseconds by name
   * (p50, p99...).
   */
  record Latency(int size, String peer, Figures figures, Map<String, Double> percentilesNanos) {}

  static ResultFile of(Report report) {
    List<Throughput> throughput = new ArrayList<>();
    report
        .throughputFigures()
        .forEach((s, row) -> row.forEach((peer, f) -> throughput.add(new Throughput(s, peer, f))));
    List<Latency> latency = new ArrayList<>();
    report
        .latencyRates()
        .forEach(
            (size, row) ->
                row.forEach(
                    (peer, f) -> {
                      Map<String, Double> percentiles = new LinkedHashMap<>();
                      Properties p = report.latencyFigures().get(size).get(peer);
                      p.stringPropertyNames().stream()
                          .sorted()
                          .forEach(k -> percentiles.put(k, Report.p(p, k)));
                      latency.add(new Latency(size, peer, f, percentiles));
                    }));
    List<RepeatedThroughput.Sample> repetitions = new ArrayList<>();
    report.repeatedFigures().values().forEach(row -> row.values().forEach(repetitions::addAll));
    return new ResultFile(
        report.profile().name(),
        report.machine(),
        throughput,
        latency,
        report.fanInResults(),
        repetitions,
        new ArrayList<>(report.warmUps().values()));
  }

  void write(Path directory) throws IOException {
    JSON.writerWithDefaultPrettyPrinter().writeValue(directory.resolve(NAME).toFile(), this);
  }

  static ResultFile read(Path directory) throws IOException {
    return JSON.readValue(directory.resolve(NAME).toFile(), ResultFile.class);
  }

  /** A report holding these figures again: enough to redraw the chart or the tables. */
  Report toReport() {
    Report r = new Report(ProfileName.valueOf(profile).profile, machine);
    throughput.forEach(t -> r.throughput(t.scenario(), t.peer(), t.figures()));
    if (repetitions != null) {
      Map<Scenario, List<RepeatedThroughput.Sample>> byScenario = new LinkedHashMap<>();
      repetitions.forEach(
          x -> byScenario.computeIfAbsent(x.scenario(), k -> new ArrayList<>()).add(x));
      byScenario.forEach(
          (s, list) ->
              r.repeated(
                  s,
                  list,
                  warmUps == null
                      ? null
                      : warmUps.stream()
                          .filter(w -> w.scenario().equals(s))
                          .findFirst()
                          .orElse(null)));
    }
    for (Latency l : latency) {
      Properties p = new Properties();
      l.percentilesNanos().forEach((k, v) -> p.setProperty(k, Double.toString(v)));
      r.latency(l.size(), l.peer(), l.figures(), p);
    }
    fanIn.forEach(r::fanIn);
    return r;
  }
}
