package io.reactorsctp.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Ping-pong latency for several peers, measured as {@link RepeatedThroughput} measures throughput:
 * every peer is opened, warmed up until the JIT settles ({@link JitSettling}), then measured in
 * interleaved repetitions ({@link Interleaved}), each window with its own histogram of round trips
 * (one 64 B message in flight on one loopback association; the client records each round trip).
 * Each window holds as many round trips as the peer made in about {@code windowSeconds} during
 * warm-up.
 */
final class RepeatedLatency {
  /** Round trips per call to {@link Peer#pingPong}: for the C peer, one command over its pipe. */
  static final int ROUNDS = 100;

  /** A round trip at least this long is counted as slow ({@link Sample#slowRoundTrips}). */
  static final long SLOW_NANOS = 1_000_000;

  /**
   * One measured window of one peer; times in nanoseconds.
   *
   * @param slowRoundTrips round trips of at least {@value #SLOW_NANOS} ns
   * @param compilationMillis JIT time inside the window (all compiler threads; {@link
   *     JitSettling#since})
   * @param gcCount garbage collections inside the window
   * @param cpuNanosPerRoundTrip user + system CPU of the application's threads and the peer's child
   *     process ({@link ProcessCpu#applicationNanos()}: without the JIT, GC and VM threads)
   * @param allocatedBytesPerRoundTrip bytes all threads of this JVM allocated, per round trip
   * @param redone windows measured before this one and dropped for their JIT time
   */
  record Sample(
      int size,
      String peer,
      int repetition,
      long roundTrips,
      double seconds,
      double p50,
      double p99,
      double p999,
      double max,
      long slowRoundTrips,
      long compilationMillis,
      long gcCount,
      double cpuNanosPerRoundTrip,
      double allocatedBytesPerRoundTrip,
      int redone)
      implements Interleaved.Window {
    double roundTripsPerSecond() {
      return roundTrips / seconds;
    }

    Sample redone(int times) {
      return new Sample(
          size,
          peer,
          repetition,
          roundTrips,
          seconds,
          p50,
          p99,
          p999,
          max,
          slowRoundTrips,
          compilationMillis,
          gcCount,
          cpuNanosPerRoundTrip,
          allocatedBytesPerRoundTrip,
          times);
    }
  }

  private static boolean listSlowRoundTrips;

  private static final Interleaved.Kind<Sample> KIND =
      new Interleaved.Kind<>(
          Peer.ECHO, ROUNDS, Sample::roundTripsPerSecond, Sample::redone, RepeatedLatency::print);

  private RepeatedLatency() {}

  /**
   * Measures {@code peers} at {@code size} bytes, {@code repetitions} windows each; what warm-up
   * found goes to {@code settled}.
   */
  static List<Sample> run(
      int size,
      List<String> peers,
      int repetitions,
      double windowSeconds,
      List<JitSettling.Result> settled)
      throws Exception {
    return Interleaved.run(
        KIND,
        scenario(size),
        peers,
        repetitions,
        windowSeconds,
        settled,
        (name, peer, rep, count) -> measure(size, name, peer, rep, count));
  }

  /** The ping-pong's association: one stream, ordered, over loopback. */
  static Scenario scenario(int size) {
    return Scenario.of(size, 1, "ordered");
  }

  /** One window: {@code count} round trips into a fresh histogram, and what else ran meanwhile. */
  static Sample measure(int size, String name, Peer peer, int rep, long count) throws Exception {
    JitSettling.drain();
    Histogram h = new Histogram(60_000_000_000L, 3);
    long[] jit = JitSettling.now();
    long[] gc = RepeatedThroughput.gc();
    long cpu = ProcessCpu.applicationNanos();
    long allocated = RepeatedThroughput.allocatedBytes();
    long start = System.nanoTime();
    for (long done = 0; done < count; done += ROUNDS) {
      peer.pingPong((int) Math.min(ROUNDS, count - done), h);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long allocatedAfter = RepeatedThroughput.allocatedBytes();
    long[] gcAfter = RepeatedThroughput.gc();
    if (listSlowRoundTrips) {
      printSlow(name, rep, h);
    }
    return new Sample(
        size,
        name,
        rep,
        count,
        seconds,
        h.getValueAtPercentile(50),
        h.getValueAtPercentile(99),
        h.getValueAtPercentile(99.9),
        h.getMaxValue(),
        h.getCountBetweenValues(SLOW_NANOS, h.getHighestTrackableValue()),
        JitSettling.since(jit),
        gcAfter[0] - gc[0],
        (double) (ProcessCpu.applicationNanos() - cpu) / count,
        (double) (allocatedAfter - allocated) / count,
        0);
  }

  /**
   * The window's round trips of at least {@value #SLOW_NANOS} ns, as "µs x count", to see where the
   * tail lies ({@link #main} only: the suite's log stays one line per window).
   */
  private static void printSlow(String name, int rep, Histogram h) {
    StringBuilder b = new StringBuilder();
    for (var v : h.recordedValues()) {
      if (v.getValueIteratedTo() >= SLOW_NANOS) {
        b.append(' ')
            .append(v.getValueIteratedTo() / 1000)
            .append("us x")
            .append(v.getCountAddedInThisIterationStep());
      }
    }
    System.out.println("  slow round trips, " + name + " rep " + rep + ":" + b);
  }

  /** One line per window, warm-up (negative repetition) or measured. */
  static void print(Sample s) {
    System.out.printf(
        Locale.ROOT,
        "ping-pong %d B\t%s\trep %d\t%,.0f round trips/s\tp50 %,.0f us\tp99 %,.0f us\tmax %,.0f us"
            + "\t%d of %d >= 1 ms\tJIT %d ms, %d GCs in the window%n",
        s.size(),
        s.peer(),
        s.repetition(),
        s.roundTripsPerSecond(),
        s.p50() / 1000,
        s.p99() / 1000,
        s.max() / 1000,
        s.slowRoundTrips(),
        s.roundTrips(),
        s.compilationMillis(),
        s.gcCount());
  }

  /**
   * Only the 64 B ping-pong of the suite, with every window's slow round trips listed and the
   * kernel's SCTP counters over the run: {@code RepeatedLatency [PEERS [REPETITIONS
   * [WINDOW_SECONDS]]]}, by default {@code c,jdk,epoll,reactive 5 1} (the quick profile's); {@code
   * tools/bench --latency [PEERS]} runs it in the counted guest.
   */
  public static void main(String[] args) throws Exception {
    listSlowRoundTrips = true;
    List<String> peers = List.of((args.length > 0 ? args[0] : "c,jdk,epoll,reactive").split(","));
    int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    double window = args.length > 2 ? Double.parseDouble(args[2]) : 1;
    Map<String, Long> before = RepeatedThroughput.snmp();
    run(64, peers, repetitions, window, new ArrayList<>());
    // What the kernel's SCTP did meanwhile (retransmissions, timers), to tell its tail from ours.
    Map<String, Long> after = RepeatedThroughput.snmp();
    after.forEach(
        (name, value) -> {
          long delta = RepeatedThroughput.delta(before, after, name);
          if (delta != 0) {
            System.out.println("  " + name + " +" + delta);
          }
        });
  }
}
