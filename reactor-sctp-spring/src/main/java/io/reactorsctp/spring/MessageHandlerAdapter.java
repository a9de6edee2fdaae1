package io.reactorsctp.spring;

import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.channel.SctpPrPolicy;
import io.reactorsctp.reactive.SctpInbound;
import io.reactorsctp.reactive.SctpOutbound;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * An {@link SctpMessageHandler} as a server's {@code handle} function. With a default PR-SCTP
 * policy, each message the handler sends with policy NONE is given that policy here, explicitly,
 * one message at a time.
 */
final class MessageHandlerAdapter
    implements BiFunction<SctpInbound, SctpOutbound, Publisher<Void>> {

  private final SctpMessageHandler handler;
  private final SctpPrPolicy defaultPolicy;
  private final long defaultValue;

  MessageHandlerAdapter(SctpMessageHandler handler, SctpPrPolicy defaultPolicy, long defaultValue) {
    this.handler = handler;
    this.defaultPolicy = defaultPolicy;
    this.defaultValue = defaultValue;
  }

  @Override
  public Publisher<Void> apply(SctpInbound in, SctpOutbound out) {
    Flux<SctpOutboundMessage> replies =
        Flux.defer(() -> handler.handle(in.connection(), in.receive()));
    return out.send(
        defaultPolicy == SctpPrPolicy.NONE ? replies : replies.map(this::withDefaultPolicy));
  }

  SctpOutboundMessage withDefaultPolicy(SctpOutboundMessage m) {
    if (m.prPolicy() != SctpPrPolicy.NONE) {
      return m;
    }
    SctpOutboundMessage.Builder b =
        SctpOutboundMessage.builder(m.content()) // the payload moves to the new message
            .streamId(m.streamId())
            .ppid(m.ppid())
            .context(m.context())
            .unordered(m.isUnordered())
            .prPolicy(defaultPolicy, defaultValue)
            .sackImmediately(m.isSackImmediately())
            .eof(m.isEof())
            .abort(m.isAbort());
    if (m.addressOverride() != null) {
      b.addressOverride(m.addressOverride());
    }
    return b.build();
  }
}
