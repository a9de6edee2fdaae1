package io.reactorsctp.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.reactorsctp.AssociationState;
import io.reactorsctp.Await;
import io.reactorsctp.wire.WireKit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Flushes of 64 small messages over loopback (MTU 64 KiB), at most 250 messages unread, as the
 * benchmark's channel peer sends: every message arrives. With bundles as large as loopback's MTU
 * allows, held across the write loop's turns, this stalled for good after 256 and after 928
 * messages in two runs: {@link FlushBundling} keeps a bundle to an Ethernet-sized packet, and the
 * write loop's last turn holds nothing back.
 */
class FlushBundlingLoopbackTest {
  private static final int FLUSH = 64;
  private static final int MESSAGES = 300 * FLUSH;
  private static final int UNREAD = 250;

  /**
   * Waits 30 s for {@code condition}; on failure says where the messages that did not arrive wait.
   */
  private static void awaitOrReport(
      String what,
      BooleanSupplier condition,
      AtomicLong arrived,
      Channel client,
      AtomicReference<Channel> serverSide)
      throws Exception {
    try {
      Await.until(what, 30, condition);
    } catch (AssertionError e) {
      throw new AssertionError(
          e.getMessage()
              + ": "
              + arrived.get()
              + " arrived\n"
              + AssociationState.of((EpollSctpChannel) client, (EpollSctpChannel) serverSide.get()),
          e);
    }
  }

  @Test
  void flushesOfSmallMessagesOverLoopbackAllArrive() throws Exception {
    try (WireKit kit = new WireKit()) {
      AtomicLong arrived = new AtomicLong();
      AtomicReference<Channel> serverSide = new AtomicReference<>();
      Channel server =
          kit.server(
              new ChannelInboundHandlerAdapter() {
                @Override
                public void channelActive(ChannelHandlerContext ctx) {
                  serverSide.set(ctx.channel());
                }

                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                  ReferenceCountUtil.release(msg);
                  arrived.incrementAndGet();
                }
              });
      Channel client = kit.client(server.localAddress(), new ChannelInboundHandlerAdapter());
      ByteBuf payload = PooledByteBufAllocator.DEFAULT.directBuffer(64).writeZero(64);
      try {
        for (int sent = 0; sent < MESSAGES; sent += FLUSH) {
          long flushed = sent;
          awaitOrReport(
              "at most " + UNREAD + " messages unread before the next flush (sent " + flushed + ")",
              () -> flushed - arrived.get() < UNREAD,
              arrived,
              client,
              serverSide);
          client
              .eventLoop()
              .submit(
                  () -> {
                    for (int i = 0; i < FLUSH; i++) {
                      client.write(
                          SctpOutboundMessage.builder(payload.retainedDuplicate()).build(),
                          client.voidPromise());
                    }
                    client.flush();
                  })
              .sync();
        }
        awaitOrReport(
            "every message arrives", () -> arrived.get() == MESSAGES, arrived, client, serverSide);
        assertThat(arrived.get()).isEqualTo(MESSAGES);
      } finally {
        payload.release();
      }
    }
  }
}
