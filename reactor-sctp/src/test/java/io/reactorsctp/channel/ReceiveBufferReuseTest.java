package io.reactorsctp.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A channel reads into the buffer of its previous read once every holder has released it, and never
 * into the buffer of a message still held.
 */
class ReceiveBufferReuseTest {

  /** Direct buffers as Netty's unpooled allocator makes them, counted. */
  static final class CountingAllocator extends AbstractByteBufAllocator {
    final AtomicInteger directBuffers = new AtomicInteger();

    CountingAllocator() {
      super(true);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
      return Unpooled.buffer(initialCapacity, maxCapacity);
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
      directBuffers.incrementAndGet();
      return Unpooled.directBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
      return false;
    }
  }

  /** Hands each message on to the test, which releases it or holds it. */
  static final class Handing extends ChannelInboundHandlerAdapter {
    final BlockingQueue<SctpInboundMessage> messages = new LinkedBlockingQueue<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      messages.add((SctpInboundMessage) msg);
    }

    SctpInboundMessage next() throws InterruptedException {
      SctpInboundMessage m = messages.poll(20, TimeUnit.SECONDS);
      assertThat(m).as("a message within 20 s").isNotNull();
      return m;
    }
  }

  @Test
  void messagesReleasedBeforeTheNextReadAreReadIntoOneBuffer() throws Exception {
    CountingAllocator allocator = new CountingAllocator();
    Handing handing = new Handing();
    try (SctpTestKit kit = new SctpTestKit()) {
      Channel server = server(kit, allocator, handing);
      EpollSctpChannel client =
          kit.client(SctpTestKit.address(server), new EpollSctpChannelTest.Collector());
      // The first 20 settle the buffer's size (2 048 B halving towards the 128 B that 100 B need,
      // one step per two reads); each new size is a new buffer. Without reuse, every message is.
      int settledAfter = 0;
      for (int i = 0; i < 50; i++) {
        client.writeAndFlush(message(i)).sync();
        SctpInboundMessage m = handing.next();
        assertThat(m.content().toString(StandardCharsets.US_ASCII)).isEqualTo(text(i));
        m.release();
        if (i == 19) {
          settledAfter = allocator.directBuffers.get();
        }
      }
      assertThat(allocator.directBuffers.get() - settledAfter)
          .as("receive buffers allocated for 30 messages, each released before the next arrived")
          .isZero();
      client.close().sync();
      server.close().sync();
    }
  }

  @Test
  void aMessageStillHeldIsNeverWrittenOver() throws Exception {
    CountingAllocator allocator = new CountingAllocator();
    Handing handing = new Handing();
    try (SctpTestKit kit = new SctpTestKit()) {
      Channel server = server(kit, allocator, handing);
      EpollSctpChannel client =
          kit.client(SctpTestKit.address(server), new EpollSctpChannelTest.Collector());
      List<SctpInboundMessage> held = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        client.writeAndFlush(message(i)).sync();
        held.add(handing.next());
      }
      for (int i = 0; i < held.size(); i++) {
        assertThat(held.get(i).content().toString(StandardCharsets.US_ASCII))
            .as("message %d, held while 29 more were read", i)
            .isEqualTo(text(i));
      }
      held.forEach(SctpInboundMessage::release);
      client.close().sync();
      server.close().sync();
    }
  }

  private static Channel server(SctpTestKit kit, CountingAllocator allocator, Handing handing)
      throws InterruptedException {
    return new ServerBootstrap()
        .group(kit.group)
        .channel(EpollSctpServerChannel.class)
        .childOption(ChannelOption.ALLOCATOR, allocator)
        .childHandler(handing)
        .bind(new InetSocketAddress("127.0.0.1", 0))
        .sync()
        .channel();
  }

  /** 100 B, different for each message. */
  private static String text(int i) {
    return String.format("message %03d ", i).repeat(8) + "xxxx";
  }

  private static SctpOutboundMessage message(int i) {
    return SctpOutboundMessage.builder(
            Unpooled.wrappedBuffer(text(i).getBytes(StandardCharsets.US_ASCII)))
        .build();
  }
}
