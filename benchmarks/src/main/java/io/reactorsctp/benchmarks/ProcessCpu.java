package io.reactorsctp.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * CPU time (user + system) of this JVM plus the child processes doing a peer's work (the C loop),
 * so every peer is charged for everything it runs. Linux reports both in clock ticks (10 ms):
 * iterations are long enough.
 */
final class ProcessCpu {
  static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux
  private static final Set<Long> CHILDREN = ConcurrentHashMap.newKeySet();

  /**
   * CPU of children that were unregistered: JMH tears a trial down before its last iteration is
   * accounted.
   */
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

  /**
   * {@link #nanos()} without the JVM's own threads (JIT compilers, GC, the VM thread): what the
   * application's threads and the peer's children used. Without forks, the process figure also
   * carries compilation of code that earlier peers left behind; this one does not.
   */
  static long applicationNanos() {
    return nanos() - jvmInternalNanos();
  }

  private static long jvmInternalNanos() {
    return threadNanos(
        name ->
            isCompiler(name)
                || name.startsWith("GC Thread")
                || name.startsWith("G1 ")
                || name.equals("VM Thread"));
  }

  /**
   * CPU of this JVM's JIT compiler threads so far: unlike {@code
   * CompilationMXBean.getTotalCompilationTime()}, which grows when a compilation ends, it grows
   * while one runs.
   */
  static long compilerNanos() {
    return threadNanos(ProcessCpu::isCompiler);
  }

  private static boolean isCompiler(String threadName) {
    return threadName.startsWith("C1 Compiler") || threadName.startsWith("C2 Compiler");
  }

  /** CPU of this JVM's threads whose name ({@code /proc/self/task/N/comm}) passes {@code named}. */
  private static long threadNanos(Predicate<String> named) {
    long total = 0;
    try (var tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        try {
          if (named.test(Files.readString(task.resolve("comm")).strip())) {
            total += ticksToNanos(Files.readString(task.resolve("stat")));
          }
        } catch (IOException | RuntimeException ended) {
          // the thread ended while we looked
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return total;
  }

  private static long ticksToNanos(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
  }

  static long nanos() {
    long total = OS.getProcessCpuTime() + RETIRED.get();
    for (long pid : CHILDREN) {
      total += childNanos(pid);
    }
    return total;
  }

  /**
   * utime + stime, fields 14 and 15 of /proc/PID/stat (counted after the parenthesised command
   * name).
   */
  private static long childNanos(long pid) {
    try {
      return ticksToNanos(Files.readString(Path.of("/proc/" + pid + "/stat")));
    } catch (IOException | RuntimeException e) {
      return 0; // the child has exited
    }
  }

  private ProcessCpu() {}
}
