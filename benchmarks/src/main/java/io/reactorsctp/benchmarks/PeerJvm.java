package io.reactorsctp.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A peer in a JVM of its own for one section, kept open and told when to measure, as the C peer is:
 * its windows stay interleaved with the other peers', and each peer's code is compiled from its own
 * profile alone. In one JVM the JIT compiled the channel classes that our channel and our reactive
 * API share for both, and the JDK's channel ran beside them: our channel's ping-pong read p99
 * 246-247 µs with only the C loop beside it and 248-250 in the suite (benchmarks/findings.md, 18
 * and 19). The child measures its own windows ({@link Interleaved.Kind#measure}: its JIT, GC,
 * allocation and CPU are its own), one line of JSON each, and its compilers are drained before any
 * peer's window ({@link Interleaved#window}). Its standard output carries only these lines; what
 * the peer prints goes to standard error.
 */
final class PeerJvm<W extends Interleaved.Window> implements Interleaved.Contestant<W> {
  private static final ObjectMapper JSON = ResultFile.JSON;

  private static final Map<String, Interleaved.Kind<?>> KINDS =
      Map.of(
          RepeatedLatency.KIND.name(), RepeatedLatency.KIND,
          RepeatedThroughput.KIND.name(), RepeatedThroughput.KIND);

  private final Class<W> windowType;
  private final CommandedProcess process;
  private long ownJitMillis;

  private PeerJvm(String peer, Class<W> windowType, List<String> command) throws IOException {
    this.windowType = windowType;
    process = new CommandedProcess(peer + "'s JVM", command);
    process.expect("ready");
  }

  /**
   * Starts {@code peer} of {@code kind} on {@code scenario} in a new JVM (over the veth pair this
   * JVM set up, if the scenario uses it) and returns once it is open.
   */
  static <W extends Interleaved.Window> PeerJvm<W> open(
      Interleaved.Kind<W> kind, Scenario scenario, String peer) {
    try {
      return new PeerJvm<>(
          peer,
          kind.windowType(),
          ChildJvm.command(
              PeerJvm.class,
              List.of(
                  kind.name(),
                  JSON.writeValueAsString(scenario),
                  peer,
                  Long.toString(scenario.overVeth() ? Veth.current().holderPid() : -1))));
    } catch (IOException e) {
      throw new UncheckedIOException("starting " + peer + "'s JVM", e);
    }
  }

  @Override
  public W window(int repetition, long count) throws IOException {
    process.command("W " + repetition + " " + count);
    W w = JSON.readValue(process.reply(), windowType);
    ownJitMillis += w.compilationMillis();
    return w;
  }

  @Override
  public void beginDrain() throws IOException {
    process.command("D");
  }

  @Override
  public void endDrain() throws IOException {
    ownJitMillis += Long.parseLong(process.reply());
  }

  @Override
  public long ownJitMillis() {
    return ownJitMillis;
  }

  @Override
  public void close() {
    process.quit(30);
  }

  /**
   * The child: {@code PeerJvm KIND SCENARIO_JSON PEER VETH_HOLDER_PID}, then one command per line
   * on standard input: {@code W REPETITION COUNT} (a window; answers its JSON), {@code D} (drains
   * the compilers; answers the JIT milliseconds that passed), {@code Q} (closes the peer and ends).
   */
  public static void main(String[] args) throws Exception {
    PrintStream protocol = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    Interleaved.Kind<?> kind = KINDS.get(args[0]);
    Scenario scenario = JSON.readValue(args[1], Scenario.class);
    String name = args[2];
    long vethHolder = Long.parseLong(args[3]);
    if (vethHolder >= 0) {
      Veth.attach(vethHolder);
    }
    serve(kind, scenario, name, protocol);
    // Peers may leave non-daemon threads (event loops shutting down).
    System.exit(0);
  }

  private static <W extends Interleaved.Window> void serve(
      Interleaved.Kind<W> kind, Scenario scenario, String name, PrintStream protocol)
      throws Exception {
    Interleaved.Measure<W> measure = kind.measure().apply(scenario);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
    try (Peer peer = kind.peers().get(name).apply(scenario)) {
      protocol.println("ready");
      for (String line = in.readLine(); line != null && !line.equals("Q"); line = in.readLine()) {
        String[] f = line.split(" ");
        switch (f[0]) {
          case "W" ->
              protocol.println(
                  JSON.writeValueAsString(
                      measure.run(name, peer, Integer.parseInt(f[1]), Long.parseLong(f[2]))));
          case "D" -> protocol.println(JitSettling.drain());
          default -> throw new IllegalArgumentException("unknown command: " + line);
        }
      }
    }
  }
}
