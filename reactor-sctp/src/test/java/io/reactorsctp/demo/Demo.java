package io.reactorsctp.demo;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.EpollSctpServerChannel;
import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpOutboundMessage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The README's demo: a reactor-sctp server and client on Netty's epoll loop, one loopback
 * association, messages on two streams with ppid and unordered set, echoed back and printed as sent
 * and received.
 */
public final class Demo {

  public static void main(String[] args) throws Exception {
    System.out.printf(
        "kernel %s %s%n", System.getProperty("os.name"), System.getProperty("os.version"));
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    try {
      Channel server =
          new ServerBootstrap()
              .group(group)
              .channel(EpollSctpServerChannel.class)
              .childHandler(new Echo())
              .bind(new InetSocketAddress("127.0.0.1", 0))
              .sync()
              .channel();
      CountDownLatch replies = new CountDownLatch(3);
      EpollSctpChannel client =
          (EpollSctpChannel)
              new Bootstrap()
                  .group(group)
                  .channel(EpollSctpChannel.class)
                  .handler(
                      new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                          SctpInboundMessage m = (SctpInboundMessage) msg;
                          System.out.printf(
                              "client received stream=%d ppid=%d unordered=%b \"%s\"%n",
                              m.streamId(),
                              m.ppid(),
                              m.isUnordered(),
                              m.content().toString(StandardCharsets.UTF_8));
                          m.release();
                          replies.countDown();
                        }

                        @Override
                        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                          System.out.println("client notification " + evt);
                        }
                      })
                  .connect(server.localAddress())
                  .sync()
                  .channel();
      System.out.printf(
          "association up: %s -> %s, %d outbound streams%n",
          client.localAddress(), client.remoteAddress(), client.outboundStreams());
      send(client, 0, 46, false, "Diameter CER (ppid 46) on stream 0");
      send(client, 1, 3, true, "M3UA DATA (ppid 3), unordered, on stream 1");
      send(client, 1, 46, false, "Diameter DWR on stream 1");
      if (!replies.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the echo did not come back within 30 s");
      }
      client.close().sync();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  private static void send(Channel channel, int stream, int ppid, boolean unordered, String text) {
    ByteBuf payload = PooledByteBufAllocator.DEFAULT.directBuffer();
    payload.writeCharSequence(text, StandardCharsets.UTF_8);
    System.out.printf(
        "client sent     stream=%d ppid=%d unordered=%b \"%s\"%n", stream, ppid, unordered, text);
    channel.writeAndFlush(
        SctpOutboundMessage.builder(payload)
            .streamId(stream)
            .ppid(ppid)
            .unordered(unordered)
            .build());
  }

  /** Echoes each message back with its stream, ppid and unordered flag. */
  @ChannelHandler.Sharable
  private static final class Echo extends SimpleChannelInboundHandler<SctpInboundMessage> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, SctpInboundMessage m) {
      System.out.printf(
          "server echoes   stream=%d ppid=%d unordered=%b ssn=%d tsn=%d%n",
          m.streamId(), m.ppid(), m.isUnordered(), m.ssn(), Integer.toUnsignedLong(m.tsn()));
      ctx.writeAndFlush(
          SctpOutboundMessage.builder(m.content().retain())
              .streamId(m.streamId())
              .ppid(m.ppid())
              .unordered(m.isUnordered())
              .build());
    }
  }

  private Demo() {}
}
