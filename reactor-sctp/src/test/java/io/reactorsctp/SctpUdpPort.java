package io.reactorsctp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The guest's SCTP over UDP port (sysctl {@code net.sctp.udp_port}, RFC 6951) for one test: set
 * before the test opens its sockets (Linux reads it when a socket is opened) and put back on close,
 * since with a port set Linux also counts a UDP header in every association's overhead, which the
 * other tests do not expect.
 */
public final class SctpUdpPort implements AutoCloseable {
  /** The IANA port of SCTP over UDP, where Linux listens when the sysctl says so. */
  public static final int IANA = 9899;

  private static final Path SYSCTL = Path.of("/proc/sys/net/sctp/udp_port");
  private final String before;

  private SctpUdpPort(String before) {
    this.before = before;
  }

  /**
   * Sets {@code net.sctp.udp_port}; Linux then listens on that UDP port for encapsulated SCTP.
   *
   * @param port the port
   * @return what puts the previous value back
   */
  public static SctpUdpPort set(int port) throws IOException {
    if (!Files.exists(SYSCTL)) {
      throw new IllegalStateException(
          "no " + SYSCTL + ": this kernel has no SCTP over UDP (Linux 5.11 has it)");
    }
    String before = Files.readString(SYSCTL).trim();
    Files.writeString(SYSCTL, Integer.toString(port));
    return new SctpUdpPort(before);
  }

  @Override
  public void close() throws IOException {
    Files.writeString(SYSCTL, before);
  }
}
