package io.reactorsctp.reactive;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpNotification;
import io.reactorsctp.channel.SctpOutboundMessage;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import reactor.core.CoreSubscriber;
import reactor.core.Fuseable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;

/**
 * An {@link SctpConnection} over an {@link EpollSctpChannel}, and the last handler of its pipeline:
 * routes reads to the inbound side, notifications to their sink, writability to the running sends,
 * and the end of the association to all of them.
 */
final class ChannelConnection extends ChannelInboundHandlerAdapter
    implements SctpConnection, SctpInbound, SctpOutbound, OutboundSend.SendOwner {

  private final EpollSctpChannel channel;
  private final InboundReceive receive;
  private final Sinks.Many<SctpNotification> notifications =
      Sinks.many().multicast().directBestEffort();
  private final RunningSends sends = new RunningSends(); // event loop only
  private final ReceiptTracker receipts;
  private final TurnFlush flush;
  // Sends through OutboundSend not yet ended (any thread subscribes): while one runs, a single
  // message must queue behind it rather than be written at once.
  private final AtomicInteger generalSends = new AtomicInteger();

  ChannelConnection(EpollSctpChannel channel) {
    this.channel = channel;
    this.flush = new TurnFlush(channel);
    this.receive = new InboundReceive(channel);
    this.receipts = new ReceiptTracker(channel, channel::status);
    channel.config().setAutoRead(false);
    channel.pipeline().addLast(this);
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
  public SctpConnection connection() {
    return this;
  }

  @Override
  public EpollSctpChannel channel() {
    return channel;
  }

  @Override
  public SctpInboundFlux receive() {
    return receive.flux();
  }

  @Override
  public Flux<SctpNotification> notifications() {
    return notifications.asFlux();
  }

  @Override
  public Mono<Void> send(Publisher<? extends SctpOutboundMessage> messages) {
    return new Send(messages);
  }

  /**
   * One {@link #send}: a message that is already there is written at once ({@link ScalarSend})
   * while no general send runs (one subscribed earlier writes later, and a message written at once
   * would overtake its messages); anything else is a general send.
   */
  private final class Send extends Mono<Void> {
    private final Publisher<? extends SctpOutboundMessage> messages;

    Send(Publisher<? extends SctpOutboundMessage> messages) {
      this.messages = messages;
    }

    @Override
    public void subscribe(CoreSubscriber<? super Void> actual) {
      if (messages instanceof Fuseable.ScalarCallable<?> one
          && generalSends.get() == 0
          && ScalarSend.tryWrite(channel, flush, one, actual)) {
        return;
      }
      Mono.<Void>create(sink -> generalSend(messages, sink, null)).subscribe(actual);
    }
  }

  @Override
  public Flux<SendResult> sendWithReceipts(Publisher<? extends SctpOutboundMessage> messages) {
    return receipts.send(
        messages,
        (published, listener) -> Mono.create(sink -> generalSend(published, sink, listener)));
  }

  private void generalSend(
      Publisher<? extends SctpOutboundMessage> messages,
      MonoSink<Void> sink,
      OutboundSend.WriteListener listener) {
    generalSends.incrementAndGet();
    sink.onDispose(generalSends::decrementAndGet);
    messages.subscribe(new OutboundSend(channel, sink, this, listener));
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

  /**
   * Writes an EOF behind what is already written: the channel shuts the association down once the
   * kernel has taken everything before it, and closes when the association has ended.
   */
  @Override
  public Mono<Void> shutdown() {
    return Mono.defer(
        () -> {
          if (channel.isActive()) {
            channel.writeAndFlush(
                SctpOutboundMessage.builder(Unpooled.EMPTY_BUFFER).eof(true).build());
          }
          return onDispose();
        });
  }

  @Override
  public Mono<Void> resetStreams(
      io.reactorsctp.channel.SctpResetDirection direction, int... streams) {
    int[] list = streams.clone();
    return FutureMono.of(() -> channel.resetStreams(direction, list));
  }

  @Override
  public Mono<Void> resetAssociation() {
    return FutureMono.of(channel::resetAssociation);
  }

  @Override
  public Mono<Void> addStreams(int outbound, int inbound) {
    return FutureMono.of(() -> channel.addStreams(outbound, inbound));
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
                new java.net.InetSocketAddress(address, channel.localAddress().getPort())));
  }

  @Override
  public Mono<Void> streamSchedulerValue(int stream, int value) {
    return Mono.fromRunnable(() -> channel.setStreamSchedulerValue(stream, value));
  }

  @Override
  public void abort() {
    channel.abortNow();
  }

  @Override
  public Mono<Void> onDispose() {
    return Mono.create(sink -> channel.closeFuture().addListener(f -> sink.success()));
  }

  @Override
  public void dispose() {
    channel.close();
  }

  @Override
  public boolean isDisposed() {
    return !channel.isActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof SctpInboundMessage m) {
      receive.onMessage(m);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof SctpNotification n) {
      receipts.onNotification(n);
      notifications.tryEmitNext(n);
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    receipts.readComplete();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    sends.writabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    receive.onError(cause);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    receive.onInactive();
    sends.ended();
    receipts.end();
    notifications.tryEmitComplete();
  }

  @Override
  public String toString() {
    return "SctpConnection(" + channel + ")";
  }
}
