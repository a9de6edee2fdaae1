package io.reactorsctp.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code src/test/c/usrsctp_peer.c}: a peer on usrsctp's library (Debian's libusrsctp-dev), an SCTP
 * stack we did not write, with the extensions its example programs leave off (stream
 * reconfiguration, I-DATA, SCTP-AUTH). Compiled with gcc once per test JVM, into {@code target},
 * then run as a {@link Usrsctp}: commands to its stdin, events from its stdout (the C file says
 * which).
 */
final class UsrsctpPeer {
  /** The usrsctp UDP port of the peer; Linux keeps {@link io.reactorsctp.SctpUdpPort#IANA}. */
  static final int UDP = 9900;

  /** The peer's SCTP port (usrsctp's own port space, not the kernel's). */
  static final int SCTP_PORT = 5001;

  private static final Path SOURCE = Path.of("src", "test", "c", "usrsctp_peer.c");
  private static final Path BUILDS = Path.of("target", "usrsctp-peer");
  private static final long COMPILE_SECONDS = 180;

  /** This JVM's build, or null before the first start. */
  private static Path binary;

  private UsrsctpPeer() {}

  /**
   * Compiles the peer if this JVM has not yet, starts it listening on {@link #SCTP_PORT} over UDP
   * {@link #UDP}, sending to {@code remoteUdp}, and waits until it listens.
   *
   * @param remoteUdp Linux's UDP port
   * @param seconds how long to wait for it to listen
   * @param features {@code reconfig}, {@code interleave}, {@code auth=HEXKEY}
   */
  static Usrsctp start(int remoteUdp, long seconds, String... features)
      throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                compile().toAbsolutePath().toString(),
                Integer.toString(UDP),
                Integer.toString(remoteUdp),
                Integer.toString(SCTP_PORT)));
    cmd.addAll(List.of(features));
    Usrsctp peer = Usrsctp.run("usrsctp_peer", cmd);
    peer.awaitOutput("listening", seconds);
    return peer;
  }

  private static synchronized Path compile() throws IOException, InterruptedException {
    if (binary != null) {
      return binary;
    }
    if (!Files.isReadable(Path.of("/usr/include/usrsctp.h"))
        || !Files.isExecutable(Path.of("/usr/bin/gcc"))) {
      throw new IllegalStateException(
          "the usrsctp interop peer needs gcc (package gcc) and usrsctp's library and header"
              + " (Debian package libusrsctp-dev: apt-get install libusrsctp-dev; .ci/run"
              + " installs both)");
    }
    Files.createDirectories(BUILDS);
    // A directory of its own per JVM: the test JVMs of two guests share target/, and one would exec
    // the binary while the other's gcc rewrites it (EACCES, seen in CI).
    Path built = Files.createTempDirectory(BUILDS, "build-").resolve("usrsctp_peer");
    Process gcc =
        new ProcessBuilder(
                "/usr/bin/gcc",
                "-O0",
                "-Wall",
                "-o",
                built.toString(),
                SOURCE.toString(),
                "-lusrsctp",
                "-lpthread")
            .redirectErrorStream(true)
            .start();
    byte[] out = gcc.getInputStream().readAllBytes();
    if (!gcc.waitFor(COMPILE_SECONDS, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
      gcc.destroyForcibly();
      throw new IllegalStateException(
          "gcc could not compile "
              + SOURCE
              + " against libusrsctp-dev: "
              + new String(out, StandardCharsets.UTF_8));
    }
    binary = built;
    return binary;
  }
}
