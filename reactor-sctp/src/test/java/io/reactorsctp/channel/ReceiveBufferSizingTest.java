package io.reactorsctp.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Receive buffers are sized by whole messages on a real association: a message whose size is a
 * power of two gets a buffer of its size, not one many times larger, and larger messages soon
 * arrive whole again.
 */
class ReceiveBufferSizingTest {

  /** Records the capacity of each received message's buffer, and whether it arrived whole. */
  static final class Capacities extends ChannelInboundHandlerAdapter {
    final BlockingQueue<int[]> seen = new LinkedBlockingQueue<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        SctpInboundMessage m = (SctpInboundMessage) msg;
        seen.add(new int[] {m.content().readableBytes(), m.content().capacity()});
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    int[] next() throws InterruptedException {
      int[] s = seen.poll(20, TimeUnit.SECONDS);
      assertThat(s).as("a message within 20 s").isNotNull();
      return s;
    }
  }

  @Test
  void powerOfTwoMessagesGetBuffersOfTheirSizeAndLargerOnesGrowTheGuess() throws Exception {
    try (SctpTestKit kit = new SctpTestKit()) {
      Capacities child = new Capacities();
      Channel server = kit.server(child);
      EpollSctpChannel client =
          kit.client(SctpTestKit.address(server), new EpollSctpChannelTest.Collector());
      // One message per read loop (each flushed and received before the next), so every loop
      // tells the guess what it read.
      for (int size : List.of(4096, 20_000)) {
        for (int i = 0; i < 30; i++) {
          client.writeAndFlush(message(size)).sync();
          int[] got = child.next();
          assertThat(got[0]).as("message %d of %d B arrived whole", i, size).isEqualTo(size);
          if (i >= 20) {
            // At most twice the next power of two (the guess falls one halving per two loops, and
            // a loop's timing may leave it one step above): Netty's adaptive sizing gave a 4 096 B
            // message a 32 768 B buffer; pieces of 20 000 B raise the guess fourfold (to 65 536),
            // and it then falls towards the 32 768 B the message needs.
            assertThat(got[1])
                .as("buffer capacity of message %d of %d B", i, size)
                .isBetween(size, Integer.highestOneBit(size - 1) << 2);
          }
        }
      }
      client.close().sync();
      server.close().sync();
    }
  }

  @Test
  void boundsOutOfRangeAreRefusedByName() {
    assertThatThrownBy(() -> new SctpMessageRecvByteBufAllocator(0, 2048, 65536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minimum");
    assertThatThrownBy(() -> new SctpMessageRecvByteBufAllocator(64, 32, 65536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("initial: 32");
    assertThatThrownBy(() -> new SctpMessageRecvByteBufAllocator(64, 2048, 1024))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maximum: 1024");
  }

  private static SctpOutboundMessage message(int size) {
    return SctpOutboundMessage.builder(Unpooled.wrappedBuffer(new byte[size])).build();
  }
}
