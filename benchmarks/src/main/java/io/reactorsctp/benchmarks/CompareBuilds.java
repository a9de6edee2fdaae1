package io.reactorsctp.benchmarks;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reactorsctp.benchmarks.PeerThroughput.Measurement;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Two (or more) builds of the library, the same scenario, one machine, one boot: runs {@link
 * PeerThroughput} in a fresh JVM per build, size and round, the builds interleaved round by round,
 * then prints each peer's median and range per build and the ratio of the medians to the first
 * build. Started by {@code tools/bench --compare}, which compiles the peers against each build's
 * class path first (the peers' source compiles against the public API of both; their class files
 * need not link against both).
 */
@Command(
    name = "CompareBuilds",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Interleaved PeerThroughput runs of several builds; median, range and ratio per peer.")
public final class CompareBuilds implements Callable<Integer> {
  @Option(
      names = "--build",
      required = true,
      paramLabel = "NAME=CLASSPATH",
      description =
          "a build: its name and the class path holding the peers compiled against it (repeatable; the "
              + "first is the baseline of the ratios)")
  Map<String, String> builds = new LinkedHashMap<>();

  @Option(names = "--peer", split = ",", description = "peers (default: ${DEFAULT-VALUE})")
  List<String> peers = new ArrayList<>(List.of("c", "epoll", "reactive"));

  @Option(
      names = "--size",
      split = ",",
      description = "payload sizes in bytes (default: ${DEFAULT-VALUE})")
  List<Integer> sizes = new ArrayList<>(List.of(64, 1024));

  @Option(names = "--streams", description = "streams (default: ${DEFAULT-VALUE})")
  int streams = 10;

  @Option(
      names = "--messages",
      description = "messages per measurement (default: ${DEFAULT-VALUE})")
  int messages = 100_000;

  @Option(
      names = "--warmup",
      description = "warm-up messages per peer in each JVM (default: ${DEFAULT-VALUE})")
  int warmup = 100_000;

  @Option(
      names = "--rounds",
      description = "rounds; each runs every build once per size (default: " + "${DEFAULT-VALUE})")
  int rounds = 3;

  // On one vCPU the JIT's compile threads take the measured loop's time: a JVM's first measurement
  // can hold tens of seconds of compilation. Later measurements in the same JVM show how much of
  // the difference that was.
  @Option(
      names = "--repetitions",
      description =
          "measurements per peer in each JVM; with more than one, the first is left out of the table (default:"
              + " ${DEFAULT-VALUE})")
  int repetitions = 1;

  @Option(
      names = "--results",
      description = "where each run's JSON lands (default: ${DEFAULT-VALUE})")
  Path results = Path.of("benchmarks/target/compare/results");

  public static void main(String[] args) {
    System.exit(new CommandLine(new CompareBuilds()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Files.createDirectories(results);
    List<Measurement> all = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      for (int size : sizes) {
        for (var build : builds.entrySet()) {
          all.addAll(run(build.getKey(), build.getValue(), size, round));
        }
      }
    }
    new ObjectMapper()
        .writerWithDefaultPrettyPrinter()
        .writeValue(results.resolve("compare.json").toFile(), all);
    String summary = summary(all); // ASCII only: the guest's stdout has no UTF-8 locale
    Files.writeString(results.resolve("compare.md"), summary);
    System.out.print(summary);
    return 0;
  }

  /**
   * One fresh JVM with this JVM's own options (tools/bench's), running one repetition of every
   * peer.
   */
  private List<Measurement> run(String build, String classPath, int size, int round)
      throws IOException, InterruptedException {
    Path out = results.resolve(build + "-" + size + "B-round" + round + ".json");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> !a.startsWith("-Djava.class.path="))
        .forEach(command::add);
    command.addAll(
        List.of(
            "-cp",
            classPath,
            PeerThroughput.class.getName(),
            "--label",
            build,
            "--peer",
            String.join(",", peers),
            "--size",
            Integer.toString(size),
            "--streams",
            Integer.toString(streams),
            "--messages",
            Integer.toString(messages),
            "--warmup",
            Integer.toString(warmup),
            "--repetitions",
            Integer.toString(repetitions),
            "--result",
            out.toString()));
    int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException(
          build + " at " + size + " B, round " + round + ": exit code " + exit);
    }
    return new ObjectMapper().readValue(out.toFile(), new TypeReference<List<Measurement>>() {});
  }

  /**
   * A Markdown table: per size and peer, each build's median [min-max] and its median over the
   * first build's.
   */
  String summary(List<Measurement> all) {
    String baselineBuild = builds.keySet().iterator().next();
    StringBuilder md =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%n| size | peer | build | runs | median msgs/s "
                    + "| min-max | spread | x %s | JIT ms in the windows |%n|---:|---|---|---:|---:|---|---:|---:|---:|%n",
                baselineBuild));
    for (int size : sizes) {
      for (String peer : peers) {
        double baseline = Double.NaN;
        for (String build : builds.keySet()) {
          List<Measurement> runs =
              all.stream()
                  .filter(m -> m.size() == size && m.peer().equals(peer) && m.label().equals(build))
                  .filter(m -> repetitions == 1 || m.repetition() > 1)
                  .toList();
          List<Double> rates =
              runs.stream()
                  .map(Measurement::messagesPerSecond)
                  .sorted(Comparator.naturalOrder())
                  .toList();
          if (rates.isEmpty()) {
            continue;
          }
          double median = median(rates);
          baseline = Double.isNaN(baseline) ? median : baseline;
          double min = rates.getFirst();
          double max = rates.getLast();
          md.append(
              String.format(
                  Locale.ROOT,
                  "| %d B | %s | %s | %d | %,.0f | %,.0f-%,.0f | %.1f %% | %.3f | %s |%n",
                  size,
                  peer,
                  build,
                  rates.size(),
                  median,
                  min,
                  max,
                  100 * (max - min) / median,
                  median / baseline,
                  String.join(
                      ", ",
                      runs.stream().map(m -> Long.toString(m.compilationMillis())).toList())));
        }
      }
    }
    return md.toString();
  }

  /** How to compare two builds, for the end of {@code docs/benchmarks.md}. */
  static String reportSection() {
    return """
        ## Comparing two builds of the library

        `tools/bench --compare before=PATH after=PATH [--peer c,epoll,reactive] [--size 64,1024] [--messages N]
        [--warmup N] [--rounds R] [--repetitions N]` measures one one-way scenario (10 streams, ordered, by default) for the chosen
        peers and both builds in one guest boot, counted clock by default. A PATH is a checkout whose
        `reactor-sctp/target/classes` is compiled, or the library's classes directory or jar; the rest of the class
        path is this tree's. The peers (`PeerThroughput`: `Bootstrap` + `EpollSctpChannel` + `SctpOutboundMessage`,
        `SctpServer` + `SctpClient`, the C loop, the JDK's and Netty's channels) are compiled against each build
        first, since a redesign may keep the public API's source but not its class files. Each round runs every
        build once per size, each in a fresh JVM that warms every peer up and then measures it once (or
        `--repetitions` times, the first left out of the table: on one vCPU the JIT still compiles during it); the table
        gives each peer's median, range and the ratio of its median to the first build's, and how long the JIT
        compiled inside each measured window (on one vCPU that time is the peer's loss). Every measurement is
        kept in `benchmarks/target/compare/results/compare.json`, the table in `compare.md`. By hand, inside a guest:
        `java ... io.reactorsctp.benchmarks.PeerThroughput --peer epoll --size 64 --messages N --warmup N`
        (`--help` lists the options) prints messages per second per repetition.

        """;
  }

  static double median(List<Double> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
