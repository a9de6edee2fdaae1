package io.reactorsctp.channel;

import io.reactorsctp.internal.nativeio.SctpSocket;
import java.io.IOException;

/**
 * One message was larger than allowed: refused by the kernel on send (EMSGSIZE), or, on receive,
 * larger than the channel's {@link SctpChannelOptions#MAX_MESSAGE_SIZE}. Only that message fails;
 * the association stays up.
 */
public final class SctpMessageTooLargeException extends IOException {

  /** The message's size. */
  private final int size;

  /** The limit. */
  private final int limit;

  SctpMessageTooLargeException(int size, SctpSocket socket) {
    super(
        "sendmsg refused a message of "
            + size
            + " B with EMSGSIZE: larger than the association accepts"
            + " (the socket's send buffer, SO_SNDBUF, bounds a message; raise it or split the message)");
    this.size = size;
    this.limit = -1;
  }

  SctpMessageTooLargeException(int size, int limit) {
    super(
        "received message exceeds MAX_MESSAGE_SIZE: "
            + size
            + " B > "
            + limit
            + " B; it was dropped after reading (raise SctpChannelOptions.MAX_MESSAGE_SIZE to accept it)");
    this.size = size;
    this.limit = limit;
  }

  /**
   * {@return the message's size in bytes (for a received message, the size read when the limit was
   * crossed)}
   */
  public int size() {
    return size;
  }

  /** {@return the limit that was crossed, or -1 when the kernel refused the message} */
  public int limit() {
    return limit;
  }
}
