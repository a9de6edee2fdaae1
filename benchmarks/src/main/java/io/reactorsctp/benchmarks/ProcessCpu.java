package io.reactorsctp.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CPU time (user + system) of this JVM plus the child processes doing a peer's work (the C loop), so every
 * peer is charged for everything it runs. Linux reports both in clock ticks (10 ms): iterations are long enough.
 */
final class ProcessCpu {
  private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux
  private static final Set<Long> CHILDREN = ConcurrentHashMap.newKeySet();
  /** CPU of children that were unregistered: JMH tears a trial down before its last iteration is accounted. */
  private static final AtomicLong RETIRED = new AtomicLong();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  static void register(long pid) {
    CHILDREN.add(pid);
  }

  /** Call while the child still runs: its CPU so far stays counted. */
  static void unregister(long pid) {
    if (CHILDREN.remove(pid)) {
      RETIRED.addAndGet(childNanos(pid));
    }
  }

  static long nanos() {
    long total = OS.getProcessCpuTime() + RETIRED.get();
    for (long pid : CHILDREN) {
      total += childNanos(pid);
    }
    return total;
  }

  /** utime + stime, fields 14 and 15 of /proc/PID/stat (counted after the parenthesised command name). */
  private static long childNanos(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return 0; // the child has exited
    }
  }

  private ProcessCpu() {}
}
