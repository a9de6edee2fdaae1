package io.reactorsctp.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.reactorsctp.SctpNativeException;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * MAX_ASSOCIATIONS: one association more than the limit is aborted and reported, the others carry
 * on.
 */
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
      Channel server =
          new ServerBootstrap()
              .group(kit.group)
              .channel(EpollSctpServerChannel.class)
              .option(SctpChannelOptions.MAX_ASSOCIATIONS, 2)
              .handler(errors)
              .childHandler(new EpollSctpChannelTest.Echo())
              .bind(new InetSocketAddress("127.0.0.1", 0))
              .sync()
              .channel();
      check(kit, SctpTestKit.address(server), errors);
    }
  }

  @Test
  void oneToManyEndpointAbortsTheAssociationBeyondTheLimit() throws Exception {
    try (SctpTestKit kit = new SctpTestKit()) {
      Errors errors = new Errors();
      EpollSctpMultiChannel endpoint =
          (EpollSctpMultiChannel)
              new Bootstrap()
                  .group(kit.group)
                  .channel(EpollSctpMultiChannel.class)
                  .option(SctpChannelOptions.MAX_ASSOCIATIONS, 2)
                  .handler(
                      new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                          SctpInboundMessage m = (SctpInboundMessage) msg;
                          ctx.writeAndFlush(
                              SctpOutboundMessage.builder(m.content())
                                  .associationId(m.associationId())
                                  .build());
                        }

                        @Override
                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                          errors.seen.add(cause);
                        }
                      })
                  .bind(new InetSocketAddress("127.0.0.1", 0))
                  .sync()
                  .channel();
      check(kit, endpoint.localAddress(), errors);
    }
  }

  private static void check(SctpTestKit kit, InetSocketAddress server, Errors errors)
      throws Exception {
    EpollSctpChannelTest.Collector first = new EpollSctpChannelTest.Collector();
    EpollSctpChannelTest.Collector second = new EpollSctpChannelTest.Collector();
    EpollSctpChannel a = kit.client(server, first);
    EpollSctpChannel b = kit.client(server, second);
    a.writeAndFlush(SctpOutboundMessage.builder("a").build()).sync();
    b.writeAndFlush(SctpOutboundMessage.builder("b").build()).sync();
    assertThat(first.next().text()).isEqualTo("a");
    assertThat(second.next().text()).isEqualTo("b");

    EpollSctpMultiChannelTest.CountDownLatchHandler thirdClosed =
        new EpollSctpMultiChannelTest.CountDownLatchHandler();
    ChannelFuture connected =
        new Bootstrap()
            .group(kit.group)
            .channel(EpollSctpChannel.class)
            .handler(thirdClosed)
            .connect(server);
    assertThat(connected.await(20, TimeUnit.SECONDS)).as("the third connect completes").isTrue();
    // Linux completes the handshake (COOKIE-ACK) before the server's accept sees the association,
    // and the ABORT the limit sends follows at once. Which the client's event loop meets first is
    // timing: a run saw the one-to-one connect fail with ECONNRESET (the ABORT already in) while
    // the one-to-many one succeeded and then went inactive. Each outcome is checked in full.
    if (connected.isSuccess()) {
      assertThat(thirdClosed.inactive.await(20, TimeUnit.SECONDS))
          .as("the third association was aborted")
          .isTrue();
    } else {
      assertThat(connected.cause())
          .as("the third connect met the ABORT")
          .isInstanceOf(SctpNativeException.class);
      SctpNativeException e = (SctpNativeException) connected.cause();
      assertThat(e.errno()).as("ECONNRESET, not refused or timed out: %s", e).isEqualTo(104);
      assertThat(e.isConnectionLost()).isTrue();
    }
    assertThat(connected.channel().isActive()).isFalse();
    System.out.println(
        "association beyond the limit: "
            + (connected.isSuccess()
                ? "connected, then aborted"
                : "connect failed: " + connected.cause().getMessage()));
    Throwable reported = errors.seen.poll(20, TimeUnit.SECONDS);
    assertThat(reported)
        .isInstanceOf(SctpAssociationLimitException.class)
        .hasMessageContaining("MAX_ASSOCIATIONS");

    a.writeAndFlush(SctpOutboundMessage.builder("a again").build()).sync();
    assertThat(first.next().text()).isEqualTo("a again");
  }
}
