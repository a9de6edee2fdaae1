package io.reactorsctp.benchmarks;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One throughput scenario for several peers, measured in interleaved repetitions (peer A's first,
 * peer B's first, ..., A's second, ...), so that a drift of the machine or of the JVM touches every
 * peer alike. Every peer is opened, then warmed up in rounds until the JIT compilers stop working
 * ({@link JitSettling}), then measured: each window sends as many messages as the peer moved in
 * about {@code windowSeconds} during its warm-up, so a window lasts about as long for a slow peer
 * as for a fast one. What ran inside each window besides the peer is kept with it: JIT compilation
 * time, garbage collections, and (over the veth pair) the packets our end sent.
 */
final class RepeatedThroughput {
  /**
   * One measured window of one peer.
   *
   * @param compilationMillis JIT compilation time inside the window (all compiler threads)
   * @param gcCount garbage collections inside the window
   * @param gcMillis their accumulated time
   * @param allocatedBytesPerMessage bytes all threads of this JVM allocated, per message
   * @param packetsPerMessage packets (GSO: super-packets) sent on our veth end per message, or NaN
   *     on loopback
   * @param vethBytesPerMessage bytes sent on our veth end per message, or NaN on loopback
   * @param chunksPerMessage DATA chunks our namespace's SCTP sent per message ({@code
   *     SctpOutOrderChunks + SctpOutUnorderChunks}): a 4 KiB message is cut into 3 at MTU 1500, 1
   *     on loopback
   * @param t3Expirations retransmission timeouts in our namespace during the window
   * @param redone windows of this repetition measured before this one and dropped, because the JIT
   *     compiled in more than {@value #REDO_JIT_PERCENT} % of them
   */
  record Sample(
      Scenario scenario,
      String peer,
      int repetition,
      long messages,
      double seconds,
      double messagesPerSecond,
      long compilationMillis,
      long gcCount,
      long gcMillis,
      double allocatedBytesPerMessage,
      double packetsPerMessage,
      double vethBytesPerMessage,
      double chunksPerMessage,
      long t3Expirations,
      int redone) {
    Sample redone(int times) {
      return new Sample(
          scenario,
          peer,
          repetition,
          messages,
          seconds,
          messagesPerSecond,
          compilationMillis,
          gcCount,
          gcMillis,
          allocatedBytesPerMessage,
          packetsPerMessage,
          vethBytesPerMessage,
          chunksPerMessage,
          t3Expirations,
          times);
    }
  }

  /**
   * A window in which the JIT compiled more than this share of its time is measured again (at most
   * {@value #MAX_REDOS} times): on one vCPU it measured the compiler, not the peer. The report
   * counts the windows redone.
   */
  static final int REDO_JIT_PERCENT = 5;

  static final int MAX_REDOS = 2;

  private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private RepeatedThroughput() {}

  /**
   * Measures {@code peers} on {@code scenario}, {@code repetitions} windows each; what warm-up
   * found goes to {@code settled}.
   */
  static List<Sample> run(
      Scenario scenario,
      List<String> peers,
      int repetitions,
      double windowSeconds,
      List<JitSettling.Result> settled)
      throws Exception {
    Map<String, Peer> open = new LinkedHashMap<>();
    List<Sample> samples = new ArrayList<>();
    try {
      for (String peer : peers) {
        open.put(peer, Peer.THROUGHPUT.get(peer).apply(scenario));
      }
      JitSettling.Result warm = JitSettling.warmUp(scenario, open, windowSeconds);
      settled.add(warm);
      System.out.println(warm);
      for (int rep = 1; rep <= repetitions; rep++) {
        for (var e : open.entrySet()) {
          long count = warm.messagesPerWindow().get(e.getKey());
          Sample s = measure(scenario, e.getKey(), e.getValue(), rep, count);
          int redone = 0;
          while (s.compilationMillis() > s.seconds() * 10 * REDO_JIT_PERCENT
              && redone < MAX_REDOS) {
            print(s);
            System.out.println("  (JIT in the window: measured again)");
            redone++;
            s = measure(scenario, e.getKey(), e.getValue(), rep, count);
          }
          s = s.redone(redone);
          samples.add(s);
          print(s);
        }
      }
    } finally {
      open.values().forEach(Peer::close);
    }
    return samples;
  }

  /** One line per window, warm-up (negative repetition) or measured. */
  static void print(Sample s) {
    System.out.printf(
        Locale.ROOT,
        "%s\t%s\trep %d\t%,.0f msgs/s\tJIT %d ms, %d GCs in the window%n",
        Report.label(s.scenario()),
        s.peer(),
        s.repetition(),
        s.messagesPerSecond(),
        s.compilationMillis(),
        s.gcCount());
  }

  /** One window: {@code count} messages and what else ran meanwhile. */
  static Sample measure(Scenario s, String name, Peer peer, int rep, long count) throws Exception {
    JitSettling.drain();
    long jit = JIT.getTotalCompilationTime();
    long[] gc = gc();
    long allocated = THREADS.getTotalThreadAllocatedBytes();
    long packets = s.overVeth() ? Veth.packetsSent() : 0;
    long bytes = s.overVeth() ? Veth.bytesSent() : 0;
    Map<String, Long> snmp = snmp();
    long start = System.nanoTime();
    send(peer, count);
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] gcAfter = gc();
    Map<String, Long> snmpAfter = snmp();
    return new Sample(
        s,
        name,
        rep,
        count,
        seconds,
        count / seconds,
        JIT.getTotalCompilationTime() - jit,
        gcAfter[0] - gc[0],
        gcAfter[1] - gc[1],
        (double) (THREADS.getTotalThreadAllocatedBytes() - allocated) / count,
        s.overVeth() ? (double) (Veth.packetsSent() - packets) / count : Double.NaN,
        s.overVeth() ? (double) (Veth.bytesSent() - bytes) / count : Double.NaN,
        (double)
                (delta(snmp, snmpAfter, "SctpOutOrderChunks")
                    + delta(snmp, snmpAfter, "SctpOutUnorderChunks"))
            / count,
        delta(snmp, snmpAfter, "SctpT3RtxExpireds"),
        0);
  }

  /** Sends {@code count} messages in the JMH benchmark's batches. */
  static void send(Peer peer, long count) throws Exception {
    for (long sent = 0; sent < count; ) {
      int batch = (int) Math.min(ThroughputBenchmark.BATCH, count - sent);
      peer.sendBatch(batch);
      sent += batch;
    }
  }

  /** This namespace's SCTP counters ({@code /proc/net/sctp/snmp}), empty where there are none. */
  private static Map<String, Long> snmp() {
    Map<String, Long> out = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/net/sctp/snmp"))) {
        String[] f = line.trim().split("\\s+");
        if (f.length == 2) {
          out.put(f[0], Long.parseLong(f[1]));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // no counters: the deltas read as -1
    }
    return out;
  }

  private static long delta(Map<String, Long> before, Map<String, Long> after, String name) {
    return before.containsKey(name) && after.containsKey(name)
        ? after.get(name) - before.get(name)
        : -1;
  }

  private static long[] gc() {
    long count = 0;
    long millis = 0;
    for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, b.getCollectionCount());
      millis += Math.max(0, b.getCollectionTime());
    }
    return new long[] {count, millis};
  }
}
