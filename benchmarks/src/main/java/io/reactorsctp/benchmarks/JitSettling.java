package io.reactorsctp.benchmarks;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Warm-up until the JIT settles: rounds in which every peer runs one window exactly as measured
 * (repetition numbers below zero in the log), until the compilers' total time ({@link
 * CompilationMXBean#getTotalCompilationTime()}) grows by at most {@value #QUIET_PERCENT} % of a
 * round's duration in {@value #QUIET_ROUNDS} rounds in a row, or {@value #MAX_ROUNDS} rounds have
 * passed (then the result says it did not settle). On one vCPU, compilation takes its time from the
 * measured peer, so a window with compilation in it measures the compiler too.
 */
final class JitSettling {
  static final int QUIET_PERCENT = 1;
  static final int QUIET_ROUNDS = 3;
  static final int MAX_ROUNDS = 40;

  /** The first round's messages per peer, before any rate is known. */
  private static final int FIRST_ROUND = 2_000;

  private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

  /**
   * What warm-up did for one scenario.
   *
   * @param rounds rounds run
   * @param settled whether compilation went quiet within {@value #MAX_ROUNDS} rounds
   * @param compilationMillis JIT time during the whole warm-up
   * @param lastRoundCompilationMillis JIT time during the last round
   * @param messagesPerWindow each peer's operations (messages, or round trips) per measured window,
   *     from its last round's rate
   */
  record Result(
      Scenario scenario,
      int rounds,
      boolean settled,
      long compilationMillis,
      long lastRoundCompilationMillis,
      double seconds,
      Map<String, Long> messagesPerWindow) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%s: warm-up %s after %d rounds (%.0f s), JIT %,d ms in all, %d ms in the last round",
          Report.label(scenario),
          settled ? "settled" : "did NOT settle",
          rounds,
          seconds,
          compilationMillis,
          lastRoundCompilationMillis);
    }
  }

  /** How long the compilers must stay idle for {@link #drain()} to return. */
  private static final long QUIET_MILLIS = 300;

  /** The longest {@link #drain()} waits. */
  private static final long DRAIN_LIMIT_MILLIS = 5_000;

  private JitSettling() {}

  /**
   * Before a window: lets the compilers finish what the previous window queued, by sleeping until
   * neither their total compilation time nor their threads' CPU has moved for {@value
   * #QUIET_MILLIS} ms (at most {@value #DRAIN_LIMIT_MILLIS} ms). On one vCPU a sleeping harness
   * leaves the CPU to them; compilation still queued would otherwise run inside the next window,
   * whoever's it is (the C peer's too). The CPU matters: the total time grows only when a
   * compilation ends, so a long one still running looked quiet. Returns the compilation time that
   * passed while waiting.
   */
  static long drain() throws InterruptedException {
    long begin = JIT.getTotalCompilationTime();
    long deadline = System.nanoTime() + DRAIN_LIMIT_MILLIS * 1_000_000;
    long[] seen = now();
    long quietSince = System.nanoTime();
    while (System.nanoTime() < deadline
        && System.nanoTime() - quietSince < QUIET_MILLIS * 1_000_000) {
      Thread.sleep(50);
      long[] now = now();
      if (!Arrays.equals(now, seen)) {
        seen = now;
        quietSince = System.nanoTime();
      }
    }
    return JIT.getTotalCompilationTime() - begin;
  }

  /**
   * The compilers' total compilation time and their threads' CPU, both in ms, for {@link #since}.
   */
  static long[] now() {
    return new long[] {JIT.getTotalCompilationTime(), ProcessCpu.compilerNanos() / 1_000_000};
  }

  /**
   * JIT time in ms since {@code before} ({@link #now()}): the larger of the compilation time that
   * ended and the compiler threads' CPU (10 ms ticks), so that a compilation running across a
   * window's end counts in the window it ran in.
   */
  static long since(long[] before) {
    long[] after = now();
    return Math.max(after[0] - before[0], after[1] - before[1]);
  }

  /**
   * Warms {@code peers} up with windows of {@code measure}, printed as {@code kind} says; a
   * window's size after the first round is what the peer did in about {@code windowSeconds} at its
   * last rate, in whole calls of {@code kind}'s batch.
   */
  static <W extends Interleaved.Window> Result warmUp(
      Scenario scenario,
      Map<String, Peer> peers,
      double windowSeconds,
      Interleaved.Kind<W> kind,
      Interleaved.Measure<W> measure)
      throws Exception {
    Map<String, Long> perRound = new LinkedHashMap<>();
    peers.keySet().forEach(p -> perRound.put(p, (long) FIRST_ROUND));
    long begin = System.nanoTime();
    long jitBegin = JIT.getTotalCompilationTime();
    int quiet = 0;
    int rounds = 0;
    long lastJit = 0;
    while (quiet < QUIET_ROUNDS && rounds < MAX_ROUNDS) {
      rounds++;
      long[] jit = now();
      long start = System.nanoTime();
      for (var e : peers.entrySet()) {
        // The measured windows' own code (counters, allocation, snmp, the printed line) runs here
        // too, so that the JIT compiles it now and not during a measured window.
        W w = measure.run(e.getKey(), e.getValue(), -rounds, perRound.get(e.getKey()));
        kind.print().accept(w);
        perRound.put(
            e.getKey(), roundToBatch(kind.rate().applyAsDouble(w) * windowSeconds, kind.batch()));
      }
      double roundMillis = (System.nanoTime() - start) / 1e6;
      lastJit = since(jit);
      quiet = rounds > 1 && lastJit <= roundMillis * QUIET_PERCENT / 100 ? quiet + 1 : 0;
    }
    return new Result(
        scenario,
        rounds,
        quiet >= QUIET_ROUNDS,
        JIT.getTotalCompilationTime() - jitBegin,
        lastJit,
        (System.nanoTime() - begin) / 1e9,
        perRound);
  }

  private static long roundToBatch(double messages, int batch) {
    return Math.max(batch, Math.round(messages / batch) * batch);
  }
}
