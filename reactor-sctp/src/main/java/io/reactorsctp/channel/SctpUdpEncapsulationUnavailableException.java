package io.reactorsctp.channel;

/**
 * SCTP over UDP (RFC 6951) was asked for where this host cannot do it: a kernel before Linux 5.11
 * (no {@code SCTP_REMOTE_UDP_ENCAPS_PORT}), or the host's encapsulation port, the sysctl {@code
 * net.sctp.udp_port}, is 0. The message names which, and what would enable it.
 */
public class SctpUdpEncapsulationUnavailableException extends IllegalStateException {

  /**
   * Creates the exception.
   *
   * @param message what was asked and what would enable it
   * @param cause the kernel's refusal, or null when the sysctl told
   */
  public SctpUdpEncapsulationUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
