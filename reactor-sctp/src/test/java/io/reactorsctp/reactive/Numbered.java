package io.reactorsctp.reactive;

import io.netty.buffer.Unpooled;
import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpOutboundMessage;
import java.util.Queue;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;

/**
 * Messages numbered in their first four bytes, as the tests that check order, loss and outcome send
 * and record them.
 */
final class Numbered {
  private Numbered() {}

  /** A message on stream 0 whose payload is {@code n}, four bytes. */
  static SctpOutboundMessage message(int n) {
    return SctpOutboundMessage.builder(Unpooled.buffer(4).writeInt(n)).build();
  }

  /** The number {@code m} carries in its first four bytes; its reader index does not move. */
  static int numberOf(SctpInboundMessage m) {
    return m.content().getInt(m.content().readerIndex());
  }

  /** The number {@code m} carries, {@code m} released: for a test done with the message. */
  static int take(SctpInboundMessage m) {
    try {
      return numberOf(m);
    } finally {
      m.release();
    }
  }

  /**
   * A server handler that adds each message's number to {@code into} as it arrives, and releases
   * the message.
   */
  static BiFunction<SctpInbound, SctpOutbound, Publisher<Void>> recordingInto(Queue<Integer> into) {
    return (in, out) -> in.receive().doOnNext(m -> into.add(take(m))).then();
  }
}
