package io.reactorsctp.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Request/response ping-pong on one loopback association: the client sends one message, the server
 * echoes it, the client records the round trip in an HdrHistogram and sends the next. One operation
 * is one round trip (JMH's score is round trips per second); the percentiles of the measurement
 * iterations are written to {@code ${bench.out}/latency-PEER-SIZE.txt}. The suite (`tools/bench`)
 * measures latency with {@link RepeatedLatency} instead, in interleaved repetitions.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LatencyBenchmark {
  static final int ROUNDS = 100;

  @Param({"c", "jdk", "jdk-nio", "netty", "epoll", "reactive"})
  public String peer;

  @Param({"64"})
  public int size;

  private Peer contestant;
  private final Histogram measured = new Histogram(60_000_000_000L, 3);
  private final Histogram warmup = new Histogram(60_000_000_000L, 3);
  private Histogram current = warmup;

  @Setup(Level.Trial)
  public void open() {
    contestant = Peer.ECHO.get(peer).apply(Scenario.of(size, 1, "ordered"));
  }

  @Setup(Level.Iteration)
  public void iteration(IterationParams params) {
    current = params.getType() == IterationType.MEASUREMENT ? measured : warmup;
  }

  @Benchmark
  @OperationsPerInvocation(ROUNDS)
  public void roundTrips() throws Exception {
    contestant.pingPong(ROUNDS, current);
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    contestant.close();
    write(
        Path.of(System.getProperty("bench.out", "target/benchmarks"))
            .resolve("latency-" + peer + "-" + size + ".txt"));
  }

  private void write(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        String.format(
            "count=%d%np50=%d%np99=%d%np999=%d%nmax=%d%n",
            measured.getTotalCount(),
            measured.getValueAtPercentile(50),
            measured.getValueAtPercentile(99),
            measured.getValueAtPercentile(99.9),
            measured.getMaxValue()));
  }
}
