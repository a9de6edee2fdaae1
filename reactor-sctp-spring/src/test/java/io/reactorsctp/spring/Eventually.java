package io.reactorsctp.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** A bounded wait for what another thread (an event loop) makes true. */
final class Eventually {
  private Eventually() {}

  /** The bound on every wait: a stuck association fails the test instead of hanging it. */
  static final Duration WAIT = Duration.ofSeconds(30);

  static void until(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() - deadline < 0) {
      Thread.sleep(10);
    }
    assertThat(condition.getAsBoolean()).as(what + " within " + WAIT).isTrue();
  }
}
