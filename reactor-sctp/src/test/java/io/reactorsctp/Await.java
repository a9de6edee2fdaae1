package io.reactorsctp;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A bounded wait on a condition, polled, that fails naming what was awaited if it never held. */
public final class Await {
  private static final long POLL_MILLIS = 20;

  /**
   * Waits at most {@code seconds} for {@code condition}; fails with "not within N s: {@code what}".
   */
  public static void until(String what, long seconds, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + seconds + " s: " + what);
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  private Await() {}
}
