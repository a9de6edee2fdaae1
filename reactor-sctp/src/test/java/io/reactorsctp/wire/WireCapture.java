package io.reactorsctp.wire;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packet oracle of the wire tests: Wireshark's {@code dumpcap} captures a test's SCTP packets on an interface
 * of the (guest) kernel, and {@code tshark}, an SCTP dissector we did not write, reads them back as
 * {@link WireChunk}s. Nothing of ours parses a packet. Every capture file is kept in
 * {@code target/wire-captures/NAME.pcapng} to be opened in Wireshark when a test fails.
 *
 * <pre>{@code
 * try (WireCapture wire = WireCapture.start("ppid", "lo", "sctp port " + port)) {
 *   ... send ...
 *   List<WireChunk> chunks = wire.stop();
 * }
 * }</pre>
 */
public final class WireCapture implements AutoCloseable {
  private static final long START_SECONDS = 60;
  private static final long STOP_SECONDS = 60;
  // "Packets received/dropped on interface 'lo': 12/0 (pcap:0/dumpcap:0/flushed:0/ps_ifdrop:0) (100.0%)"
  private static final Pattern DROPPED = Pattern.compile("received/dropped on interface '[^']*': \\d+/(\\d+)");
  private static final Path KEEP = Paths.get("target", "wire-captures").toAbsolutePath();

  private final String name;
  private final Path dir;
  private final Path file;
  private final Path log;
  private final Process dumpcap;
  private List<WireChunk> chunks;

  private WireCapture(String name, Path dir, Process dumpcap) {
    this.name = name;
    this.dir = dir;
    this.file = dir.resolve("capture.pcapng");
    this.log = dir.resolve("dumpcap.log");
    this.dumpcap = dumpcap;
  }

  /**
   * Starts capturing and returns once dumpcap says it captures.
   *
   * @param name the capture file's name in {@code target/wire-captures}
   * @param iface the interface, e.g. {@code lo}
   * @param filter a capture filter, e.g. {@code sctp port 4000}
   * @return the running capture
   */
  public static WireCapture start(String name, String iface, String filter) throws IOException, InterruptedException {
    return start(name, List.of(), iface, filter);
  }

  /**
   * Starts capturing with dumpcap run through {@code prefix} (e.g. {@code nsenter -t PID -n} to capture inside
   * a network namespace).
   */
  public static WireCapture start(String name, List<String> prefix, String iface, String filter)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("wire-");
    List<String> cmd = new ArrayList<>(prefix);
    // -q: no running packet count on the console, only the start line and the closing summary.
    cmd.addAll(List.of(tool("dumpcap"), "-q", "-i", iface, "-f", filter, "-w", dir.resolve("capture.pcapng")
        .toString()));
    Path log = dir.resolve("dumpcap.log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    WireCapture capture = new WireCapture(name, dir, p);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
    while (!Files.readString(log).contains("Capturing on")) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new IllegalStateException("dumpcap did not start capturing on " + iface + " within "
            + START_SECONDS + " s: " + Files.readString(log));
      }
      Thread.sleep(50);
    }
    return capture;
  }

  /**
   * Stops the capture once the packets sent so far have been written, and reads them with tshark.
   *
   * @return every SCTP chunk captured, in the order of the packets that carried them
   */
  public List<WireChunk> stop() throws IOException, InterruptedException {
    if (chunks != null) {
      return chunks;
    }
    // dumpcap reads the packets the kernel already queued for it before it acts on SIGINT; give those that are
    // still crossing loopback a moment to arrive in that queue.
    Thread.sleep(300);
    signal("INT");
    if (!dumpcap.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
      dumpcap.destroyForcibly();
      throw new IllegalStateException("dumpcap did not stop within " + STOP_SECONDS + " s");
    }
    String summary = Files.readString(log);
    Matcher dropped = DROPPED.matcher(summary);
    if (dropped.find() && !dropped.group(1).equals("0")) {
      throw new IllegalStateException("dumpcap dropped packets, the capture is incomplete: " + summary);
    }
    Files.createDirectories(KEEP);
    Files.copy(file, KEEP.resolve(name + ".pcapng"), StandardCopyOption.REPLACE_EXISTING);
    chunks = read(file);
    return chunks;
  }

  /**
   * @param filter which chunks
   * @return the captured chunks that match, after {@link #stop()}
   */
  public List<WireChunk> chunks(Predicate<WireChunk> filter) throws IOException, InterruptedException {
    return stop().stream().filter(filter).toList();
  }

  /** {@return where the capture file is kept} */
  public Path keptFile() {
    return KEEP.resolve(name + ".pcapng");
  }

  private void signal(String signal) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + signal, Long.toString(dumpcap.pid())).inheritIO().start()
        .waitFor(10, TimeUnit.SECONDS);
  }

  /** Reads a capture file with tshark's PDML output (every field of every chunk, as Wireshark names them). */
  static List<WireChunk> read(Path capture) throws IOException, InterruptedException {
    Path pdml = capture.resolveSibling("capture.pdml");
    Process tshark = new ProcessBuilder(tool("tshark"), "-n", "-r", capture.toString(), "-Y", "sctp", "-T", "pdml")
        .redirectOutput(pdml.toFile()).redirectError(ProcessBuilder.Redirect.PIPE).start();
    byte[] err;
    try (InputStream in = tshark.getErrorStream()) {
      err = in.readAllBytes();
    }
    if (!tshark.waitFor(STOP_SECONDS, TimeUnit.SECONDS) || tshark.exitValue() != 0) {
      tshark.destroyForcibly();
      throw new IllegalStateException("tshark could not read " + capture + ": "
          + new String(err, StandardCharsets.UTF_8));
    }
    return Pdml.chunks(pdml);
  }

  private static String tool(String name) {
    for (String dir : List.of("/usr/bin", "/usr/sbin", "/bin")) {
      if (Files.isExecutable(Paths.get(dir, name))) {
        return dir + "/" + name;
      }
    }
    throw new IllegalStateException(name + " is missing: the wire tests read packets with Wireshark's dumpcap"
        + " and tshark (Debian: apt-get install tshark)");
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      if (dumpcap.isAlive()) {
        stop();
      }
    } finally {
      dumpcap.destroyForcibly();
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(dir);
    }
  }
}
