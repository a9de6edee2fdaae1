package io.reactorsctp.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A section of the suite runs in a JVM of its own ({@link ForkedSection}) on a real kernel SCTP
 * stack, and its windows come back: the child is seen among this JVM's child processes while the
 * section runs, and what it sent is read from the kernel's counters here, not only from its report.
 * Windows of 0.05 s: the warm-up's 40 rounds take well under a minute; no figure is judged.
 */
class ForkedSectionTest {
  @Test
  void runsASectionInAChildJvmAndReadsItsWindowsBack() throws Exception {
    Scenario s = Scenario.of(512, 1, "ordered");
    Map<String, Long> before = RepeatedThroughput.snmp();
    CompletableFuture<ForkedSection.Outcome> section =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return ForkedSection.run(new ForkedSection.Request(s, 0, List.of("jdk"), 2, 0.05));
              } catch (Exception e) {
                throw new CompletionException(e);
              }
            });

    assertThat(childJvmRunningSection(section))
        .as("a child of this JVM with ForkedSection in its command line, while the section ran")
        .isTrue();
    ForkedSection.Outcome o = section.get(10, TimeUnit.MINUTES);
    Map<String, Long> after = RepeatedThroughput.snmp();

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

  /**
   * Waits (at most 2 minutes, or until {@code section} ends) for a child process of this JVM whose
   * command line names {@link ForkedSection}.
   */
  private static boolean childJvmRunningSection(CompletableFuture<?> section)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline && !section.isDone()) {
      boolean seen =
          ProcessHandle.current()
              .children()
              .anyMatch(
                  c ->
                      c.info()
                          .commandLine()
                          .filter(line -> line.contains(ForkedSection.class.getName()))
                          .isPresent());
      if (seen) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }
}
