package io.reactorsctp.examples.m3ua;

/**
 * An M3UA exchange failed: the peer answered with ERR, did not answer, or the association ended.
 * The message names the peer, the message sent and the SCTP stream.
 */
public final class M3uaPeerException extends RuntimeException {

  private final long errorCode;

  /**
   * @param message what failed, with its context
   * @param errorCode the peer's Error Code from an ERR message, or -1
   * @param cause the underlying error, or null
   */
  public M3uaPeerException(String message, long errorCode, Throwable cause) {
    super(message + (cause != null ? ": " + cause.getMessage() : ""), cause);
    this.errorCode = errorCode;
  }

  /**
   * @return the peer's Error Code (RFC 4666 §3.8.1) when it answered with ERR, else -1
   */
  public long errorCode() {
    return errorCode;
  }
}
