package io.reactorsctp.metrics;

import io.micrometer.observation.Observation;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpNotification;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.channel.SctpWriteListener;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Counts one association's traffic on its {@link EpollSctpChannel}: reads first in the pipeline, so
 * it sees every one; writes as the channel reports them to its {@link SctpWriteListener}, whatever
 * promise they were written with; observes the association's set-up. Event loop only.
 */
final class OneToOneMetricsHandler extends ChannelDuplexHandler implements SctpWriteListener {
  private final SctpMetrics binder;
  private final EpollSctpChannel channel;
  private AssociationMeters meters;

  OneToOneMetricsHandler(SctpMetrics binder, EpollSctpChannel channel) {
    this.binder = binder;
    this.channel = channel;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel.addWriteListener(this);
    if (channel.isActive()) {
      // Accepted (or peeled off): the association is up already.
      associationUp();
      Observations.accepted(binder, meters.peer);
    }
  }

  @Override
  public void connect(
      ChannelHandlerContext ctx,
      SocketAddress remote,
      SocketAddress local,
      ChannelPromise promise) {
    Observation setup = Observations.setup(binder, Observations.CONNECT, remote);
    promise.addListener((ChannelFutureListener) f -> Observations.outcome(setup, f.cause()));
    ctx.connect(remote, local, promise);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    associationUp();
    ctx.fireChannelActive();
  }

  private void associationUp() {
    if (meters != null) {
      return;
    }
    String id;
    try {
      id = Integer.toString(channel.status().associationId());
    } catch (RuntimeException e) {
      id = "0"; // already gone: its end is on its way, and the meters go with the channel
    }
    InetSocketAddress peer = channel.remoteAddress();
    meters = new AssociationMeters(binder, channel, id, binder.peerTag.value(peer), true, 0);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (meters != null && msg instanceof SctpInboundMessage m) {
      meters.received(m.streamId(), m.content().readableBytes());
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void written(SctpOutboundMessage message, Throwable failure) {
    AssociationMeters m = meters;
    if (m == null) {
      return;
    }
    if (failure == null) {
      m.sent(message.streamId(), message.content().readableBytes());
    } else {
      m.sendFailed(failure);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (meters != null && evt instanceof SctpNotification n) {
      meters.notified(n);
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (meters != null) {
      meters.writabilityChanged(channel.isWritable());
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    associationEnded();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    channel.removeWriteListener(this);
    associationEnded();
  }

  private void associationEnded() {
    if (meters != null) {
      meters.close();
    }
  }
}
