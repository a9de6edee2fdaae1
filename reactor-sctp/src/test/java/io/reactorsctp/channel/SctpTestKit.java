package io.reactorsctp.channel;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Event loops, servers and clients for channel tests, all on real kernel SCTP over loopback. */
final class SctpTestKit implements AutoCloseable {
  final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());

  Channel server(ChannelHandler childHandler) throws InterruptedException {
    return new ServerBootstrap().group(group).channel(EpollSctpServerChannel.class)
        .childHandler(childHandler).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
  }

  EpollSctpChannel client(InetSocketAddress server, ChannelHandler handler) throws InterruptedException {
    return (EpollSctpChannel) new Bootstrap().group(group).channel(EpollSctpChannel.class).handler(handler)
        .connect(server).sync().channel();
  }

  static ByteBuf utf8(String text) {
    ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer();
    b.writeCharSequence(text, StandardCharsets.UTF_8);
    return b;
  }

  static InetSocketAddress address(Channel server) {
    return (InetSocketAddress) server.localAddress();
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }
}
