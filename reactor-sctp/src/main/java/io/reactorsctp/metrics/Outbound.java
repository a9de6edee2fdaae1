package io.reactorsctp.metrics;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.sctp.SctpMessage;
import io.reactorsctp.channel.SctpOutboundMessage;

/** What the handler reads from a message before writing it: the channel may release the payload once sent. */
final class Outbound {

  /** {@return the payload's readable bytes, or -1 for a message the channels do not write} */
  static int bytes(Object msg) {
    return switch (msg) {
      case ByteBufHolder h -> h.content().readableBytes();
      case ByteBuf b -> b.readableBytes();
      default -> -1;
    };
  }

  /** {@return the message's stream (a plain ByteBuf goes on stream 0)} */
  static int stream(Object msg) {
    return switch (msg) {
      case SctpOutboundMessage m -> m.streamId();
      case SctpMessage m -> m.streamIdentifier();
      default -> 0;
    };
  }

  private Outbound() {}
}
