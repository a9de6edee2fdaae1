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
import java.util.List;

/**
 * A run's figures as {@code results.json}, every value under its name, written with the report
 * after each scenario and read back by {@code BenchmarkSuite --chart-only} (or any other tool)
 * without knowing column positions.
 *
 * @param profile the profile's name ({@code quick}, {@code all}, {@code full})
 * @param machine the report's machine lines
 * @param throughput one entry per scenario and peer
 * @param fanIn one entry per fan-in server
 * @param repetitions every measured throughput window, per scenario, peer and repetition
 * @param warmUps what warm-up did before each throughput scenario
 * @param latencyRepetitions every measured ping-pong window, per size, peer and repetition
 * @param latencyWarmUps what warm-up did before each ping-pong size
 */
record ResultFile(
    String profile,
    List<String> machine,
    List<Throughput> throughput,
    List<FanIn.Result> fanIn,
    List<RepeatedThroughput.Sample> repetitions,
    List<JitSettling.Result> warmUps,
    List<RepeatedLatency.Sample> latencyRepetitions,
    List<JitSettling.Result> latencyWarmUps) {
  static final String NAME = "results.json";

  /**
   * Non-finite figures (a profiler that gave nothing) stay NaN, written as JSON's non-standard
   * {@code NaN}.
   */
  static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
          .build();

  /** One peer in one throughput scenario. */
  record Throughput(Scenario scenario, String peer, Figures figures) {}

  static ResultFile of(Report report) {
    List<Throughput> throughput = new ArrayList<>();
    report
        .throughputFigures()
        .forEach((s, row) -> row.forEach((peer, f) -> throughput.add(new Throughput(s, peer, f))));
    List<RepeatedThroughput.Sample> repetitions = new ArrayList<>();
    report.repeatedFigures().values().forEach(row -> row.values().forEach(repetitions::addAll));
    List<RepeatedLatency.Sample> latency = new ArrayList<>();
    report.latencyFigures().values().forEach(row -> row.values().forEach(latency::addAll));
    return new ResultFile(
        report.profile().name(),
        report.machine(),
        throughput,
        report.fanInResults(),
        repetitions,
        new ArrayList<>(report.warmUps().values()),
        latency,
        report.latencyWarmUps().values().stream().flatMap(List::stream).toList());
  }

  void write(Path directory) throws IOException {
    JSON.writerWithDefaultPrettyPrinter().writeValue(directory.resolve(NAME).toFile(), this);
  }

  static ResultFile read(Path directory) throws IOException {
    return JSON.readValue(directory.resolve(NAME).toFile(), ResultFile.class);
  }

  /**
   * The warm-ups of {@code scenario} in {@code warmUps}, one per section that measured it (none in
   * a file from before they were kept).
   */
  private static List<JitSettling.Result> warmUpsOf(
      List<JitSettling.Result> warmUps, Scenario scenario) {
    return warmUps == null
        ? List.of()
        : warmUps.stream().filter(w -> w.scenario().equals(scenario)).toList();
  }

  /** A report holding these figures again: enough to redraw the chart or the tables. */
  Report toReport() {
    Report r = new Report(ProfileName.valueOf(profile).profile, machine);
    throughput.forEach(t -> r.throughput(t.scenario(), t.peer(), t.figures()));
    if (repetitions != null) {
      Report.grouped(repetitions, RepeatedThroughput.Sample::scenario)
          .forEach(
              (s, list) ->
                  r.repeated(s, list, warmUpsOf(warmUps, s).stream().findFirst().orElse(null)));
    }
    if (latencyRepetitions != null) {
      Report.grouped(latencyRepetitions, RepeatedLatency.Sample::size)
          .forEach(
              (size, list) ->
                  r.latency(size, list, warmUpsOf(latencyWarmUps, RepeatedLatency.scenario(size))));
    }
    fanIn.forEach(r::fanIn);
    return r;
  }
}
