package io.reactorsctp.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The benchmark peers work: each Java peer delivers a small batch one way and runs a few ping-pong round trips on
 * a real kernel SCTP stack. No timing is asserted (figures live in docs/benchmarks.md, from tools/bench). The C
 * peer is left to tools/bench, which compiles it with gcc; CI needs no compiler.
 */
class PeersSmokeTest {
  @ParameterizedTest
  @ValueSource(strings = {"jdk", "jdk-nio", "netty", "epoll", "reactive"})
  void deliversABatchOneWay(String peer) throws Exception {
    try (Peer p = Peer.THROUGHPUT.get(peer).apply(Scenario.of(512, 10, "unordered"))) {
      p.sendBatch(50);
      p.sendBatch(50); // returns only once the receiving end counted all 100, on 10 streams, unordered
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdk", "jdk-nio", "netty", "epoll", "reactive"})
  void echoesRoundTrips(String peer) throws Exception {
    Histogram rtts = new Histogram(60_000_000_000L, 3);
    try (Peer p = Peer.ECHO.get(peer).apply(Scenario.of(64, 1, "ordered"))) {
      p.pingPong(5, rtts);
    }
    assertThat(rtts.getTotalCount()).isEqualTo(5);
  }
}
