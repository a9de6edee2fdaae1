package io.reactorsctp.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A peer in a JVM of its own ({@link PeerJvm}) measures the windows it is told to, on a real kernel
 * SCTP stack: what moved is read from the kernel's counters in this JVM, not from the child's
 * report alone, so a child that answered without measuring fails.
 */
class PeerJvmTest {
  @Test
  void measuresAPingPongWindowInItsOwnJvm() throws Exception {
    Scenario s = RepeatedLatency.scenario(64);
    try (var peer = PeerJvm.open(RepeatedLatency.KIND, s, "epoll")) {
      peer.beginDrain();
      peer.endDrain();
      Map<String, Long> before = RepeatedThroughput.snmp();
      RepeatedLatency.Sample w = peer.window(3, 200);
      Map<String, Long> after = RepeatedThroughput.snmp();
      // 200 requests and 200 answers, each one ordered DATA chunk received by one end.
      assertThat(RepeatedThroughput.delta(before, after, "SctpInOrderChunks"))
          .as("ordered chunks the kernel received during the window")
          .isEqualTo(400);
      assertThat(w.peer()).isEqualTo("epoll");
      assertThat(w.repetition()).isEqualTo(3);
      assertThat(w.roundTrips()).isEqualTo(200);
      assertThat(w.p50()).as("a round trip takes time").isPositive();
    }
  }
}
