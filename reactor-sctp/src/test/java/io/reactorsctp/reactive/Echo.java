package io.reactorsctp.reactive;

import io.reactorsctp.channel.SctpOutboundMessage;
import org.reactivestreams.Publisher;

/** The echo several tests serve: each message goes back on the stream it came on. */
public final class Echo {
  private Echo() {}

  /** A server handler: {@code SctpServer.create()...handle(Echo::handle)}. */
  public static Publisher<Void> handle(SctpInbound in, SctpOutbound out) {
    return out.send(
        in.receive()
            .map(m -> SctpOutboundMessage.builder(m.content()).streamId(m.streamId()).build()));
  }
}
