package io.reactorsctp.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Measured windows in interleaved repetitions (peer A's first, peer B's first, ..., A's second,
 * ...), so that a drift of the machine or of the JVM touches every peer alike; shared by {@link
 * RepeatedThroughput} and {@link RepeatedLatency}. A window in which the JIT compiled more than
 * {@value #REDO_JIT_PERCENT} % of its time is measured again (at most {@value #MAX_REDOS} times):
 * on one vCPU it measured the compiler, not the peer. The report counts the windows redone.
 */
final class Interleaved {
  static final int REDO_JIT_PERCENT = 5;

  // Two were not enough: the reactive peer's first 64 B window still compiled for 230-300 ms after
  // two redos, in both runs of benchmarks/findings.md 18.
  static final int MAX_REDOS = 4;

  /** What the JIT rule reads of a window. */
  interface Window {
    long compilationMillis();

    double seconds();
  }

  /** Runs one window of {@code count} operations of {@code peer} and returns its figures. */
  @FunctionalInterface
  interface Measure<W> {
    W run(String name, Peer peer, int repetition, long count) throws Exception;
  }

  /**
   * What a kind of measurement needs besides its windows: how its peers open, how many operations
   * one call makes (a window holds whole calls), a window's rate (operations per second), how a
   * window is marked as redone and how it prints.
   */
  record Kind<W extends Window>(
      Map<String, Function<Scenario, Peer>> peers,
      int batch,
      ToDoubleFunction<W> rate,
      BiFunction<W, Integer, W> redone,
      Consumer<W> print) {}

  private Interleaved() {}

  /**
   * Opens {@code peers} of {@code kind} on {@code scenario}, warms them up ({@link JitSettling};
   * the result goes to {@code settled}), measures {@code repetitions} windows of each and closes
   * them.
   */
  static <W extends Window> List<W> run(
      Kind<W> kind,
      Scenario scenario,
      List<String> peers,
      int repetitions,
      double windowSeconds,
      List<JitSettling.Result> settled,
      Measure<W> measure)
      throws Exception {
    Map<String, Peer> open = new LinkedHashMap<>();
    try {
      for (String peer : peers) {
        open.put(peer, kind.peers().get(peer).apply(scenario));
      }
      JitSettling.Result warm = JitSettling.warmUp(scenario, open, windowSeconds, kind, measure);
      settled.add(warm);
      System.out.println(warm);
      return repeat(open, warm, repetitions, measure, kind.redone(), kind.print());
    } finally {
      open.values().forEach(Peer::close);
    }
  }

  /**
   * {@code repetitions} windows of every peer in {@code open}, each of the size warm-up chose for
   * it; {@code redone} marks a kept window with the number of windows dropped before it.
   */
  private static <W extends Window> List<W> repeat(
      Map<String, Peer> open,
      JitSettling.Result warm,
      int repetitions,
      Measure<W> measure,
      BiFunction<W, Integer, W> redone,
      Consumer<W> print)
      throws Exception {
    List<W> samples = new ArrayList<>();
    for (int rep = 1; rep <= repetitions; rep++) {
      for (var e : open.entrySet()) {
        long count = warm.messagesPerWindow().get(e.getKey());
        W s = measure.run(e.getKey(), e.getValue(), rep, count);
        int times = 0;
        while (s.compilationMillis() > s.seconds() * 10 * REDO_JIT_PERCENT && times < MAX_REDOS) {
          print.accept(s);
          System.out.println("  (JIT in the window: measured again)");
          times++;
          s = measure.run(e.getKey(), e.getValue(), rep, count);
        }
        s = redone.apply(s, times);
        samples.add(s);
        print.accept(s);
      }
    }
    return samples;
  }
}
