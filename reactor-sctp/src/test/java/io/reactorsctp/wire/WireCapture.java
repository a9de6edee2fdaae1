package io.reactorsctp.wire;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
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
 * The packet oracle of the wire tests: Wireshark's {@code dumpcap} captures a test's SCTP packets
 * on an interface of the (guest) kernel, and {@code tshark}, an SCTP dissector we did not write,
 * reads them back as {@link WireChunk}s. Nothing of ours parses a packet. Every capture file is
 * kept in {@code target/wire-captures/NAME.pcapng} to be opened in Wireshark when a test fails.
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
  // "Packets received/dropped on interface 'lo': 12/0 (pcap:0/dumpcap:0/flushed:0/ps_ifdrop:0)
  // (100.0%)"
  private static final Pattern DROPPED =
      Pattern.compile("received/dropped on interface '[^']*': \\d+/(\\d+)");
  private static final Pattern COUNTED = Pattern.compile("Packets: (\\d+)");

  /** Where the liveness datagrams go: a loopback address and port nothing uses. */
  private static final InetSocketAddress CANARY = new InetSocketAddress("127.0.0.254", 9);

  private static final Path KEEP = Paths.get("target", "wire-captures").toAbsolutePath();

  private final String name;
  private final Path dir;
  private final Path file;
  private final Path log;
  private final Process dumpcap;
  private final boolean canary;
  private List<WireChunk> chunks;

  private WireCapture(String name, Path dir, Process dumpcap, boolean canary) {
    this.name = name;
    this.canary = canary;
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
  public static WireCapture start(String name, String iface, String filter)
      throws IOException, InterruptedException {
    return start(name, List.of(), iface, filter);
  }

  /**
   * Starts capturing with dumpcap run through {@code prefix} (e.g. {@code nsenter -t PID -n} to
   * capture inside a network namespace).
   */
  public static WireCapture start(String name, List<String> prefix, String iface, String filter)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("wire-");
    List<String> cmd = new ArrayList<>(prefix);
    boolean canary = prefix.isEmpty() && iface.equals("lo");
    String capture =
        canary
            ? "("
                + filter
                + ") or (udp and dst host "
                + CANARY.getHostString()
                + " and dst port "
                + CANARY.getPort()
                + ")"
            : filter;
    // Without -q dumpcap counts the packets it has written on its console ("Packets: N"): how
    // start() knows
    // that the capture is live.
    cmd.addAll(
        List.of(
            tool("dumpcap"),
            "-i",
            iface,
            "-f",
            capture,
            "-w",
            dir.resolve("capture.pcapng").toString()));
    Path log = dir.resolve("dumpcap.log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    WireCapture wire = new WireCapture(name, dir, p, canary);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
    while (!Files.readString(log).contains("Capturing on")) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "dumpcap did not start capturing on "
                + iface
                + " within "
                + START_SECONDS
                + " s: "
                + Files.readString(log));
      }
      Thread.sleep(50);
    }
    if (canary) {
      wire.awaitCanary(1, deadline);
    }
    return wire;
  }

  /**
   * Sends datagrams to an unused loopback address until dumpcap has counted {@code count} packets.
   * At the start: dumpcap says "Capturing on" before its filter is attached and packets flow (a
   * set-up's first packets were seen missing). tshark's read keeps only SCTP, so the datagrams
   * never show.
   */
  private void awaitCanary(long count, long deadline) throws IOException, InterruptedException {
    try (DatagramSocket udp = new DatagramSocket()) {
      while (packetsCounted() < count) {
        if (!dumpcap.isAlive() || System.nanoTime() > deadline) {
          dumpcap.destroyForcibly();
          throw new IllegalStateException(
              "dumpcap captured nothing within " + START_SECONDS + " s: " + Files.readString(log));
        }
        udp.send(new DatagramPacket(new byte[] {1}, 1, CANARY));
        Thread.sleep(100);
      }
    }
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
    if (canary) {
      // Loopback delivers in order: once dumpcap counts a datagram sent now, it has every packet
      // sent before.
      awaitCanary(packetsCounted() + 1, System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_SECONDS));
    } else {
      // Elsewhere, give the packets still crossing the link a moment to reach dumpcap's queue.
      Thread.sleep(300);
    }
    signal("INT");
    if (!dumpcap.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
      dumpcap.destroyForcibly();
      throw new IllegalStateException("dumpcap did not stop within " + STOP_SECONDS + " s");
    }
    String summary = Files.readString(log);
    Matcher dropped = DROPPED.matcher(summary);
    if (dropped.find() && !dropped.group(1).equals("0")) {
      throw new IllegalStateException(
          "dumpcap dropped packets, the capture is incomplete: " + summary);
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
  public List<WireChunk> chunks(Predicate<WireChunk> filter)
      throws IOException, InterruptedException {
    return stop().stream().filter(filter).toList();
  }

  /** {@return where the capture file is kept} */
  public Path keptFile() {
    return KEEP.resolve(name + ".pcapng");
  }

  /** {@return the packets dumpcap has counted so far (its console's last "Packets: N")} */
  private long packetsCounted() throws IOException {
    Matcher m = COUNTED.matcher(Files.readString(log));
    long last = 0;
    while (m.find()) {
      last = Long.parseLong(m.group(1));
    }
    return last;
  }

  private void signal(String signal) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + signal, Long.toString(dumpcap.pid()))
        .inheritIO()
        .start()
        .waitFor(10, TimeUnit.SECONDS);
  }

  /**
   * Reads a capture file with tshark's PDML output (every field of every chunk, as Wireshark names
   * them).
   */
  static List<WireChunk> read(Path capture) throws IOException, InterruptedException {
    Path pdml = capture.resolveSibling("capture.pdml");
    Process tshark =
        new ProcessBuilder(
                tool("tshark"), "-n", "-r", capture.toString(), "-Y", "sctp", "-T", "pdml")
            .redirectOutput(pdml.toFile())
            .redirectError(ProcessBuilder.Redirect.PIPE)
            .start();
    byte[] err;
    try (InputStream in = tshark.getErrorStream()) {
      err = in.readAllBytes();
    }
    if (!tshark.waitFor(STOP_SECONDS, TimeUnit.SECONDS) || tshark.exitValue() != 0) {
      tshark.destroyForcibly();
      throw new IllegalStateException(
          "tshark could not read " + capture + ": " + new String(err, StandardCharsets.UTF_8));
    }
    return Pdml.chunks(pdml);
  }

  private static String tool(String name) {
    for (String dir : List.of("/usr/bin", "/usr/sbin", "/bin")) {
      if (Files.isExecutable(Paths.get(dir, name))) {
        return dir + "/" + name;
      }
    }
    throw new IllegalStateException(
        name
            + " is missing: the wire tests read packets with Wireshark's dumpcap"
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
