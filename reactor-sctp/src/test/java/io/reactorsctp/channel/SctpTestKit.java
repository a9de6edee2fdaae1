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
    return new ServerBootstrap()
        .group(group)
        .channel(EpollSctpServerChannel.class)
        .childHandler(childHandler)
        .bind(new InetSocketAddress("127.0.0.1", 0))
        .sync()
        .channel();
  }

  EpollSctpChannel client(InetSocketAddress server, ChannelHandler handler)
      throws InterruptedException {
    return (EpollSctpChannel)
        new Bootstrap()
            .group(group)
            .channel(EpollSctpChannel.class)
            .handler(handler)
            .connect(server)
            .sync()
            .channel();
  }

  /**
   * A server whose one accepted association reads nothing until {@code child} is told to (autoRead
   * off).
   */
  record StalledServer(Channel server, java.util.concurrent.CompletableFuture<Channel> child) {}

  /**
   * @param receiveBuffer the accepted association's SO_RCVBUF
   * @param firstInt receives the first int of each message once reading is switched on
   * @return the server
   */
  StalledServer stalledServer(int receiveBuffer, java.util.function.IntConsumer firstInt)
      throws InterruptedException {
    java.util.concurrent.CompletableFuture<Channel> child =
        new java.util.concurrent.CompletableFuture<>();
    Channel server =
        new ServerBootstrap()
            .group(group)
            .channel(EpollSctpServerChannel.class)
            .childOption(io.netty.channel.ChannelOption.AUTO_READ, false)
            .childOption(io.netty.channel.ChannelOption.SO_RCVBUF, receiveBuffer)
            .childHandler(
                new io.netty.channel.ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(
                            new io.netty.channel.SimpleChannelInboundHandler<SctpInboundMessage>() {
                              @Override
                              protected void channelRead0(
                                  io.netty.channel.ChannelHandlerContext ctx,
                                  SctpInboundMessage m) {
                                firstInt.accept(m.content().getInt(m.content().readerIndex()));
                              }
                            });
                    child.complete(ch);
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .sync()
            .channel();
    return new StalledServer(server, child);
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
