package io.reactorsctp.examples.diameter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real freeDiameter daemon ({@code freeDiameterd}, Debian packages {@code freediameterd} and
 * {@code freediameter-extensions}) run as a child process with a configuration written to a
 * directory of its own: SCTP only, on one address, no TLS (freeDiameter still insists on a
 * certificate in its configuration, so a throw-away one is made with {@code openssl}), the relay
 * application, {@code acl_wl} admitting any peer of one realm without TLS, {@code dbg_msg_dumps}
 * logging every message it sends and receives and every routing decision (one line each), and one
 * {@code ConnectPeer} it connects to itself.
 *
 * <p>Its log is what the test reads to know what freeDiameter did.
 */
final class FreeDiameter implements AutoCloseable {

  /**
   * dbg_msg_dumps' mask: errors, sent and received messages, routing decisions and peer events,
   * each in compact mode (one line per event).
   */
  private static final String DUMP_MASK = "0x2222";

  private static final String EXTENSIONS = "/usr/lib/freeDiameter/";

  private final Process process;
  private final Path log;

  private FreeDiameter(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Writes the configuration, starts freeDiameterd and waits until it has started its core.
   *
   * @param directory a fresh directory for its key, certificate, configuration and log
   * @param identity its Diameter identity (its realm is what follows the first dot)
   * @param address the address it listens on: not a loopback one, which freeDiameter ignores in
   *     {@code ListenOn} (it needs an address to advertise in its CER/CEA)
   * @param port the SCTP port it listens on
   * @param streams the SCTP streams it asks for in each direction
   * @param acceptedRealm peers of this realm may connect to it (acl_wl, no TLS)
   * @param connectPeer the identity of a peer it connects to itself
   * @param connectPort that peer's SCTP port on 127.0.0.1
   * @return the running daemon
   * @throws IOException when openssl or freeDiameterd cannot run, naming why and the log
   */
  static FreeDiameter start(
      Path directory,
      String identity,
      String address,
      int port,
      int streams,
      String acceptedRealm,
      String connectPeer,
      int connectPort)
      throws IOException, InterruptedException {
    Path key = directory.resolve("key.pem");
    Path cert = directory.resolve("cert.pem");
    run(
        directory,
        List.of(
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=" + identity,
            "-keyout",
            key.toString(),
            "-out",
            cert.toString()));
    Path acl = directory.resolve("acl_wl.conf");
    Files.writeString(acl, "ALLOW_IPSEC *." + acceptedRealm + "\n");
    Path config = directory.resolve("freeDiameter.conf");
    Files.writeString(
        config,
        String.join(
            "\n",
            "Identity = \"" + identity + "\";",
            "Realm = \"" + identity.substring(identity.indexOf('.') + 1) + "\";",
            "Port = " + port + ";",
            "SecPort = 0;",
            "No_TCP;",
            "No_IPv6;",
            "SCTP_streams = " + streams + ";",
            "ListenOn = \"" + address + "\";",
            // The smallest Tw freeDiameter allows: it sends its first DWR within 4 to 8 s.
            "TwTimer = 6;",
            "TLS_Cred = \"" + cert + "\", \"" + key + "\";",
            "TLS_CA = \"" + cert + "\";",
            "LoadExtension = \"" + EXTENSIONS + "dbg_msg_dumps.fdx\" : \"" + DUMP_MASK + "\";",
            "LoadExtension = \"" + EXTENSIONS + "acl_wl.fdx\" : \"" + acl + "\";",
            "ConnectPeer = \""
                + connectPeer
                + "\" { ConnectTo = \"127.0.0.1\"; Port = "
                + connectPort
                + "; No_TLS; No_TCP; TcTimer = 1; };",
            ""));
    Path log = directory.resolve("freeDiameterd.log");
    Process p;
    try {
      p =
          new ProcessBuilder("freeDiameterd", "-c", config.toString())
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new IOException(
          "cannot run freeDiameterd (Debian: apt-get install freediameterd"
              + " freediameter-extensions): "
              + e.getMessage(),
          e);
    }
    FreeDiameter fd = new FreeDiameter(p, log);
    fd.awaitLog(l -> l.contains("freeDiameterd daemon initialized"), Duration.ofSeconds(60));
    return fd;
  }

  private static void run(Path directory, List<String> command)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve(command.getFirst() + ".log").toFile())
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException(
          command.getFirst()
              + " failed; its output:\n"
              + Files.readString(directory.resolve(command.getFirst() + ".log")));
    }
  }

  /**
   * @return what freeDiameterd has logged so far
   */
  String log() throws IOException {
    return Files.readString(log, StandardCharsets.ISO_8859_1);
  }

  /**
   * Waits until a line of the log matches.
   *
   * @param line what to look for
   * @param timeout how long to wait
   * @return the first matching line
   * @throws IOException naming the timeout and the log when no line matched in time, or when the
   *     daemon exited
   */
  String awaitLog(Predicate<String> line, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      var found = log().lines().filter(line).findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      if (!process.isAlive()) {
        throw new IOException(
            "freeDiameterd exited with status " + process.exitValue() + "; its log:\n" + log());
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "freeDiameterd did not log the expected line within "
                + timeout
                + "; its log:\n"
                + log());
      }
      Thread.sleep(50);
    }
  }

  /**
   * Stops freeDiameterd as an operator would (SIGTERM: it sends a DPR to each open peer and waits
   * for the DPA), SIGKILL after 30 s.
   *
   * @return its exit status
   */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      stop();
    }
  }
}
