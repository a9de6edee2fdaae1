package io.reactorsctp.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactorsctp.benchmarks.BenchmarkSuite.Figures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The suite's result file holds every figure under its name and gives back the same report (a
 * figure the profilers did not give stays NaN); the command lines parse their named options.
 */
class ResultFileTest {
  @Test
  void aReportSurvivesItsResultFile(@TempDir Path dir) throws Exception {
    Report report = new Report(BenchmarkSuite.ALL, List.of("host: test"));
    Scenario ttl = Scenario.of(512, 10, "ttl");
    report.throughput(ttl, "epoll", new Figures(4567.5, 12.25, 3000, Double.NaN, 96));
    Properties percentiles = new Properties();
    percentiles.setProperty("p50", "1000.0");
    percentiles.setProperty("p99", "2500.0");
    report.latency(64, "c", new Figures(900, 1, 2, 3, 4), percentiles);
    report.fanIn(new FanIn.Result("epoll-multi", 100, 5000, 700, 209, 0));
    Scenario veth = Scenario.of(64, 1, "ordered").on(NetworkPath.VETH);
    List<RepeatedThroughput.Sample> reps =
        List.of(
            new RepeatedThroughput.Sample(
                veth, "c", 1, 1000, 0.1, 10_000, 0, 0, 0, 3, 1, 120, 1, 0, 0),
            new RepeatedThroughput.Sample(
                veth, "c", 2, 1000, 0.1, 9_000, 5, 1, 2, 3, 1, 120, 1, 0, 0),
            new RepeatedThroughput.Sample(
                veth, "c", 3, 1000, 0.1, 9_500, 0, 0, 0, 3, 1, 120, 1, 0, 0));
    report.repeated(veth, reps, null);

    ResultFile.of(report).write(dir);
    assertThat(Files.readString(dir.resolve(ResultFile.NAME)))
        .contains("\"opsPerSecond\" : 4567.5")
        .contains("\"processCpuNanosPerOp\" : NaN")
        .contains("\"ttlMillis\" : " + Scenario.TTL_MILLIS);
    Report back = ResultFile.read(dir).toReport();

    assertThat(back.profile()).isEqualTo(BenchmarkSuite.ALL);
    assertThat(back.machine()).containsExactly("host: test");
    Figures f = back.throughputFigures().get(ttl).get("epoll");
    assertThat(f.opsPerSecond()).isEqualTo(4567.5);
    assertThat(f.error()).isEqualTo(12.25);
    assertThat(f.processCpuNanosPerOp()).isNaN();
    assertThat(f.allocatedBytesPerOp()).isEqualTo(96);
    assertThat(Report.p(back.latencyFigures().get(64).get("c"), "p99")).isEqualTo(2500.0);
    assertThat(back.latencyRates().get(64).get("c").opsPerSecond()).isEqualTo(900);
    assertThat(back.repeatedFigures().get(veth).get("c")).isEqualTo(reps);
    assertThat(back.throughputFigures().get(veth).get("c").opsPerSecond()).isEqualTo(9_500);
    assertThat(back.fanInResults())
        .containsExactly(new FanIn.Result("epoll-multi", 100, 5000, 700, 209, 0));
  }

  @Test
  void commandLinesTakeNamedOptions() {
    BenchmarkSuite.Arguments suite = new BenchmarkSuite.Arguments();
    new CommandLine(suite)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .parseArgs("--profile", "FULL", "--docs", "out", "--results", "res");
    assertThat(suite.profile.profile).isEqualTo(BenchmarkSuite.FULL);
    assertThat(suite.docs).isEqualTo(Path.of("out"));
    assertThat(suite.results).isEqualTo(Path.of("res"));

    PeerThroughput one = new PeerThroughput();
    new CommandLine(one)
        .parseArgs("--peer", "c,epoll", "--peer", "reactive", "--size", "1024", "--messages", "10");
    assertThat(one.peers).containsExactly("c", "epoll", "reactive");
    assertThat(one.size).isEqualTo(1024);
    assertThat(one.messages).isEqualTo(10);
    assertThat(one.warmup).isEqualTo(100_000);

    CompareBuilds compare = new CompareBuilds();
    new CommandLine(compare)
        .parseArgs("--build", "before=/a:/b", "--build", "after=/c", "--size", "64,1024");
    assertThat(compare.builds)
        .containsExactly(
            java.util.Map.entry("before", "/a:/b"), java.util.Map.entry("after", "/c"));
    assertThat(compare.sizes).containsExactly(64, 1024);
  }
}
