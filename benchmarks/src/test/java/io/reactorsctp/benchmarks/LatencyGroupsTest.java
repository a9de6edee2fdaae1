package io.reactorsctp.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ping-pong's sections: a profile that forks measures each Java peer in JVMs of its own beside
 * the C loop, so no other Java peer's classes and handlers share its JIT profile, and in more than
 * one, since the round trip differs between JVMs of one build; a profile that does not fork keeps
 * every peer in one section.
 */
class LatencyGroupsTest {
  @Test
  void aForkingProfileGivesEachJavaPeerJvmsOfItsOwnWithTheCLoop() {
    assertThat(BenchmarkSuite.QUICK.latencyPeers())
        .containsExactly("c", "jdk", "epoll", "reactive");

    assertThat(BenchmarkSuite.latencyGroups(BenchmarkSuite.QUICK))
        .containsExactly(
            List.of("c", "jdk"),
            List.of("c", "epoll"),
            List.of("c", "reactive"),
            List.of("c", "jdk"),
            List.of("c", "epoll"),
            List.of("c", "reactive"));
    List<List<String>> fullGroups = BenchmarkSuite.latencyGroups(BenchmarkSuite.FULL);
    for (String peer : BenchmarkSuite.FULL.latencyPeers()) {
      if (peer.equals("c")) {
        continue;
      }
      assertThat(fullGroups)
          .as("three JVMs for %s in the full profile", peer)
          .filteredOn(group -> group.equals(List.of("c", peer)))
          .hasSize(3);
    }
  }

  @Test
  void aProfileInOneJvmMeasuresEveryPeerInOneSection() {
    assertThat(BenchmarkSuite.latencyGroups(BenchmarkSuite.ALL))
        .containsExactly(BenchmarkSuite.ALL.latencyPeers());
  }
}
