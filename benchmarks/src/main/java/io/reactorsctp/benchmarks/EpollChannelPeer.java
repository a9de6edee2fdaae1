package io.reactorsctp.benchmarks;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.EpollSctpServerChannel;
import io.reactorsctp.channel.SctpChannelOptions;
import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpInitMsg;
import io.reactorsctp.channel.SctpOutboundMessage;

/**
 * reactor-sctp's {@link EpollSctpChannel} on {@code EpollSctpEventLoopGroup}, the epoll loops a
 * user of the channel is pointed to (docs/transport.md); NODELAY is the channel's default.
 */
final class EpollChannelPeer extends NettyStylePeer {
  private EpollChannelPeer(Scenario scenario, boolean echo) throws InterruptedException {
    super(scenario, echo);
  }

  static EpollChannelPeer open(Scenario scenario, boolean echo) {
    try {
      return new EpollChannelPeer(scenario, echo);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The library's own epoll group ({@code EpollSctpEventLoopGroup}) where the build has it, Netty's
   * otherwise: looked up by name, because {@code tools/bench --compare} compiles these peers
   * against each build, and builds before that class must still compile them.
   */
  @Override
  EventLoopGroup newGroup() {
    try {
      return (EventLoopGroup)
          Class.forName("io.reactorsctp.channel.EpollSctpEventLoopGroup")
              .getConstructor(int.class)
              .newInstance(1);
    } catch (ClassNotFoundException e) {
      return new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  ServerBootstrap configureServer(ServerBootstrap bootstrap) {
    return bootstrap
        .channel(EpollSctpServerChannel.class)
        .option(SctpChannelOptions.SCTP_INITMSG, initMsg());
  }

  @Override
  Bootstrap configureClient(Bootstrap bootstrap) {
    return bootstrap
        .channel(EpollSctpChannel.class)
        .option(SctpChannelOptions.SCTP_INITMSG, initMsg());
  }

  private SctpInitMsg initMsg() {
    return new SctpInitMsg(scenario.streams(), scenario.streams(), 0, 0);
  }

  @Override
  Object message(ByteBuf content, int stream) {
    SctpOutboundMessage.Builder b =
        SctpOutboundMessage.builder(content)
            .streamId(stream)
            .ppid(Scenario.PPID)
            .unordered(scenario.unordered());
    return (scenario.ttlMillis() > 0 ? b.ttl(scenario.ttlMillis()) : b).build();
  }

  @Override
  Object reply(Object inbound) {
    SctpInboundMessage m = (SctpInboundMessage) inbound;
    return message(m.content(), m.streamId());
  }
}
