package io.reactorsctp.benchmarks;

import com.sun.nio.sctp.SctpStandardSocketOptions;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.sctp.SctpChannelOption;
import io.netty.channel.sctp.SctpMessage;
import io.netty.channel.sctp.nio.NioSctpChannel;
import io.netty.channel.sctp.nio.NioSctpServerChannel;
import io.netty.handler.codec.sctp.SctpMessageCompletionHandler;

/**
 * Netty 4.2's own {@code NioSctpChannel} (netty-transport-sctp, over the JDK's {@code
 * com.sun.nio.sctp}) with a {@link SctpMessageCompletionHandler} to reassemble partial deliveries.
 * Netty's {@link SctpMessage} has no PR-SCTP field, so this peer cannot run the TTL scenario.
 */
final class NettyNioPeer extends NettyStylePeer {
  private NettyNioPeer(Scenario scenario, boolean echo) throws InterruptedException {
    super(scenario, echo);
  }

  static NettyNioPeer open(Scenario scenario, boolean echo) {
    if (scenario.ttlMillis() > 0) {
      throw new UnsupportedOperationException("Netty's SctpMessage has no PR-SCTP TTL");
    }
    try {
      return new NettyNioPeer(scenario, echo);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  EventLoopGroup newGroup() {
    return new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  }

  private SctpStandardSocketOptions.InitMaxStreams initMaxStreams() {
    return SctpStandardSocketOptions.InitMaxStreams.create(scenario.streams(), scenario.streams());
  }

  @Override
  ServerBootstrap configureServer(ServerBootstrap bootstrap) {
    return bootstrap
        .channel(NioSctpServerChannel.class)
        .option(SctpChannelOption.SCTP_INIT_MAXSTREAMS, initMaxStreams())
        .childOption(SctpChannelOption.SCTP_NODELAY, true);
  }

  @Override
  Bootstrap configureClient(Bootstrap bootstrap) {
    return bootstrap
        .channel(NioSctpChannel.class)
        .option(SctpChannelOption.SCTP_INIT_MAXSTREAMS, initMaxStreams())
        .option(SctpChannelOption.SCTP_NODELAY, true);
  }

  @Override
  void prepare(Channel channel) {
    channel.pipeline().addLast(new SctpMessageCompletionHandler());
  }

  @Override
  Object message(ByteBuf content, int stream) {
    return new SctpMessage(Scenario.PPID, stream, scenario.unordered(), content);
  }

  @Override
  Object reply(Object inbound) {
    SctpMessage m = (SctpMessage) inbound;
    return message(m.content(), m.streamIdentifier());
  }
}
