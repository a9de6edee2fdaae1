package io.reactorsctp.fault;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Peer} in a second JVM (same java, same class path), optionally inside a network
 * namespace.
 */
final class PeerProcess implements AutoCloseable {
  private final Process process;
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

  /**
   * @param namespacePid run inside the network namespace of this process (nsenter), or 0 for ours
   * @param args the peer's arguments
   */
  PeerProcess(long namespacePid, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    if (namespacePid != 0) {
      cmd.addAll(List.of("nsenter", "-t", Long.toString(namespacePid), "-n"));
    }
    cmd.add(ProcessHandle.current().info().command().orElseThrow());
    cmd.addAll(
        List.of(
            "-Xmx128m",
            "-XX:TieredStopAtLevel=1",
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            Peer.class.getName()));
    cmd.addAll(List.of(args));
    process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  lines.add(line);
                }
              } catch (IOException ignored) {
                // the process is gone
              }
            },
            "peer-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Waits for a line; fails if none comes in time. */
  String awaitLine(String expected, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    for (; ; ) {
      String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError(
            "peer printed no '"
                + expected
                + "' within "
                + seconds
                + " s (alive: "
                + process.isAlive()
                + ")");
      }
      if (line.equals(expected)) {
        return line;
      }
    }
  }

  /** Values of the last {@link #results} that are not numbers (lists), by key. */
  private final Map<String, String> texts = new HashMap<>();

  /**
   * Reads key=value lines up to DONE: numbers in the map returned, other values kept for {@link
   * #text}.
   */
  Map<String, Long> results(long seconds) throws InterruptedException {
    Map<String, Long> out = new HashMap<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    for (; ; ) {
      String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError("peer did not finish within " + seconds + " s");
      }
      if (line.equals("DONE")) {
        return out;
      }
      int eq = line.indexOf('=');
      if (eq > 0) {
        String value = line.substring(eq + 1);
        try {
          out.put(line.substring(0, eq), Long.parseLong(value));
        } catch (NumberFormatException e) {
          texts.put(line.substring(0, eq), value);
        }
      }
    }
  }

  /** {@return a value of the last results that is not a number, or "" when there was none} */
  String text(String key) {
    return texts.getOrDefault(key, "");
  }

  /**
   * SIGKILL: the kernel closes the peer's socket with unread data, which aborts the association.
   */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
