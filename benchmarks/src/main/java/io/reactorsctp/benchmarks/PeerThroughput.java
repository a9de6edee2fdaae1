package io.reactorsctp.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One throughput scenario for chosen peers, without JMH: each peer is opened and warmed up, then
 * measured {@code --repetitions} times, the peers interleaved, and messages per second printed per
 * measurement. Meant for comparing two builds of the library in one guest boot ({@code tools/bench
 * --compare}, which runs this class once per build and repetition through {@link CompareBuilds}),
 * and for quick looks by hand. The peers it drives use only the library's public API ({@code
 * Bootstrap} + {@code EpollSctpChannel} + {@code SctpOutboundMessage}; {@code SctpServer} and
 * {@code SctpClient}), so the same source compiles against builds before and after a redesign of
 * the internals.
 */
@Command(
    name = "PeerThroughput",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "One-way throughput of one scenario for the chosen peers, messages per second per repetition.")
public final class PeerThroughput implements Callable<Integer> {
  @Option(
      names = "--peer",
      split = ",",
      paramLabel = "PEER",
      description =
          "peers to run, in this order (repeatable or comma-separated): c, jdk, jdk-nio, netty, epoll, "
              + "reactive; default: c, epoll, reactive")
  List<String> peers = new ArrayList<>(List.of("c", "epoll", "reactive"));

  @Option(names = "--size", description = "payload bytes per message (default: ${DEFAULT-VALUE})")
  int size = 64;

  @Option(
      names = "--streams",
      description = "streams negotiated and used round-robin (default: ${DEFAULT-VALUE})")
  int streams = 10;

  @Option(
      names = "--delivery",
      description = "ordered, unordered or ttl (default: ${DEFAULT-VALUE})")
  String delivery = "ordered";

  @Option(
      names = "--messages",
      description = "messages per measurement (default: ${DEFAULT-VALUE})")
  int messages = 100_000;

  @Option(
      names = "--warmup",
      description =
          "messages each peer sends before its first measurement, in this JVM "
              + "(default: ${DEFAULT-VALUE})")
  int warmup = 100_000;

  @Option(
      names = "--repetitions",
      description = "measurements per peer, interleaved (default: ${DEFAULT-VALUE})")
  int repetitions = 3;

  @Option(
      names = "--label",
      description =
          "a name for this build, printed on every line and kept in the result "
              + "file (default: ${DEFAULT-VALUE})")
  String label = "this build";

  @Option(
      names = "--result",
      paramLabel = "FILE",
      description = "also write the measurements to FILE as JSON")
  Path result;

  /**
   * One measurement: {@code messages} one-way messages received by the other end, in {@code
   * seconds}, during which the JIT compilers worked {@code compilationMillis} (on one vCPU that
   * time is taken from the peer: a figure with much of it measured the compiler too, and wants a
   * longer warm-up).
   */
  record Measurement(
      String label,
      String peer,
      int size,
      int streams,
      String delivery,
      int repetition,
      long messages,
      double seconds,
      double messagesPerSecond,
      long compilationMillis) {}

  private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

  public static void main(String[] args) {
    System.exit(new CommandLine(new PeerThroughput()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Scenario scenario = Scenario.of(size, streams, delivery);
    for (String peer : peers) {
      if (!Peer.THROUGHPUT.containsKey(peer)) {
        throw new CommandLine.ParameterException(
            new CommandLine(this),
            "unknown peer '" + peer + "': one of " + Peer.THROUGHPUT.keySet());
      }
    }
    System.out.printf(
        Locale.ROOT,
        "# %s: %d B, %d streams, %s; %,d messages after a %,d-message warm-up; kernel %s, "
            + "%d CPUs, GC %s%n",
        label,
        size,
        streams,
        delivery,
        messages,
        warmup,
        System.getProperty("os.version"),
        Runtime.getRuntime().availableProcessors(),
        collectors());
    Map<String, Peer> open = new LinkedHashMap<>();
    List<Measurement> measurements = new ArrayList<>();
    try {
      for (String peer : peers) {
        Peer p = Peer.THROUGHPUT.get(peer).apply(scenario);
        open.put(peer, p);
        send(p, warmup);
      }
      for (int rep = 1; rep <= repetitions; rep++) {
        for (var e : open.entrySet()) {
          long compiling = JIT.getTotalCompilationTime();
          long start = System.nanoTime();
          long sent = send(e.getValue(), messages);
          double seconds = (System.nanoTime() - start) / 1e9;
          Measurement m =
              new Measurement(
                  label,
                  e.getKey(),
                  size,
                  streams,
                  delivery,
                  rep,
                  sent,
                  seconds,
                  sent / seconds,
                  JIT.getTotalCompilationTime() - compiling);
          measurements.add(m);
          System.out.printf(
              Locale.ROOT,
              "%s\t%s\t%d B\trep %d\t%.0f msgs/s\tJIT %d ms in the window%n",
              label,
              m.peer(),
              size,
              rep,
              m.messagesPerSecond(),
              m.compilationMillis());
        }
      }
    } finally {
      open.values().forEach(Peer::close);
    }
    if (result != null) {
      new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(result.toFile(), measurements);
    }
    return 0;
  }

  /** Sends {@code count} messages in the JMH benchmark's batches; returns how many were sent. */
  private static long send(Peer peer, int count) throws Exception {
    long sent = 0;
    while (sent < count) {
      int batch = (int) Math.min(ThroughputBenchmark.BATCH, count - sent);
      peer.sendBatch(batch);
      sent += batch;
    }
    return sent;
  }

  private static String collectors() {
    return String.join(
        "+",
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(GarbageCollectorMXBean::getName)
            .toList());
  }
}
