package io.reactorsctp.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The benchmark peers work: each Java peer delivers a small batch one way and runs a few ping-pong
 * round trips on a real kernel SCTP stack. What moved is checked against the kernel's own SCTP
 * counters (/proc/net/sctp/snmp: DATA chunks received, after its duplicate check), not against the
 * peer's bookkeeping, so a peer that counts wrong or sends nothing fails. No timing target is
 * asserted (figures live in docs/benchmarks.md, from tools/bench). The C peer is left to
 * tools/bench, which compiles it with gcc; CI needs no compiler.
 */
class PeersSmokeTest {
  private static final Path SNMP = Path.of("/proc/net/sctp/snmp");

  @ParameterizedTest
  @ValueSource(strings = {"jdk", "jdk-nio", "netty", "epoll", "reactive"})
  void deliversABatchOneWay(String peer) throws Exception {
    try (Peer p = Peer.THROUGHPUT.get(peer).apply(Scenario.of(512, 10, "unordered"))) {
      Map<String, Long> before = snmp();
      long start = System.nanoTime();
      p.sendBatch(50);
      p.sendBatch(
          50); // returns only once the receiving end counted all 100, on 10 streams, unordered
      long nanos = System.nanoTime() - start;
      Map<String, Long> after = snmp();
      // 512 B fit one DATA chunk: one chunk per message, and nothing else runs on this kernel
      // meanwhile.
      assertThat(delta(before, after, "SctpInUnorderChunks"))
          .as("%s: unordered chunks received", peer)
          .isEqualTo(100);
      assertThat(delta(before, after, "SctpInOrderChunks"))
          .as("%s: ordered chunks received", peer)
          .isZero();
      assertThat(100 * 1e9 / nanos).as("%s: messages per second", peer).isPositive();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdk", "jdk-nio", "netty", "epoll", "reactive"})
  void echoesRoundTrips(String peer) throws Exception {
    Histogram rtts = new Histogram(60_000_000_000L, 3);
    try (Peer p = Peer.ECHO.get(peer).apply(Scenario.of(64, 1, "ordered"))) {
      Map<String, Long> before = snmp();
      p.pingPong(5, rtts);
      Map<String, Long> after = snmp();
      // Five requests and five answers, each one ordered DATA chunk received by one end.
      assertThat(delta(before, after, "SctpInOrderChunks"))
          .as("%s: ordered chunks received", peer)
          .isEqualTo(10);
    }
    assertThat(rtts.getTotalCount()).isEqualTo(5);
    assertThat(rtts.getMinValue()).as("a round trip takes time").isPositive();
  }

  private static long delta(Map<String, Long> before, Map<String, Long> after, String field) {
    assertThat(after).as("the kernel's SCTP counters").containsKey(field);
    return after.get(field) - before.get(field);
  }

  /** The kernel's SCTP counters: lines of a name and a value. */
  private static Map<String, Long> snmp() throws IOException {
    Map<String, Long> out = new HashMap<>();
    for (String line : Files.readAllLines(SNMP)) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 2) {
        out.put(f[0], Long.parseLong(f[1]));
      }
    }
    return out;
  }
}
