package io.reactorsctp.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A read loop reads on while the kernel says another message waits ({@code SCTP_NXTINFO}), and
 * stops after the last without asking once more: no {@code recvmsg} that only answers EAGAIN, whose
 * receive buffer this test counts.
 */
class ReadLoopRhythmTest {

  /** Counts the receive buffers the read loop takes: one per recvmsg. */
  static final class CountingAllocator extends PooledByteBufAllocator {
    final AtomicInteger directBuffers = new AtomicInteger();

    CountingAllocator() {
      super(true);
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
      directBuffers.incrementAndGet();
      return super.newDirectBuffer(initialCapacity, maxCapacity);
    }
  }

  /** How many messages each read loop handed on, and the notifications read meanwhile. */
  static final class Loops extends ChannelInboundHandlerAdapter {
    final BlockingQueue<Integer> perLoop = new LinkedBlockingQueue<>();
    final AtomicInteger notifications = new AtomicInteger();
    private int inThisLoop;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      inThisLoop++;
      ReferenceCountUtil.release(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof SctpNotification) {
        notifications.incrementAndGet();
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      if (inThisLoop > 0) {
        perLoop.add(inThisLoop);
        inThisLoop = 0;
      }
    }

    /** The loops that handed on the next {@code messages} messages, waiting at most 20 s. */
    List<Integer> loopsCarrying(int messages) throws InterruptedException {
      List<Integer> loops = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      int seen = 0;
      while (seen < messages) {
        Integer n = perLoop.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        assertThat(n)
            .as("message %d of %d within 20 s (loops so far: %s)", seen + 1, messages, loops)
            .isNotNull();
        loops.add(n);
        seen += n;
      }
      assertThat(seen).as("messages in the loops %s", loops).isEqualTo(messages);
      return loops;
    }
  }

  @Test
  void aLoopReadsWhatWaitsAndStopsWithoutAskingOnceMore() throws Exception {
    try (SctpTestKit kit = new SctpTestKit()) {
      CountingAllocator counting = new CountingAllocator();
      Loops loops = new Loops();
      Channel server =
          new ServerBootstrap()
              .group(kit.group)
              .channel(EpollSctpServerChannel.class)
              .childOption(ChannelOption.ALLOCATOR, counting)
              .childHandler(loops)
              .bind(new InetSocketAddress("127.0.0.1", 0))
              .sync()
              .channel();
      EpollSctpChannel client =
          kit.client(SctpTestKit.address(server), new EpollSctpChannelTest.Collector());
      client.writeAndFlush(message()).sync();
      loops.loopsCarrying(1);

      // One at a time, each received before the next: one recvmsg, so one buffer, per message (and
      // per notification, should one come); a loop that asked once more would take two.
      int buffersBefore = counting.directBuffers.get();
      int notificationsBefore = loops.notifications.get();
      for (int i = 0; i < 10; i++) {
        client.writeAndFlush(message()).sync();
        assertThat(loops.loopsCarrying(1)).containsExactly(1);
      }
      assertThat(counting.directBuffers.get() - buffersBefore)
          .as("receive buffers for 10 messages read one at a time")
          .isEqualTo(10 + loops.notifications.get() - notificationsBefore);

      // Two flushed together share one packet, which Linux queues whole before the reader can take
      // the socket's lock: the first read says the second waits, and one loop reads both.
      client.write(message());
      client.writeAndFlush(message()).sync();
      assertThat(loops.loopsCarrying(2)).as("loops of a pair flushed together").containsExactly(2);
      client.close().sync();
      server.close().sync();
    }
  }

  private static SctpOutboundMessage message() {
    return SctpOutboundMessage.builder(Unpooled.wrappedBuffer(new byte[64])).build();
  }
}
