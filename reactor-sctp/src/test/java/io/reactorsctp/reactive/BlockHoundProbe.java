package io.reactorsctp.reactive;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;

/**
 * Run by {@link BlockHoundIntegrationTest} in a JVM of its own (BlockHound instruments the whole
 * JVM for good): installs BlockHound with the integrations the class path provides, ours included,
 * runs {@link NoBlockingOnEventLoopTest}'s workload, then one deliberate sleep on a loop thread.
 * Prints one line per blocking call BlockHound reported, then {@code control: ...}.
 */
final class BlockHoundProbe {

  private BlockHoundProbe() {}

  public static void main(String[] args) throws Exception {
    List<String> reported = new CopyOnWriteArrayList<>();
    BlockHound.install(
        builder ->
            builder.blockingMethodCallback(
                method -> {
                  reported.add(method + " on " + Thread.currentThread().getName());
                  throw new BlockingOperationError(method);
                }));
    SctpLoopResources loops = SctpLoopResources.create("blockhound-loop", 2);
    try {
      NoBlockingOnEventLoopTest.workload(loops);
      reported.forEach(r -> System.out.println("blocking: " + r));
      Throwable control;
      try {
        loops
            .group()
            .next()
            .submit(
                () -> {
                  Thread.sleep(1);
                  return null;
                })
            .get(30, TimeUnit.SECONDS);
        control = null;
      } catch (java.util.concurrent.ExecutionException e) {
        control = e.getCause();
      }
      System.out.println("control: " + control);
    } finally {
      loops.disposeLater().block(Duration.ofSeconds(30));
    }
  }
}
