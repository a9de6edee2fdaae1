package io.reactorsctp.benchmarks;

import java.util.concurrent.TimeUnit;
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

/**
 * One-way throughput on one loopback association: one operation is one message delivered to the
 * receiving end (a batch of {@value #BATCH} is sent, then the sender waits until all arrived). The
 * peer is a parameter, so one JMH run measures every peer on the same machine at nearly the same
 * time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ThroughputBenchmark {
  static final int BATCH = 250;

  @Param({"c", "c-batch", "jdk", "jdk-nio", "netty", "epoll", "reactive"})
  public String peer;

  @Param({"512"})
  public int size;

  @Param({"1"})
  public int streams;

  @Param({"ordered"})
  public String delivery;

  private Peer contestant;

  @Setup(Level.Trial)
  public void open() {
    contestant = Peer.THROUGHPUT.get(peer).apply(Scenario.of(size, streams, delivery));
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void messages() throws Exception {
    contestant.sendBatch(BATCH);
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    contestant.close();
  }
}
