package io.reactorsctp.reactive;

import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import io.reactorsctp.channel.EpollSctpMultiChannel;
import io.reactorsctp.channel.SctpAssociationStatus;
import io.reactorsctp.channel.SctpAuthKey;
import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpNotification;
import io.reactorsctp.channel.SctpOutboundMessage;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One association of a one-to-many endpoint. All associations share one socket and its receive
 * queue, so demand cannot drive reading per association: each association holds up to {@link
 * #INBOUND_LIMIT} messages beyond its subscriber's demand, and the endpoint stops reading while any
 * association is over that limit. State is touched on the event loop only.
 */
final class EndpointAssociation
    implements SctpAssociation, SctpInbound, SctpOutbound, OutboundSend.SendOwner {

  /**
   * Messages an association keeps beyond its subscriber's demand before the endpoint stops reading.
   */
  static final int INBOUND_LIMIT = 256;

  private final EndpointDispatch endpoint;
  private final EpollSctpMultiChannel channel;
  private final int associationId;
  private final AtomicBoolean subscribed = new AtomicBoolean();
  private final SctpInboundFlux receive;
  private final ArrayDeque<SctpInboundMessage> beforeSubscriber = new ArrayDeque<>();
  private final Sinks.Many<SctpNotification> notifications =
      Sinks.many().multicast().directBestEffort();
  private final Sinks.Empty<Void> ended = Sinks.empty();
  private final RunningSends sends = new RunningSends(); // event loop only
  private final ReceiptTracker receipts;
  private FluxSink<SctpInboundMessage> sink;
  private long credit; // requested minus delivered: below -INBOUND_LIMIT the association is full
  private boolean full;
  private boolean cancelled;
  private volatile boolean terminated;

  EndpointAssociation(EndpointDispatch endpoint, EpollSctpMultiChannel channel, int associationId) {
    this.endpoint = endpoint;
    this.channel = channel;
    this.associationId = associationId;
    this.receipts = new ReceiptTracker(channel, this::status);
    this.receive =
        new SctpInboundFlux(
            Flux.<SctpInboundMessage>create(
                    s -> {
                      if (!subscribed.compareAndSet(false, true)) {
                        s.error(
                            new IllegalStateException("inbound().receive() allows one subscriber"));
                        return;
                      }
                      s.onRequest(n -> channel.eventLoop().execute(() -> request(n)));
                      s.onDispose(() -> channel.eventLoop().execute(this::cancelled));
                      channel.eventLoop().execute(() -> attach(s));
                    },
                    FluxSink.OverflowStrategy.BUFFER)
                .doOnDiscard(SctpInboundMessage.class, ReferenceCountUtil::release));
  }

  private void attach(FluxSink<SctpInboundMessage> s) {
    sink = s;
    for (SctpInboundMessage m; (m = beforeSubscriber.poll()) != null; ) {
      s.next(m);
    }
    if (terminated) {
      s.complete();
    }
  }

  private void request(long n) {
    credit = credit + n < credit ? Long.MAX_VALUE : credit + n;
    updateFull();
  }

  private void cancelled() {
    sink = null;
    cancelled = true;
    for (SctpInboundMessage m; (m = beforeSubscriber.poll()) != null; ) {
      ReferenceCountUtil.release(m);
    }
    // Nobody will read this association any more: it must not hold the endpoint's reading back.
    credit = Long.MAX_VALUE;
    updateFull();
  }

  void onMessage(SctpInboundMessage message) {
    if (terminated) {
      ReferenceCountUtil.release(message);
      return;
    }
    FluxSink<SctpInboundMessage> s = sink;
    if (s != null) {
      s.next(message);
    } else if (cancelled) {
      // The subscriber has gone: nobody will read this association's messages any more.
      ReferenceCountUtil.release(message);
      return;
    } else {
      // Not subscribed yet, or subscribed and not yet attached on the event loop.
      beforeSubscriber.add(message);
    }
    if (credit != Long.MAX_VALUE) {
      credit--;
    }
    updateFull();
  }

  private void updateFull() {
    boolean nowFull = credit < -INBOUND_LIMIT;
    if (nowFull != full) {
      full = nowFull;
      endpoint.fullChanged(nowFull);
    }
  }

  void onNotification(SctpNotification notification) {
    receipts.onNotification(notification);
    notifications.tryEmitNext(notification);
  }

  /**
   * After each read of the endpoint: an end seen in it settles receipts once the reports behind it
   * are read.
   */
  void readComplete() {
    receipts.readComplete();
  }

  /** The endpoint closed: receipts still open are settled now. */
  void endpointClosed() {
    end();
    receipts.end();
  }

  void writabilityChanged() {
    sends.writabilityChanged();
  }

  /** The association ended (shutdown, abort, lost, or the endpoint closed). */
  void end() {
    if (terminated) {
      return;
    }
    terminated = true;
    if (full) {
      full = false;
      endpoint.fullChanged(false);
    }
    FluxSink<SctpInboundMessage> s = sink;
    if (s != null) {
      s.complete();
    }
    sends.ended();
    notifications.tryEmitComplete();
    ended.tryEmitEmpty();
  }

  @Override
  public SctpInbound inbound() {
    return this;
  }

  @Override
  public SctpOutbound outbound() {
    return this;
  }

  @Override
  public SctpAssociation connection() {
    return this;
  }

  @Override
  public SctpInboundFlux receive() {
    return receive;
  }

  @Override
  public Flux<SctpNotification> notifications() {
    return notifications.asFlux();
  }

  @Override
  public Mono<Void> send(Publisher<? extends SctpOutboundMessage> messages) {
    return Mono.create(
        result ->
            Flux.from(messages)
                .map(m -> m.associationId() == associationId ? m : m.toAssociation(associationId))
                .subscribe(new OutboundSend(channel, result, this)));
  }

  @Override
  public Flux<SendResult> sendWithReceipts(Publisher<? extends SctpOutboundMessage> messages) {
    return receipts.send(
        messages,
        (published, listener) ->
            Mono.create(
                result ->
                    Flux.from(published)
                        .map(
                            m ->
                                m.associationId() == associationId
                                    ? m
                                    : m.toAssociation(associationId))
                        .subscribe(new OutboundSend(channel, result, this, listener))));
  }

  @Override
  public boolean writable() {
    return channel.isWritable() && channel.isWritable(associationId);
  }

  @Override
  public void register(OutboundSend send) {
    sends.add(send, !terminated);
  }

  @Override
  public void unregister(OutboundSend send) {
    sends.remove(send);
  }

  @Override
  public int associationId() {
    return associationId;
  }

  @Override
  public InetSocketAddress localAddress() {
    return channel.localAddress();
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return status().primaryAddress();
  }

  @Override
  public List<InetSocketAddress> remoteAddresses() {
    return channel.remoteAddresses(associationId);
  }

  @Override
  public SctpAssociationStatus status() {
    return channel.status(associationId);
  }

  /** Sends SCTP_EOF on this association: the kernel sends what is queued, then SHUTDOWN. */
  @Override
  public Mono<Void> shutdown() {
    return Mono.defer(
        () -> {
          if (!terminated) {
            channel.writeAndFlush(
                SctpOutboundMessage.builder(Unpooled.EMPTY_BUFFER)
                    .associationId(associationId)
                    .eof(true)
                    .build());
          }
          return onDispose();
        });
  }

  @Override
  public Mono<Void> resetStreams(
      io.reactorsctp.channel.SctpResetDirection direction, int... streams) {
    int[] list = streams.clone();
    return FutureMono.of(() -> channel.resetStreams(associationId, direction, list));
  }

  @Override
  public Mono<Void> resetAssociation() {
    return FutureMono.of(() -> channel.resetAssociation(associationId));
  }

  @Override
  public Mono<Void> addStreams(int outbound, int inbound) {
    return FutureMono.of(() -> channel.addStreams(associationId, outbound, inbound));
  }

  @Override
  public Mono<Void> addLocalAddress(java.net.InetAddress address) {
    return FutureMono.of(() -> channel.bindAddress(address));
  }

  @Override
  public Mono<Void> removeLocalAddress(java.net.InetAddress address) {
    return FutureMono.of(() -> channel.unbindAddress(address));
  }

  @Override
  public Mono<Void> requestPeerPrimary(java.net.InetAddress address) {
    return Mono.fromRunnable(
        () ->
            channel.setPeerPrimaryAddress(
                associationId, new InetSocketAddress(address, channel.localAddress().getPort())));
  }

  @Override
  public Mono<Void> streamSchedulerValue(int stream, int value) {
    return Mono.fromRunnable(() -> channel.setStreamSchedulerValue(associationId, stream, value));
  }

  @Override
  public void abort() {
    if (!terminated) {
      channel.writeAndFlush(
          SctpOutboundMessage.builder(Unpooled.EMPTY_BUFFER)
              .associationId(associationId)
              .abort(true)
              .build());
    }
  }

  @Override
  public Mono<Void> onDispose() {
    return ended.asMono();
  }

  @Override
  public void dispose() {
    shutdown().subscribe();
  }

  @Override
  public boolean isDisposed() {
    return terminated;
  }

  @Override
  public String toString() {
    return "SctpAssociation(" + associationId + " on " + channel + ")";
  }

  @Override
  public Mono<Void> addAuthKey(SctpAuthKey key) {
    return Mono.fromRunnable(() -> channel.addAuthKey(associationId, key));
  }

  @Override
  public Mono<Void> activateAuthKey(int keyId) {
    return Mono.fromRunnable(() -> channel.activateAuthKey(associationId, keyId));
  }

  @Override
  public Mono<Void> deactivateAuthKey(int keyId) {
    return Mono.fromRunnable(() -> channel.deactivateAuthKey(associationId, keyId));
  }

  @Override
  public Mono<Void> deleteAuthKey(int keyId) {
    return Mono.fromRunnable(() -> channel.deleteAuthKey(associationId, keyId));
  }
}
