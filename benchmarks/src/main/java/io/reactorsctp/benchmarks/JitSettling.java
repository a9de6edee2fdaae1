package io.reactorsctp.benchmarks;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Warm-up until the JIT settles: rounds in which every peer sends for about a window's time, until
 * the compilers' total time ({@link CompilationMXBean#getTotalCompilationTime()}) grows by at most
 * {@value #QUIET_PERCENT} % of a round's duration in {@value #QUIET_ROUNDS} rounds in a row, or
 * {@value #MAX_ROUNDS} rounds have passed (then the result says it did not settle). On one vCPU,
 * compilation takes its time from the measured peer, so a window with compilation in it measures
 * the compiler too.
 */
final class JitSettling {
  static final int QUIET_PERCENT = 1;
  static final int QUIET_ROUNDS = 3;
  static final int MAX_ROUNDS = 15;

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
   * @param messagesPerWindow each peer's messages per measured window, from its last round's rate
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

  private JitSettling() {}

  static Result warmUp(Scenario scenario, Map<String, Peer> peers, double windowSeconds)
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
      long jit = JIT.getTotalCompilationTime();
      long start = System.nanoTime();
      for (var e : peers.entrySet()) {
        long t = System.nanoTime();
        long count = perRound.get(e.getKey());
        RepeatedThroughput.send(e.getValue(), count);
        double rate = count / ((System.nanoTime() - t) / 1e9);
        perRound.put(e.getKey(), roundToBatch(rate * windowSeconds));
      }
      double roundMillis = (System.nanoTime() - start) / 1e6;
      lastJit = JIT.getTotalCompilationTime() - jit;
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

  private static long roundToBatch(double messages) {
    int batch = ThroughputBenchmark.BATCH;
    return Math.max(batch, Math.round(messages / batch) * batch);
  }
}
