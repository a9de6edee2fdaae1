package io.reactorsctp.channel;

import io.reactorsctp.Errno;
import io.reactorsctp.SctpNativeException;
import io.reactorsctp.internal.nativeio.SctpSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * SCTP over UDP (RFC 6951) on a socket: the peer's encapsulation port ({@code
 * SCTP_REMOTE_UDP_ENCAPS_PORT}) set per socket, association or path, and the host's sysctl checked
 * first, because Linux accepts the port even when {@code net.sctp.udp_port} is 0 and then sends
 * plain SCTP: the caller would find out only from the wire.
 */
final class UdpEncapsulation {
  /** The host's encapsulation port; 0 (Debian's default) turns SCTP over UDP off host-wide. */
  static final Path UDP_PORT_SYSCTL = Path.of("/proc/sys/net/sctp/udp_port");

  static final int MAX_PORT = 65_535;

  private UdpEncapsulation() {}

  /**
   * Sets the peer's port after checking it and the host's sysctl.
   *
   * @param field the option or parameter that holds the port, named in an error (EINVAL names
   *     {@code peerAddress}, or {@code associationId} without one)
   * @param assocId the association ({@code SCTP_FUTURE_ASSOC}: the ones to come)
   * @param peerAddress one path, or null for the association
   * @param port the peer's UDP port, 0 for none
   */
  static void set(
      SctpSocket socket, String field, int assocId, InetSocketAddress peerAddress, int port) {
    if (port < 0 || port > MAX_PORT) {
      throw new InvalidSctpMessageException(
          field, port + " is not a UDP port (0 turns encapsulation off, at most " + MAX_PORT + ")");
    }
    if (port != 0) {
      requireHostPort(field);
    }
    try {
      socket.setUdpEncapsPort(assocId, peerAddress, port);
    } catch (SctpNativeException e) {
      throw translate(e, field, peerAddress);
    }
  }

  /** {@return the peer's port on that association or path (0: plain SCTP)} */
  static int get(SctpSocket socket, String field, int assocId, InetSocketAddress peerAddress) {
    try {
      return socket.udpEncapsPort(assocId, peerAddress);
    } catch (SctpNativeException e) {
      throw translate(e, field, peerAddress);
    }
  }

  private static RuntimeException translate(
      SctpNativeException e, String field, InetSocketAddress peerAddress) {
    if (e.errno() == Errno.ENOPROTOOPT) {
      return new SctpUdpEncapsulationUnavailableException(
          field
              + ": this kernel has no SCTP over UDP (SCTP_REMOTE_UDP_ENCAPS_PORT needs Linux 5.11)",
          e);
    }
    if (e.errno() == Errno.EINVAL) {
      return new InvalidSctpMessageException(
          peerAddress == null ? "associationId" : "peerAddress",
          (peerAddress == null
                  ? "no such association"
                  : peerAddress + " is not a peer address of the association")
              + " ("
              + e.getMessage()
              + ")");
    }
    return new io.netty.channel.ChannelException(field + ": " + e.getMessage(), e);
  }

  /**
   * Linux sends encapsulated only from a socket opened while {@code net.sctp.udp_port} was set; 0
   * now means nothing will be encapsulated.
   */
  private static void requireHostPort(String field) {
    String value;
    try {
      value = Files.readString(UDP_PORT_SYSCTL).trim();
    } catch (NoSuchFileException e) {
      throw new SctpUdpEncapsulationUnavailableException(
          field + ": this kernel has no SCTP over UDP (no net.sctp.udp_port; Linux 5.11 has it)",
          e);
    } catch (IOException e) {
      throw new SctpUdpEncapsulationUnavailableException(
          field + ": cannot read net.sctp.udp_port (" + UDP_PORT_SYSCTL + ")", e);
    }
    if (value.equals("0")) {
      throw new SctpUdpEncapsulationUnavailableException(
          field
              + ": the host's SCTP over UDP port is off (sysctl net.sctp.udp_port = 0): set it"
              + " (9899 is the IANA port) before the socket is opened, on both hosts",
          null);
    }
  }
}
