package io.reactorsctp.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The C loop ({@code src/main/c/sctp_peer.c}, compiled by {@code tools/bench} before the run) in a
 * child process, driven one command per batch over a pipe. Its CPU time is counted through {@link
 * ProcessCpu}.
 */
final class CLoopPeer implements Peer {
  /** Where {@code tools/bench} puts the compiled C peer. */
  static Path executable() {
    Path path = Path.of(System.getProperty("bench.cpeer", "benchmarks/target/native/sctp_peer"));
    if (!Files.isExecutable(path)) {
      throw new IllegalStateException(
          "no C peer at "
              + path.toAbsolutePath()
              + ": tools/bench compiles it (gcc -O2 benchmarks/src/main/c/sctp_peer.c), or set -Dbench.cpeer");
    }
    return path;
  }

  private final Process process;
  private final Writer commands;
  private final BufferedReader replies;

  private CLoopPeer(List<String> arguments) {
    try {
      process =
          new ProcessBuilder(arguments).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
      replies =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
      expect("ready");
      ProcessCpu.register(process.pid());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One association; {@code mode}: {@code throughput} (sendmsg/recvmsg one message at a time),
   * {@code batching} (sendmmsg with MSG_MORE, recvmmsg) or {@code latency}.
   */
  static CLoopPeer open(String mode, Scenario s) {
    List<String> arguments =
        new java.util.ArrayList<>(
            List.of(
                executable().toString(),
                mode,
                Integer.toString(s.size()),
                Integer.toString(s.streams()),
                s.unordered() ? "1" : "0",
                Integer.toString(s.ttlMillis())));
    arguments.addAll(NetworkPath.cPeerArguments(s));
    return new CLoopPeer(arguments);
  }

  /** C one-to-one clients into a C one-to-many server, all in one child process. */
  static CLoopPeer fanIn(int size, int associations, int receiveBuffer) {
    return new CLoopPeer(
        List.of(
            executable().toString(),
            "fanin",
            Integer.toString(size),
            Integer.toString(associations),
            Integer.toString(receiveBuffer)));
  }

  /** C one-to-one clients only, connecting to a server of another peer at {@code host:port}. */
  static CLoopPeer clients(int size, String host, int port, int associations) {
    return new CLoopPeer(
        List.of(
            executable().toString(),
            "clients",
            Integer.toString(size),
            Integer.toString(associations),
            host,
            Integer.toString(port)));
  }

  @Override
  public void sendBatch(int messages) throws IOException {
    command("T " + messages);
    expect("ok");
  }

  /**
   * Fan-in: every client sends {@code messagesEach}; returns once sent (or, with a C server,
   * arrived).
   */
  void sendFromEach(int messagesEach) throws IOException {
    command("F " + messagesEach);
    expect("ok");
  }

  @Override
  public void pingPong(int rounds, Histogram roundTripNanos) throws IOException {
    command("L " + rounds);
    for (int i = 0; i < rounds; i++) {
      String line = replies.readLine();
      if (line == null) {
        throw new IOException("the C peer stopped");
      }
      roundTripNanos.recordValue(Long.parseLong(line));
    }
    expect("ok");
  }

  private void command(String line) throws IOException {
    commands.write(line + "\n");
    commands.flush();
  }

  private void expect(String reply) throws IOException {
    String line = replies.readLine();
    if (!reply.equals(line)) {
      throw new IOException(
          "the C peer answered " + line + " instead of " + reply + " (its stderr is above)");
    }
  }

  @Override
  public void close() {
    ProcessCpu.unregister(process.pid());
    try {
      command("Q");
    } catch (IOException ignored) {
      // already gone: destroy below
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      throw Peer.interrupted(e);
    }
  }
}
