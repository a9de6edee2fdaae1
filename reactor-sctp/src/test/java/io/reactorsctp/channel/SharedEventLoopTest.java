package io.reactorsctp.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Our SCTP channels and Netty's own epoll TCP and UDP channels on the very same event loop thread.
 */
class SharedEventLoopTest {

  @Test
  void sctpAndTcpShareOneEpollEventLoop() throws Exception {
    EventLoopGroup one = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    try {
      CompletableFuture<String> tcpThread = new CompletableFuture<>();
      CompletableFuture<String> sctpThread = new CompletableFuture<>();
      Channel tcpServer =
          new ServerBootstrap()
              .group(one)
              .channel(EpollServerSocketChannel.class)
              .childHandler(new Echo())
              .bind(new InetSocketAddress("127.0.0.1", 0))
              .sync()
              .channel();
      Channel sctpServer =
          new ServerBootstrap()
              .group(one)
              .channel(EpollSctpServerChannel.class)
              .childHandler(new EpollSctpChannelTest.Echo())
              .bind(new InetSocketAddress("127.0.0.1", 0))
              .sync()
              .channel();

      Channel tcp =
          new Bootstrap()
              .group(one)
              .channel(EpollSocketChannel.class)
              .handler(
                  new SimpleChannelInboundHandler<ByteBuf>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                      tcpThread.complete(
                          Thread.currentThread().getName()
                              + ":"
                              + msg.toString(StandardCharsets.UTF_8));
                    }
                  })
              .connect(tcpServer.localAddress())
              .sync()
              .channel();
      EpollSctpChannel sctp =
          (EpollSctpChannel)
              new Bootstrap()
                  .group(one)
                  .channel(EpollSctpChannel.class)
                  .handler(
                      new SimpleChannelInboundHandler<SctpInboundMessage>() {
                        @Override
                        protected void channelRead0(
                            ChannelHandlerContext ctx, SctpInboundMessage msg) {
                          sctpThread.complete(
                              Thread.currentThread().getName()
                                  + ":"
                                  + msg.content().toString(StandardCharsets.UTF_8));
                        }
                      })
                  .connect(sctpServer.localAddress())
                  .sync()
                  .channel();

      tcp.writeAndFlush(SctpTestKit.utf8("tcp")).sync();
      sctp.writeAndFlush(SctpOutboundMessage.builder(SctpTestKit.utf8("sctp")).build()).sync();
      String t = tcpThread.get(20, TimeUnit.SECONDS);
      String s = sctpThread.get(20, TimeUnit.SECONDS);
      assertThat(t).endsWith(":tcp");
      assertThat(s).endsWith(":sctp");
      assertThat(s.substring(0, s.indexOf(':'))).isEqualTo(t.substring(0, t.indexOf(':')));

      SctpAssociationStatus status = sctp.status();
      assertThat(status.state()).as("ESTABLISHED").isEqualTo(4);
      assertThat(status.primaryRtoMillis()).isPositive();
      assertThat(status.outboundStreams()).isEqualTo(sctp.outboundStreams());
      assertThat(status.primaryAddress()).isEqualTo(sctp.remoteAddress());
    } finally {
      one.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
    }
  }

  /**
   * README and docs/transport.md say UDP shares the loop too: a datagram and an SCTP message on one
   * thread.
   */
  @Test
  void sctpAndUdpShareOneEpollEventLoop() throws Exception {
    EventLoopGroup one = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    try {
      CompletableFuture<String> udpThread = new CompletableFuture<>();
      CompletableFuture<String> sctpThread = new CompletableFuture<>();
      Channel udpReceiver =
          new Bootstrap()
              .group(one)
              .channel(EpollDatagramChannel.class)
              .handler(
                  new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                      udpThread.complete(
                          Thread.currentThread().getName()
                              + ":"
                              + p.content().toString(StandardCharsets.UTF_8));
                    }
                  })
              .bind(new InetSocketAddress("127.0.0.1", 0))
              .sync()
              .channel();
      Channel udpSender =
          new Bootstrap()
              .group(one)
              .channel(EpollDatagramChannel.class)
              .handler(new ChannelInboundHandlerAdapter())
              .bind(new InetSocketAddress("127.0.0.1", 0))
              .sync()
              .channel();
      Channel sctpServer =
          new ServerBootstrap()
              .group(one)
              .channel(EpollSctpServerChannel.class)
              .childHandler(new EpollSctpChannelTest.Echo())
              .bind(new InetSocketAddress("127.0.0.1", 0))
              .sync()
              .channel();
      Channel sctp =
          new Bootstrap()
              .group(one)
              .channel(EpollSctpChannel.class)
              .handler(
                  new SimpleChannelInboundHandler<SctpInboundMessage>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, SctpInboundMessage msg) {
                      sctpThread.complete(
                          Thread.currentThread().getName()
                              + ":"
                              + msg.content().toString(StandardCharsets.UTF_8));
                    }
                  })
              .connect(sctpServer.localAddress())
              .sync()
              .channel();

      udpSender
          .writeAndFlush(
              new DatagramPacket(
                  SctpTestKit.utf8("udp"), (InetSocketAddress) udpReceiver.localAddress()))
          .sync();
      sctp.writeAndFlush(SctpOutboundMessage.builder(SctpTestKit.utf8("sctp")).build()).sync();
      String u = udpThread.get(20, TimeUnit.SECONDS);
      String s = sctpThread.get(20, TimeUnit.SECONDS);
      assertThat(u).endsWith(":udp");
      assertThat(s).endsWith(":sctp");
      assertThat(s.substring(0, s.indexOf(':')))
          .as("one event loop thread")
          .isEqualTo(u.substring(0, u.indexOf(':')));
      assertThat(udpReceiver.eventLoop()).isSameAs(sctp.eventLoop());
    } finally {
      one.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
    }
  }

  @ChannelHandler.Sharable
  private static final class Echo extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.writeAndFlush(msg);
    }
  }
}
