package io.reactorsctp.benchmarks;

import java.util.Map;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * One side-by-side contestant: a sender and a receiver on one loopback association, both in this
 * process (or, for the C loop, both in its child process), two threads in all.
 */
interface Peer extends AutoCloseable {
  /** The peers by the name used in JMH parameters and in the report, in report order. */
  Map<String, Function<Scenario, Peer>> THROUGHPUT =
      Map.of(
          "c", s -> CLoopPeer.open("throughput", s),
          "c-batch", s -> CLoopPeer.open("batching", s),
          "jdk", s -> JdkBlockingPeer.open(s, false),
          "jdk-nio", s -> JdkSelectorPeer.open(s, false),
          "netty", s -> NettyNioPeer.open(s, false),
          "epoll", s -> EpollChannelPeer.open(s, false),
          "reactive", s -> ReactivePeer.open(s, false));

  Map<String, Function<Scenario, Peer>> ECHO =
      Map.of(
          "c", s -> CLoopPeer.open("latency", s),
          "jdk", s -> JdkBlockingPeer.open(s, true),
          "jdk-nio", s -> JdkSelectorPeer.open(s, true),
          "netty", s -> NettyNioPeer.open(s, true),
          "epoll", s -> EpollChannelPeer.open(s, true),
          "reactive", s -> ReactivePeer.open(s, true));

  /** Sends {@code messages} messages and returns once the receiving end has all of them. */
  void sendBatch(int messages) throws Exception;

  /**
   * Runs {@code rounds} request/response round trips, one at a time, recording each in nanoseconds.
   */
  void pingPong(int rounds, Histogram roundTripNanos) throws Exception;

  /** Closes both ends and stops their threads. */
  @Override
  void close();

  /** For close(): an interrupted wait leaves the thread interrupted and fails the close. */
  static IllegalStateException interrupted(InterruptedException e) {
    Thread.currentThread().interrupt();
    return new IllegalStateException("interrupted while closing", e);
  }
}
