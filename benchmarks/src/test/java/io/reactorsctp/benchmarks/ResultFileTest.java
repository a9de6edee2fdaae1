package io.reactorsctp.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactorsctp.benchmarks.BenchmarkSuite.Figures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
    List<RepeatedLatency.Sample> pingPongs =
        List.of(
            new RepeatedLatency.Sample(
                64, "c", 1, 4900, 1, 196_000, 206_000, 250_000, 3e6, 1, 0, 0, 2e5, 20, 0),
            new RepeatedLatency.Sample(
                64, "epoll", 1, 3800, 1, 264_000, 274_000, 300_000, 7e6, 9, 99, 1, 3e5, 500, 1));
    // one warm-up per JVM that measured the size: the C loop with each Java peer
    List<JitSettling.Result> pingPongWarmUps =
        List.of(
            new JitSettling.Result(
                Scenario.of(64, 1, "ordered"), 25, false, 49_684, 31, 77, Map.of("c", 4900L)),
            new JitSettling.Result(
                Scenario.of(64, 1, "ordered"), 20, true, 40_000, 12, 70, Map.of("c", 4800L)));
    report.latency(64, pingPongs, pingPongWarmUps);
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
    assertThat(back.latencyFigures().get(64).get("c")).containsExactly(pingPongs.getFirst());
    assertThat(back.latencyFigures().get(64).get("epoll")).containsExactly(pingPongs.getLast());
    assertThat(back.latencyWarmUps().get(64)).isEqualTo(pingPongWarmUps);
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
