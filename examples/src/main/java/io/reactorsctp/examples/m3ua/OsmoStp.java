package io.reactorsctp.examples.m3ua;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Osmocom STP ({@code osmo-stp}, Debian package {@code osmo-stp}) run as a child process
 * with a small configuration written to a directory of its own: an M3UA listener on 127.0.0.1, and
 * one pre-configured ASP and AS per {@link Asp}, each AS with its routing context and a route to
 * its point code. The STP matches an incoming association to an ASP by the peer's address and port,
 * so each ASP connects from the local port given here.
 *
 * <p>Its VTY (telnet, 127.0.0.1:{@value #VTY_PORT}) answers {@link #vty(String)}, e.g. {@code show
 * cs7 instance 0 asp}, to read the STP's own view of the ASPs' states.
 */
public final class OsmoStp implements AutoCloseable {

  /**
   * The VTY port osmo-stp listens on (its default; the version in Debian 12 does not change it).
   */
  public static final int VTY_PORT = 4239;

  private static final String PROMPT = "OsmoSTP> ";

  /**
   * One ASP and its AS in the STP's configuration.
   *
   * @param name the ASP's name (its AS is named {@code as-} + name)
   * @param localPort the port the ASP connects from
   * @param routingContext the AS's routing context
   * @param pointCode the AS's point code: DATA whose DPC is this goes to this ASP
   */
  public record Asp(String name, int localPort, int routingContext, int pointCode) {}

  private final Process process;
  private final Path directory;
  private final int m3uaPort;

  private OsmoStp(Process process, Path directory, int m3uaPort) {
    this.process = process;
    this.directory = directory;
    this.m3uaPort = m3uaPort;
  }

  /**
   * Writes the configuration, starts osmo-stp and waits until it listens.
   *
   * @param directory where the configuration and the log go (a fresh temporary directory)
   * @param m3uaPort the M3UA port to listen on, on 127.0.0.1
   * @param pointCode the STP's own point code
   * @param asps the ASPs it accepts
   * @return the running STP
   * @throws IOException when osmo-stp cannot be started, names why and where its log is
   */
  public static OsmoStp start(Path directory, int m3uaPort, int pointCode, List<Asp> asps)
      throws IOException {
    Path config = directory.resolve("osmo-stp.cfg");
    Files.writeString(config, config(m3uaPort, pointCode, asps));
    Path log = directory.resolve("osmo-stp.log");
    Process p;
    try {
      p =
          new ProcessBuilder("osmo-stp", "-c", config.toString())
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new IOException(
          "cannot run osmo-stp (Debian: apt-get install osmo-stp): " + e.getMessage(), e);
    }
    OsmoStp stp = new OsmoStp(p, directory, m3uaPort);
    stp.awaitVty(Duration.ofSeconds(60));
    String listeners = stp.log();
    if (listeners.contains("Unable to bind xUA server")) {
      stp.close();
      throw new IOException(
          "osmo-stp could not listen on SCTP 127.0.0.1:" + m3uaPort + "; its log:\n" + listeners);
    }
    return stp;
  }

  /**
   * @param m3uaPort the M3UA port
   * @param pointCode the STP's point code
   * @param asps the ASPs
   * @return the configuration file's text
   */
  public static String config(int m3uaPort, int pointCode, List<Asp> asps) {
    StringBuilder c = new StringBuilder();
    c.append("log stderr\n logging filter all 1\n logging color 0\n logging print category 1\n")
        .append(" logging timestamp 1\n logging level set-all notice\n logging level lss7 info\n")
        .append(" logging level lm3ua info\n");
    c.append("line vty\n no login\n bind 127.0.0.1\n");
    c.append("cs7 instance 0\n point-code ").append(format(pointCode)).append('\n');
    for (Asp a : asps) {
      // "asp NAME REMOTE-PORT LOCAL-PORT m3ua": the remote port is the ASP's own, the local one the
      // listener's.
      c.append(" asp ")
          .append(a.name())
          .append(' ')
          .append(a.localPort())
          .append(' ')
          .append(m3uaPort)
          .append(
              " m3ua\n  local-ip 127.0.0.1\n  remote-ip 127.0.0.1\n  role sg\n  sctp-role server\n");
    }
    for (Asp a : asps) {
      c.append(" as as-")
          .append(a.name())
          .append(" m3ua\n  asp ")
          .append(a.name())
          .append("\n  routing-key ")
          .append(Integer.toUnsignedString(a.routingContext()))
          .append(' ')
          .append(format(a.pointCode()))
          .append('\n');
    }
    c.append(" route-table system\n");
    for (Asp a : asps) {
      c.append("  update route ")
          .append(format(a.pointCode()))
          .append(" 7.255.7 linkset as-")
          .append(a.name())
          .append('\n');
    }
    c.append(" listen m3ua ")
        .append(m3uaPort)
        .append("\n  local-ip 127.0.0.1\n")
        .append("  accept-asp-connections pre-configured\n");
    return c.toString();
  }

  /**
   * @param pointCode a 14-bit ITU point code
   * @return it in osmo-stp's default 3.8.3 notation
   */
  public static String format(int pointCode) {
    return ((pointCode >> 11) & 7) + "." + ((pointCode >> 3) & 0xFF) + "." + (pointCode & 7);
  }

  /**
   * @return the M3UA address to connect to
   */
  public InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", m3uaPort);
  }

  /**
   * @return what osmo-stp has logged so far
   */
  public String log() throws IOException {
    return Files.readString(directory.resolve("osmo-stp.log"), StandardCharsets.ISO_8859_1);
  }

  /**
   * Runs one command on osmo-stp's VTY.
   *
   * @param command e.g. {@code show cs7 instance 0 asp}
   * @return the command's output
   */
  public String vty(String command) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", VTY_PORT), 10_000);
      s.setSoTimeout(30_000);
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      readUntilPrompt(in);
      out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String output = readUntilPrompt(in);
      int firstLine = output.indexOf('\n');
      return firstLine < 0 ? output : output.substring(firstLine + 1); // without the echoed command
    }
  }

  private static String readUntilPrompt(InputStream in) throws IOException {
    StringBuilder text = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == 0xFF) { // telnet negotiation: IAC, command, option
        in.read();
        in.read();
        continue;
      }
      text.append((char) b);
      if (text.length() >= PROMPT.length()
          && text.lastIndexOf(PROMPT) == text.length() - PROMPT.length()) {
        return text.substring(0, text.length() - PROMPT.length());
      }
    }
    throw new IOException("osmo-stp's VTY closed before its prompt; got: " + text);
  }

  private void awaitVty(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IOException(
            "osmo-stp exited with status " + process.exitValue() + "; its log:\n" + log());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", VTY_PORT), 1000);
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          close();
          throw new IOException(
              "osmo-stp did not open its VTY within " + timeout + "; its log:\n" + log());
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for osmo-stp", e);
        }
      }
    }
  }

  /** Stops osmo-stp (SIGTERM, then SIGKILL after 10 s). */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
