package io.reactorsctp.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.sctp.SctpChannelOption;
import io.netty.channel.sctp.SctpMessage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Large, gathered, heap and oversized messages on a real kernel association. */
class MessageSizeTest {

  private static ByteBuf pattern(int size, int seed) {
    ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(size);
    for (int i = 0; i < size; i++) {
      b.writeByte((i * 31 + seed) & 0xFF);
    }
    return b;
  }

  @Test
  void messagesLargerThanOneReadAreReassembledAndTooLargeOnesFailAloneAndTheAssociationStaysUp()
      throws Exception {
    try (SctpTestKit kit = new SctpTestKit()) {
      EpollSctpChannelTest.Collector child = new EpollSctpChannelTest.Collector();
      java.util.concurrent.BlockingQueue<ByteBuf> payloads =
          new java.util.concurrent.LinkedBlockingQueue<>();
      Channel server =
          new ServerBootstrap()
              .group(kit.group)
              .channel(EpollSctpServerChannel.class)
              .childOption(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(4096))
              .childOption(SctpChannelOptions.MAX_MESSAGE_SIZE, 256 * 1024)
              .childOption(ChannelOption.SO_RCVBUF, 1024 * 1024)
              .childHandler(
                  new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                      ch.pipeline()
                          .addLast(
                              new io.netty.channel.SimpleChannelInboundHandler<
                                  SctpInboundMessage>() {
                                @Override
                                protected void channelRead0(
                                    io.netty.channel.ChannelHandlerContext ctx,
                                    SctpInboundMessage m) {
                                  payloads.add(Unpooled.copiedBuffer(m.content()));
                                }
                              },
                              child);
                    }
                  })
              .bind(new InetSocketAddress("127.0.0.1", 0))
              .sync()
              .channel();
      EpollSctpChannel client =
          (EpollSctpChannel)
              new Bootstrap()
                  .group(kit.group)
                  .channel(EpollSctpChannel.class)
                  .option(ChannelOption.SO_SNDBUF, 2 * 1024 * 1024)
                  .handler(new EpollSctpChannelTest.Collector())
                  .connect(SctpTestKit.address(server))
                  .sync()
                  .channel();

      ByteBuf big = pattern(200 * 1024, 7);
      ByteBuf expected = Unpooled.copiedBuffer(big);
      client.writeAndFlush(SctpOutboundMessage.builder(big).streamId(2).ppid(46).build()).sync();
      ByteBuf got = payloads.poll(30, TimeUnit.SECONDS);
      assertThat(got)
          .as("the 200 KiB message arrived whole, read in 4 KiB pieces")
          .isEqualTo(expected);

      client.writeAndFlush(SctpOutboundMessage.builder(pattern(300 * 1024, 1)).build()).sync();
      assertThat(child.errors.poll(30, TimeUnit.SECONDS))
          .isInstanceOf(SctpMessageTooLargeException.class)
          .hasMessageContaining("MAX_MESSAGE_SIZE");

      client.writeAndFlush(SctpOutboundMessage.builder(SctpTestKit.utf8("after")).build()).sync();
      assertThat(payloads.poll(30, TimeUnit.SECONDS).toString(StandardCharsets.UTF_8))
          .isEqualTo("after");
    }
  }

  @Test
  void compositeHeapAndNettySctpMessagesAreSentWhole() throws Exception {
    try (SctpTestKit kit = new SctpTestKit()) {
      EpollSctpChannelTest.Collector child = new EpollSctpChannelTest.Collector();
      Channel server = kit.server(child);
      EpollSctpChannel client =
          kit.client(SctpTestKit.address(server), new EpollSctpChannelTest.Collector());

      CompositeByteBuf composite = PooledByteBufAllocator.DEFAULT.compositeDirectBuffer();
      composite.addComponents(
          true,
          SctpTestKit.utf8("gathered "),
          SctpTestKit.utf8("from "),
          SctpTestKit.utf8("three pieces"));
      client
          .writeAndFlush(SctpOutboundMessage.builder(composite).streamId(1).ppid(3).build())
          .sync();
      assertThat(child.next())
          .isEqualTo(new EpollSctpChannelTest.Seen(1, 3, false, "gathered from three pieces"));

      CompositeByteBuf manyPieces = PooledByteBufAllocator.DEFAULT.compositeDirectBuffer(200);
      StringBuilder expected = new StringBuilder();
      for (int i = 0; i < 100; i++) {
        manyPieces.addComponent(true, SctpTestKit.utf8(Integer.toString(i % 10)));
        expected.append(i % 10);
      }
      client.writeAndFlush(SctpOutboundMessage.builder(manyPieces).build()).sync();
      assertThat(child.next())
          .as("100 pieces, more than one sendmsg iovec holds, gathered once")
          .isEqualTo(new EpollSctpChannelTest.Seen(0, 0, false, expected.toString()));

      client
          .writeAndFlush(
              SctpOutboundMessage.builder(
                      Unpooled.copiedBuffer("on the heap", StandardCharsets.UTF_8))
                  .streamId(2)
                  .build())
          .sync();
      assertThat(child.next()).isEqualTo(new EpollSctpChannelTest.Seen(2, 0, false, "on the heap"));

      client
          .writeAndFlush(new SctpMessage(46, 3, true, SctpTestKit.utf8("netty SctpMessage")))
          .sync();
      assertThat(child.next())
          .isEqualTo(new EpollSctpChannelTest.Seen(3, 46, true, "netty SctpMessage"));
    }
  }

  @Test
  void aMessageTheKernelRefusesWithEmsgsizeFailsAloneAndTheAssociationStaysUp() throws Exception {
    try (SctpTestKit kit = new SctpTestKit()) {
      EpollSctpChannelTest.Collector child = new EpollSctpChannelTest.Collector();
      Channel server = kit.server(child);
      EpollSctpChannel client =
          (EpollSctpChannel)
              new Bootstrap()
                  .group(kit.group)
                  .channel(EpollSctpChannel.class)
                  .option(SctpChannelOption.SCTP_DISABLE_FRAGMENTS, true)
                  .option(ChannelOption.SO_SNDBUF, 1024 * 1024)
                  .handler(new EpollSctpChannelTest.Collector())
                  .connect(SctpTestKit.address(server))
                  .sync()
                  .channel();
      assertThat(client.config().getOption(SctpChannelOption.SCTP_DISABLE_FRAGMENTS)).isTrue();

      ChannelFuture tooBig =
          client.writeAndFlush(SctpOutboundMessage.builder(pattern(100 * 1024, 3)).build());
      assertThat(tooBig.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(tooBig.cause())
          .isInstanceOf(SctpMessageTooLargeException.class)
          .hasMessageContaining("EMSGSIZE");
      client
          .writeAndFlush(SctpOutboundMessage.builder(SctpTestKit.utf8("small is fine")).build())
          .sync();
      assertThat(child.next())
          .isEqualTo(new EpollSctpChannelTest.Seen(0, 0, false, "small is fine"));
      assertThat(client.isActive()).isTrue();
    }
  }
}
