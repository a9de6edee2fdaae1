package io.reactorsctp.benchmarks;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
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
   * @param compilationMillis JIT time inside the window (all compiler threads; {@link
   *     JitSettling#since})
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
   *     compiled in more than {@value Interleaved#REDO_JIT_PERCENT} % of them
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
      int redone)
      implements Interleaved.Window {
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

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static final Interleaved.Kind<Sample> KIND =
      new Interleaved.Kind<>(
          Peer.THROUGHPUT,
          ThroughputBenchmark.BATCH,
          Sample::messagesPerSecond,
          Sample::redone,
          RepeatedThroughput::print);

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
    return Interleaved.run(
        KIND,
        scenario,
        peers,
        repetitions,
        windowSeconds,
        settled,
        (name, peer, rep, count) -> measure(scenario, name, peer, rep, count));
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
    long[] jit = JitSettling.now();
    long[] gc = gc();
    long allocated = allocatedBytes();
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
        JitSettling.since(jit),
        gcAfter[0] - gc[0],
        gcAfter[1] - gc[1],
        (double) (allocatedBytes() - allocated) / count,
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
  static Map<String, Long> snmp() {
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

  static long delta(Map<String, Long> before, Map<String, Long> after, String name) {
    return before.containsKey(name) && after.containsKey(name)
        ? after.get(name) - before.get(name)
        : -1;
  }

  /** Bytes all threads of this JVM have allocated so far. */
  static long allocatedBytes() {
    return THREADS.getTotalThreadAllocatedBytes();
  }

  /** Garbage collections so far and their accumulated milliseconds. */
  static long[] gc() {
    long count = 0;
    long millis = 0;
    for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, b.getCollectionCount());
      millis += Math.max(0, b.getCollectionTime());
    }
    return new long[] {count, millis};
  }
}
