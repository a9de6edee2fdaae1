package io.reactorsctp.metrics;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One periodic task per event loop (and binder) that refreshes the kernel snapshots of every
 * association on that loop. It runs on the loop itself, so a socket cannot close under a read, and
 * it exists only while the loop has instrumented associations. Event loop only.
 */
final class KernelPoller {
  private final EventExecutor loop;
  private final long intervalNanos;
  private final Set<AssociationMeters> members = new LinkedHashSet<>();
  private ScheduledFuture<?> task;

  KernelPoller(EventExecutor loop, Duration interval) {
    this.loop = loop;
    this.intervalNanos = interval.toNanos();
  }

  void add(AssociationMeters meters) {
    members.add(meters);
    if (task == null) {
      task =
          loop.scheduleAtFixedRate(
              this::pollAll, intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
    }
  }

  void remove(AssociationMeters meters) {
    members.remove(meters);
    if (members.isEmpty() && task != null) {
      task.cancel(false);
      task = null;
    }
  }

  private void pollAll() {
    for (AssociationMeters m : members) { // poll() never adds or removes members
      m.poll();
    }
  }
}
