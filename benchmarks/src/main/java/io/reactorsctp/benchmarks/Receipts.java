package io.reactorsctp.benchmarks;

import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Counts messages arriving at the receiving end and wakes the sender once a batch is complete. The
 * receiver pays one atomic increment per message; it unparks the waiter only when the target is
 * reached.
 */
final class Receipts {
  private static final long TIMEOUT_NANOS = 120_000_000_000L;
  private final AtomicLong arrived = new AtomicLong();
  private volatile long target;
  private volatile Thread waiter;

  /** Raises the target by {@code messages} before they are sent; returns the new target. */
  long expect(long messages) {
    long next = target + messages;
    waiter = Thread.currentThread();
    target = next;
    return next;
  }

  void arrived() {
    if (arrived.incrementAndGet() >= target) {
      LockSupport.unpark(waiter);
    }
  }

  void await(long expected) throws TimeoutException {
    long deadline = System.nanoTime() + TIMEOUT_NANOS;
    while (arrived.get() < expected) {
      // The receiver unparks at the target; the timeout only bounds a lost wake-up. Polling more
      // often would charge the Java peers context switches the C peer (a condition variable) does
      // not pay.
      LockSupport.parkNanos(this, 100_000_000);
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(arrived.get() + " of " + expected + " messages arrived");
      }
    }
  }
}
