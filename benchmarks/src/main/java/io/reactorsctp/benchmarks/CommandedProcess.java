package io.reactorsctp.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child process driven one command line at a time over its standard input, answering in lines on
 * its standard output; its standard error goes to ours. The C peer ({@link CLoopPeer}) and a peer's
 * own JVM ({@link PeerJvm}) are driven so; {@code Q} asks either to end.
 */
final class CommandedProcess {
  private final String name;
  private final Process process;
  private final Writer commands;
  private final BufferedReader replies;

  /** Starts {@code command}; {@code name} says whose it is in errors. */
  CommandedProcess(String name, List<String> command) {
    this.name = name;
    try {
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    } catch (IOException e) {
      throw new UncheckedIOException("starting " + name, e);
    }
    commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
    replies =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  long pid() {
    return process.pid();
  }

  void command(String line) throws IOException {
    commands.write(line + "\n");
    commands.flush();
  }

  /** The next line the process wrote; it failing to write one is an error. */
  String reply() throws IOException {
    String line = replies.readLine();
    if (line == null) {
      throw new IOException(name + " stopped (its standard error is above)");
    }
    return line;
  }

  /** Reads the next line and fails unless it is {@code expected}. */
  void expect(String expected) throws IOException {
    String line = reply();
    if (!expected.equals(line)) {
      throw new IOException(
          name
              + " answered "
              + line
              + " instead of "
              + expected
              + " (its standard error is above)");
    }
  }

  /** Sends {@code Q} and waits up to {@code seconds} for the process to end, then ends it. */
  void quit(int seconds) {
    try {
      command("Q");
    } catch (IOException ignored) {
      // already gone: destroyed below
    }
    try {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      throw Peer.interrupted(e);
    }
  }
}
