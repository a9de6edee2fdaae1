package io.reactorsctp.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ping-pong's sections: a profile that forks measures each Java peer in a JVM of its own beside
 * the C loop, so no other Java peer's classes and handlers share its JIT profile; a profile that
 * does not fork keeps every peer in one section.
 */
class LatencyGroupsTest {
  @Test
  void aForkingProfileGivesEachJavaPeerItsOwnJvmWithTheCLoop() {
    assertThat(BenchmarkSuite.QUICK.latencyPeers())
        .containsExactly("c", "jdk", "epoll", "reactive");

    assertThat(BenchmarkSuite.latencyGroups(BenchmarkSuite.QUICK))
        .containsExactly(List.of("c", "jdk"), List.of("c", "epoll"), List.of("c", "reactive"));
  }

  @Test
  void aProfileInOneJvmMeasuresEveryPeerInOneSection() {
    assertThat(BenchmarkSuite.latencyGroups(BenchmarkSuite.ALL))
        .containsExactly(BenchmarkSuite.ALL.latencyPeers());
  }
}
