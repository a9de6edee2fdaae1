package io.reactorsctp.channel;

/**
 * An SCTP-AUTH operation found no AUTH to act on (the kernel's EACCES): the endpoint has AUTH off
 * ({@link SctpChannelOptions#SCTP_AUTH_SUPPORTED}), or the association's peer did not negotiate
 * SCTP-AUTH (RFC 4895) when it was set up. The association itself is unaffected.
 */
public class SctpAuthUnavailableException extends IllegalStateException {

  /**
   * Creates the exception.
   *
   * @param message what was asked and why AUTH is not there
   * @param cause the kernel's refusal
   */
  public SctpAuthUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
