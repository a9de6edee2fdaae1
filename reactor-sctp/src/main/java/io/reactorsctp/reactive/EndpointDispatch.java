package io.reactorsctp.reactive;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.reactorsctp.channel.EpollSctpMultiChannel;
import io.reactorsctp.channel.SctpAssociationWritabilityChanged;
import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpNotification;
import io.reactorsctp.channel.SctpNotification.AssociationChange;
import io.reactorsctp.channel.SctpOutboundMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The last handler of a one-to-many endpoint's pipeline: gives each association its {@link
 * EndpointAssociation}, routes messages and notifications to it by association id, runs the user's
 * handler for it, and reads only while no association holds too many unrequested messages. Event
 * loop only, but for the public sinks.
 */
final class EndpointDispatch extends ChannelInboundHandlerAdapter
    implements OutboundSend.SendOwner {

  private static final InternalLogger LOG =
      InternalLoggerFactory.getInstance(EndpointDispatch.class);

  private final EpollSctpMultiChannel channel;
  private final BiFunction<? super SctpInbound, ? super SctpOutbound, ? extends Publisher<Void>>
      handler;
  private final Consumer<? super SctpAssociation> connected;
  private final Map<Integer, EndpointAssociation> associations = new LinkedHashMap<>();
  private final List<FluxSink<SctpAssociation>> associationSubscribers = new ArrayList<>();
  private final Sinks.Many<SctpNotification> notifications =
      Sinks.many().multicast().directBestEffort();
  private final RunningSends sends = new RunningSends(); // event loop only
  private int fullAssociations;
  // Associations that ended in the current read: their receipts settle once the read is complete.
  private final List<EndpointAssociation> endedInRead = new ArrayList<>();

  EndpointDispatch(
      EpollSctpMultiChannel channel,
      BiFunction<? super SctpInbound, ? super SctpOutbound, ? extends Publisher<Void>> handler,
      Consumer<? super SctpAssociation> connected) {
    this.channel = channel;
    this.handler = handler;
    this.connected = connected;
    channel.config().setAutoRead(true);
  }

  /**
   * {@return the associations up now, then each one as it comes up; completes when the endpoint
   * closes}
   */
  Flux<SctpAssociation> associations() {
    return Flux.create(
        sink ->
            channel
                .eventLoop()
                .execute(
                    () -> {
                      associations.values().forEach(sink::next);
                      if (!channel.isOpen()) {
                        sink.complete();
                        return;
                      }
                      associationSubscribers.add(sink);
                      sink.onDispose(
                          () ->
                              channel
                                  .eventLoop()
                                  .execute(() -> associationSubscribers.remove(sink)));
                    }));
  }

  Flux<SctpNotification> notifications() {
    return notifications.asFlux();
  }

  /**
   * Sends messages that name their association or peer themselves (the endpoint's own writability
   * applies).
   */
  Mono<Void> send(Publisher<? extends SctpOutboundMessage> messages) {
    return Mono.create(result -> messages.subscribe(new OutboundSend(channel, result, this)));
  }

  /** {@return the association with this id, created (and handed to the handler) on first sight} */
  EndpointAssociation association(int associationId) {
    EndpointAssociation a = associations.get(associationId);
    if (a == null) {
      a = new EndpointAssociation(this, channel, associationId);
      associations.put(associationId, a);
      EndpointAssociation started = a;
      connected.accept(started);
      for (FluxSink<SctpAssociation> s : List.copyOf(associationSubscribers)) {
        s.next(started);
      }
      if (handler != null) {
        Flux.from(handler.apply(started, started))
            .doFinally(signal -> started.dispose())
            .subscribe(
                null,
                error -> HandlerFailures.log(LOG, started, "the association is shut down", error));
      }
    }
    return a;
  }

  /**
   * An association went over (or back under) its limit of unrequested messages: reading follows.
   */
  void fullChanged(boolean full) {
    fullAssociations += full ? 1 : -1;
    channel.config().setAutoRead(fullAssociations == 0);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof SctpInboundMessage m) {
      association(m.associationId()).onMessage(m);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof SctpNotification n) {
      notifications.tryEmitNext(n);
      if (n instanceof AssociationChange change) {
        switch (change.state()) {
          case COMMUNICATION_UP, RESTART -> association(change.associationId()).onNotification(n);
          case SHUTDOWN_COMPLETE, COMMUNICATION_LOST, CANNOT_START_ASSOCIATION -> {
            EndpointAssociation ended = associations.remove(change.associationId());
            if (ended != null) {
              ended.onNotification(n);
              ended.end();
              endedInRead.add(ended);
            }
          }
        }
      } else {
        EndpointAssociation a = associations.get(n.associationId());
        if (a == null) {
          // Linux queues an association's send-failed reports behind its end.
          a =
              endedInRead.stream()
                  .filter(e -> e.associationId() == n.associationId())
                  .findFirst()
                  .orElse(null);
        }
        if (a != null) {
          a.onNotification(n);
        }
      }
    } else if (evt instanceof SctpAssociationWritabilityChanged w && w.writable()) {
      EndpointAssociation a = associations.get(w.associationId());
      if (a != null) {
        a.writabilityChanged();
      }
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    for (EndpointAssociation a : endedInRead) {
      a.readComplete();
    }
    endedInRead.clear();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    for (EndpointAssociation a : List.copyOf(associations.values())) {
      a.writabilityChanged();
    }
    sends.writabilityChanged();
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // One association's trouble (too many associations, a message too large) does not end the
    // endpoint.
    LOG.warn("{}: {}", channel, cause.toString());
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    for (EndpointAssociation a : List.copyOf(associations.values())) {
      a.endpointClosed();
    }
    for (EndpointAssociation a : endedInRead) {
      a.endpointClosed();
    }
    endedInRead.clear();
    associations.clear();
    sends.ended();
    for (FluxSink<SctpAssociation> s : List.copyOf(associationSubscribers)) {
      s.complete();
    }
    notifications.tryEmitComplete();
    ctx.fireChannelInactive();
  }

  @Override
  public boolean writable() {
    return channel.isWritable();
  }

  @Override
  public void register(OutboundSend send) {
    sends.add(send, channel.isActive());
  }

  @Override
  public void unregister(OutboundSend send) {
    sends.remove(send);
  }
}
