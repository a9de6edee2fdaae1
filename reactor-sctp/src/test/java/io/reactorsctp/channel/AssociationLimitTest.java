package io.reactorsctp.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** MAX_ASSOCIATIONS: one association more than the limit is aborted and reported, the others carry on. */
class AssociationLimitTest {

  /** Records exceptions reaching the listening channel's pipeline. */
  static final class Errors extends ChannelInboundHandlerAdapter {
    final BlockingQueue<Throwable> seen = new LinkedBlockingQueue<>();

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      seen.add(cause);
    }
  }

  @Test
  void oneToOneServerAbortsTheAssociationBeyondTheLimit() throws Exception {
    try (SctpTestKit kit = new SctpTestKit()) {
      Errors errors = new Errors();
      Channel server = new ServerBootstrap().group(kit.group).channel(EpollSctpServerChannel.class)
          .option(SctpChannelOptions.MAX_ASSOCIATIONS, 2).handler(errors)
          .childHandler(new EpollSctpChannelTest.Echo())
          .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
      check(kit, SctpTestKit.address(server), errors);
    }
  }

  @Test
  void oneToManyEndpointAbortsTheAssociationBeyondTheLimit() throws Exception {
    try (SctpTestKit kit = new SctpTestKit()) {
      Errors errors = new Errors();
      EpollSctpMultiChannel endpoint = (EpollSctpMultiChannel) new Bootstrap().group(kit.group)
          .channel(EpollSctpMultiChannel.class).option(SctpChannelOptions.MAX_ASSOCIATIONS, 2)
          .handler(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
              SctpInboundMessage m = (SctpInboundMessage) msg;
              ctx.writeAndFlush(SctpOutboundMessage.builder(m.content()).associationId(m.associationId()).build());
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
              errors.seen.add(cause);
            }
          })
          .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
      check(kit, endpoint.localAddress(), errors);
    }
  }

  private static void check(SctpTestKit kit, InetSocketAddress server, Errors errors) throws Exception {
    EpollSctpChannelTest.Collector first = new EpollSctpChannelTest.Collector();
    EpollSctpChannelTest.Collector second = new EpollSctpChannelTest.Collector();
    EpollSctpChannel a = kit.client(server, first);
    EpollSctpChannel b = kit.client(server, second);
    a.writeAndFlush(SctpOutboundMessage.builder("a").build()).sync();
    b.writeAndFlush(SctpOutboundMessage.builder("b").build()).sync();
    assertThat(first.next().text()).isEqualTo("a");
    assertThat(second.next().text()).isEqualTo("b");

    EpollSctpMultiChannelTest.CountDownLatchHandler thirdClosed = new EpollSctpMultiChannelTest.CountDownLatchHandler();
    Channel third = new Bootstrap().group(kit.group).channel(EpollSctpChannel.class).handler(thirdClosed)
        .connect(server).await().channel();
    assertThat(thirdClosed.inactive.await(20, TimeUnit.SECONDS) || !third.isActive())
        .as("the third association was aborted").isTrue();
    Throwable reported = errors.seen.poll(20, TimeUnit.SECONDS);
    assertThat(reported).isInstanceOf(SctpAssociationLimitException.class).hasMessageContaining("MAX_ASSOCIATIONS");

    a.writeAndFlush(SctpOutboundMessage.builder("a again").build()).sync();
    assertThat(first.next().text()).isEqualTo("a again");
  }
}
