package io.reactorsctp.reactive;

import io.netty.channel.Channel;
import io.netty.util.ReferenceCountUtil;
import io.reactorsctp.channel.SctpInboundMessage;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * Turns downstream demand into reading: autoRead is on while requests are outstanding and off as
 * soon as they are met. The read loop in progress then stops after its current message, so at most
 * one message more than requested waits in the sink's queue; nothing is dropped. Without demand
 * nothing is read and the kernel's receive window closes, holding the peer's sender back.
 */
final class InboundReceive {
  private final Channel channel;
  private final AtomicBoolean subscribed = new AtomicBoolean();
  private final SctpInboundFlux flux;
  private FluxSink<SctpInboundMessage> sink; // event loop only
  private Throwable terminalError; // event loop only
  private boolean terminated; // event loop only

  InboundReceive(Channel channel) {
    this.channel = channel;
    this.flux =
        new SctpInboundFlux(
            Flux.<SctpInboundMessage>create(
                    s -> {
                      if (!subscribed.compareAndSet(false, true)) {
                        s.error(
                            new IllegalStateException("inbound().receive() allows one subscriber"));
                        return;
                      }
                      s.onRequest(n -> channel.eventLoop().execute(this::maybeRead));
                      // Cancelling stops reading: the kernel queue keeps what was not read, and the
                      // peer is held back.
                      s.onDispose(
                          () ->
                              channel
                                  .eventLoop()
                                  .execute(
                                      () -> {
                                        sink = null;
                                        channel.config().setAutoRead(false);
                                      }));
                      channel.eventLoop().execute(() -> attach(s));
                    },
                    FluxSink.OverflowStrategy.BUFFER)
                .doOnDiscard(SctpInboundMessage.class, ReferenceCountUtil::release));
  }

  SctpInboundFlux flux() {
    return flux;
  }

  private void attach(FluxSink<SctpInboundMessage> s) {
    if (terminated) {
      if (terminalError != null) {
        s.error(terminalError);
      } else {
        s.complete();
      }
      return;
    }
    sink = s;
    maybeRead();
  }

  private void maybeRead() {
    FluxSink<SctpInboundMessage> s = sink;
    if (s != null
        && !terminated
        && s.requestedFromDownstream() > 0
        && channel.isActive()
        && !channel.config().isAutoRead()) {
      channel.config().setAutoRead(true);
    }
  }

  void onMessage(SctpInboundMessage message) {
    FluxSink<SctpInboundMessage> s = sink;
    if (s == null || s.isCancelled()) {
      ReferenceCountUtil.release(message);
      return;
    }
    s.next(message);
    if (s.requestedFromDownstream() == 0) {
      channel.config().setAutoRead(false);
    }
  }

  /**
   * Any error reported by the channel ends the inbound stream with it; the association may stay up.
   */
  void onError(Throwable error) {
    if (terminated) {
      return;
    }
    terminated = true;
    terminalError = error;
    FluxSink<SctpInboundMessage> s = sink;
    if (s != null) {
      s.error(error);
    }
  }

  void onInactive() {
    if (terminated) {
      return;
    }
    terminated = true;
    FluxSink<SctpInboundMessage> s = sink;
    if (s != null) {
      if (terminalError != null) {
        s.error(terminalError);
      } else {
        s.complete();
      }
    }
  }
}
