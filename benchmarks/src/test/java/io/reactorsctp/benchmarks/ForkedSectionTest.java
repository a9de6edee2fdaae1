package io.reactorsctp.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * A section of the suite runs in a JVM of its own ({@link ForkedSection}) on a real kernel SCTP
 * stack, and its windows come back: the child is seen among this JVM's child processes while the
 * section runs, and what it sent is read from the kernel's counters here, not only from its report.
 * Tiny windows: the warm-up runs its rounds in seconds; no figure is judged.
 */
class ForkedSectionTest {
  @Test
  void runsASectionInAChildJvmAndReadsItsWindowsBack() throws Exception {
    Scenario s = Scenario.of(512, 1, "ordered");
    Set<String> children = ConcurrentHashMap.newKeySet();
    Thread watcher =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  while (!Thread.currentThread().isInterrupted()) {
                    ProcessHandle.current()
                        .children()
                        .forEach(c -> c.info().commandLine().ifPresent(children::add));
                    try {
                      Thread.sleep(50);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
    Map<String, Long> before = RepeatedThroughput.snmp();
    ForkedSection.Outcome o;
    try {
      o = ForkedSection.run(new ForkedSection.Request(s, 0, List.of("jdk"), 2, 0.05));
    } finally {
      watcher.interrupt();
    }
    Map<String, Long> after = RepeatedThroughput.snmp();

    assertThat(children)
        .as("command lines of this JVM's children while the section ran")
        .anyMatch(c -> c.contains(ForkedSection.class.getName()));
    assertThat(o.throughput()).hasSize(2);
    assertThat(o.throughput())
        .allSatisfy(
            w -> {
              assertThat(w.peer()).isEqualTo("jdk");
              assertThat(w.scenario()).isEqualTo(s);
              assertThat(w.messages()).isPositive();
            });
    assertThat(o.throughput())
        .extracting(RepeatedThroughput.Sample::repetition)
        .containsExactly(1, 2);
    assertThat(o.warmUp().rounds()).isPositive();
    assertThat(o.vethMtu()).as("loopback: no veth pair").isEqualTo(-1);
    long measured = o.throughput().stream().mapToLong(RepeatedThroughput.Sample::messages).sum();
    // Warm-up and both windows: one ordered DATA chunk received per 512 B message.
    assertThat(RepeatedThroughput.delta(before, after, "SctpInOrderChunks"))
        .as("ordered chunks the kernel received while the section ran")
        .isGreaterThan(measured);
  }
}
