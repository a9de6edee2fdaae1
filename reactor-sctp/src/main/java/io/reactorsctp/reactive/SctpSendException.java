package io.reactorsctp.reactive;

import io.reactorsctp.channel.SctpOutboundMessage;
import java.io.IOException;

/** A message could not be handed to the kernel. Names the message by stream, ppid and context. */
public final class SctpSendException extends IOException {

  /** The failed message's stream. */
  private final int streamId;

  /** The failed message's payload protocol identifier. */
  private final int ppid;

  /** The failed message's context. */
  private final int context;

  SctpSendException(SctpOutboundMessage message, Throwable cause) {
    super(
        "send failed for the message on stream "
            + message.streamId()
            + " with ppid "
            + Integer.toUnsignedString(message.ppid())
            + " and context "
            + Integer.toUnsignedString(message.context())
            + ": "
            + cause.getMessage(),
        cause);
    this.streamId = message.streamId();
    this.ppid = message.ppid();
    this.context = message.context();
  }

  /** {@return the failed message's stream} */
  public int streamId() {
    return streamId;
  }

  /** {@return the failed message's payload protocol identifier} */
  public int ppid() {
    return ppid;
  }

  /** {@return the failed message's context} */
  public int context() {
    return context;
  }
}
