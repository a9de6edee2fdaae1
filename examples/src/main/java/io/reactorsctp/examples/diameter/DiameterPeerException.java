package io.reactorsctp.examples.diameter;

/**
 * A Diameter exchange failed. The message names the peer, the command, the hop-by-hop identifier
 * and the SCTP stream involved, so that a log line alone says which exchange on which association
 * went wrong.
 */
public final class DiameterPeerException extends RuntimeException {

  /**
   * @param message what failed, with its context
   * @param cause the underlying error, or null
   */
  public DiameterPeerException(String message, Throwable cause) {
    super(message + (cause != null ? ": " + cause.getMessage() : ""), cause);
  }

  /**
   * @param message what failed, with its context
   */
  public DiameterPeerException(String message) {
    this(message, null);
  }
}
