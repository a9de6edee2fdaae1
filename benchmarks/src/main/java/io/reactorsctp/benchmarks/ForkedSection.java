package io.reactorsctp.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One section of the suite (a throughput scenario with every peer, or a ping-pong size with the C
 * loop and one Java peer: {@link BenchmarkSuite#latencyGroups}; its peers in interleaved
 * repetitions) in a JVM of its own, as JMH forks a JVM per benchmark: the JIT then compiles each
 * section's path from that section's profile alone. In one JVM the sections ran after each other,
 * and whichever ran first was compiled best for itself: ping-pong measured first read 5 µs lower at
 * p99 and 64 B throughput 4 % lower, measured last the other way round (benchmarks/findings.md, 17
 * and 18). The child JVM gets this JVM's options and class path, writes what it measured to a file
 * and ends; the veth pair, when its scenario needs one, is set up and removed by the child.
 */
final class ForkedSection {
  /**
   * What the parent asks: a throughput {@code scenario}, or ping-pong at {@code latencySize} bytes
   * when {@code scenario} is null.
   */
  record Request(
      Scenario scenario,
      int latencySize,
      List<String> peers,
      int repetitions,
      double windowSeconds) {}

  /**
   * What the child measured; {@code vethMtu} is the pair's MTU read back from the kernel, or -1
   * when the section did not use it.
   */
  record Outcome(
      List<RepeatedThroughput.Sample> throughput,
      List<RepeatedLatency.Sample> latency,
      JitSettling.Result warmUp,
      int vethMtu) {}

  /** Written and read as {@code results.json} is, non-finite figures included. */
  private static final ObjectMapper JSON = ResultFile.JSON;

  /** A section that has not ended after this long is stopped and the suite fails. */
  private static final long TIMEOUT_MINUTES = 180;

  private ForkedSection() {}

  /** Runs {@code request} in a child JVM and returns what it measured. */
  static Outcome run(Request request) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("bench-section");
    Path in = dir.resolve("request.json");
    Path out = dir.resolve("outcome.json");
    JSON.writeValue(in.toFile(), request);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            ForkedSection.class.getName(),
            in.toString(),
            out.toString()));
    Process child = new ProcessBuilder(command).inheritIO().start();
    if (!child.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      child.destroyForcibly();
      throw new IllegalStateException(
          "the section's JVM did not end within " + TIMEOUT_MINUTES + " minutes: " + request);
    }
    if (child.exitValue() != 0) {
      throw new IllegalStateException(
          "the section's JVM ended with exit code " + child.exitValue() + ": " + request);
    }
    Outcome outcome = JSON.readValue(out.toFile(), Outcome.class);
    Files.delete(in);
    Files.delete(out);
    Files.delete(dir);
    return outcome;
  }

  /** The child: {@code ForkedSection REQUEST_FILE OUTCOME_FILE}. */
  public static void main(String[] args) throws Exception {
    Outcome outcome = measure(JSON.readValue(Path.of(args[0]).toFile(), Request.class));
    JSON.writeValue(Path.of(args[1]).toFile(), outcome);
    // Peers may leave non-daemon threads (event loops shutting down, the C peer's reader).
    System.exit(0);
  }

  /** Measures {@code request} in this JVM: what the child does, or the suite without forks. */
  static Outcome measure(Request request) throws Exception {
    List<JitSettling.Result> settled = new ArrayList<>();
    if (request.scenario() == null) {
      List<RepeatedLatency.Sample> samples =
          RepeatedLatency.run(
              request.latencySize(),
              request.peers(),
              request.repetitions(),
              request.windowSeconds(),
              settled);
      return new Outcome(List.of(), samples, settled.getFirst(), -1);
    }
    Scenario s = request.scenario();
    int mtu = -1;
    if (s.overVeth()) {
      Veth.setUp();
      mtu = Veth.mtu();
    }
    try {
      List<RepeatedThroughput.Sample> samples =
          RepeatedThroughput.run(
              s, request.peers(), request.repetitions(), request.windowSeconds(), settled);
      return new Outcome(samples, List.of(), settled.getFirst(), mtu);
    } finally {
      Veth.closeIfOpen();
    }
  }
}
