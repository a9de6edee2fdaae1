package io.reactorsctp.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One of usrsctp's example programs (Debian's libusrsctp-examples, in {@code /usr/lib/usrsctp}): a
 * user-space SCTP stack we did not write, speaking SCTP over UDP (RFC 6951) from its own UDP port.
 * Its output (stdout and stderr) is kept for the assertions and for a failure's message.
 */
final class Usrsctp implements AutoCloseable {
  private static final Path DIR = Path.of("/usr/lib/usrsctp");
  private static final long STOP_SECONDS = 10;

  private final String program;
  private final Process process;
  private final StringBuilder output = new StringBuilder();

  private Usrsctp(String program, Process process) {
    this.program = program;
    this.process = process;
    Thread reader = new Thread(this::read, "usrsctp-" + program);
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts a program; fails, naming the package, when it is not installed.
   *
   * @param program e.g. {@code echo_server}
   * @param args its arguments
   */
  static Usrsctp start(String program, String... args) throws IOException {
    Path path = DIR.resolve(program);
    if (!Files.isExecutable(path)) {
      throw new IllegalStateException(
          "usrsctp's "
              + program
              + " is missing ("
              + path
              + "): the SCTP over UDP interop tests need the Debian package libusrsctp-examples"
              + " (apt-get install libusrsctp-examples; .ci/run installs it)");
    }
    List<String> cmd = new ArrayList<>(List.of(path.toString()));
    cmd.addAll(List.of(args));
    return run(program, cmd);
  }

  /** Runs a usrsctp program found elsewhere (e.g. {@link UsrsctpPeer}, compiled by the test). */
  static Usrsctp run(String program, List<String> command) throws IOException {
    return new Usrsctp(program, new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  /**
   * Waits until Linux shows the program's UDP port bound ({@code /proc/net/udp}): usrsctp opens it
   * first thing, before it listens.
   */
  void awaitUdpPort(int port, long seconds) throws IOException, InterruptedException {
    String local = String.format(Locale.ROOT, ":%04X ", port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (Files.readAllLines(Path.of("/proc/net/udp")).stream()
        .noneMatch(l -> l.trim().split("\\s+")[1].endsWith(local.trim()))) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError(
            program + " did not bind UDP port " + port + " within " + seconds + " s" + state());
      }
      Thread.sleep(20);
    }
  }

  /** Writes a line to the program's stdin. */
  void writeLine(String line) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  /** Closes the program's stdin (a usrsctp client then shuts its association down). */
  void closeInput() throws IOException {
    process.getOutputStream().close();
  }

  /** Waits until the program has printed {@code expected}; fails with its output otherwise. */
  void awaitOutput(String expected, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    synchronized (output) {
      while (output.indexOf(expected) < 0) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          throw new AssertionError(
              program + " printed no '" + expected + "' within " + seconds + " s" + state());
        }
        output.wait(left);
      }
    }
  }

  /** Waits for the program to exit by itself; fails with its output otherwise. */
  int awaitExit(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new AssertionError(program + " did not exit within " + seconds + " s" + state());
    }
    return process.exitValue();
  }

  /** {@return what the program has printed so far} */
  String output() {
    synchronized (output) {
      return output.toString();
    }
  }

  private String state() {
    synchronized (output) {
      return " (alive: " + process.isAlive() + "); its output:\n" + output;
    }
  }

  private void read() {
    byte[] buf = new byte[4096];
    try (InputStream out = process.getInputStream()) {
      for (int n; (n = out.read(buf)) > 0; ) {
        synchronized (output) {
          output.append(new String(buf, 0, n, StandardCharsets.UTF_8));
          output.notifyAll();
        }
      }
    } catch (IOException ignored) {
      // the program is gone
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(STOP_SECONDS, TimeUnit.SECONDS);
    }
  }
}
