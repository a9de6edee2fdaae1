package io.reactorsctp.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * The receive path on random messages from a real kernel: random sizes (1 byte to 3 × the read
 * buffer, so many arrive in pieces and are gathered), streams, ppids, ordered and unordered, and
 * some beyond the receiver's {@code MAX_MESSAGE_SIZE}. Every message within the limit arrives once,
 * byte for byte, with its fields; every one beyond is reported and dropped alone; ordered messages
 * keep their order per stream.
 */
class InboundFuzzTest {

  static final int MESSAGES = 2_000;
  private static final int READ_BUFFER = 2048;
  private static final int MAX_MESSAGE = 7000;

  private record Received(
      int stream, int ppid, boolean unordered, int length, long crc, int sequence) {}

  private static long crc(ByteBuf b) {
    CRC32 c = new CRC32();
    c.update(b.nioBuffer());
    return c.getValue();
  }

  @Test
  void randomMessagesArriveWholeOnceAndInOrderPerStream() throws Exception {
    try (SctpTestKit kit = new SctpTestKit()) {
      BlockingQueue<Received> received = new LinkedBlockingQueue<>();
      BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
      Channel server =
          new ServerBootstrap()
              .group(kit.group)
              .channel(EpollSctpServerChannel.class)
              .childOption(
                  ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(READ_BUFFER))
              .childOption(SctpChannelOptions.MAX_MESSAGE_SIZE, MAX_MESSAGE)
              .childOption(SctpChannelOptions.SCTP_INITMSG, new SctpInitMsg(16, 16, 0, 0))
              .childHandler(
                  new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                      ch.pipeline()
                          .addLast(
                              new SimpleChannelInboundHandler<SctpInboundMessage>() {
                                @Override
                                protected void channelRead0(
                                    ChannelHandlerContext ctx, SctpInboundMessage m) {
                                  ByteBuf c = m.content();
                                  received.add(
                                      new Received(
                                          m.streamId(),
                                          m.ppid(),
                                          m.isUnordered(),
                                          c.readableBytes(),
                                          crc(c),
                                          c.getInt(c.readerIndex())));
                                }

                                @Override
                                public void exceptionCaught(
                                    ChannelHandlerContext ctx, Throwable cause) {
                                  errors.add(cause);
                                }
                              });
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
                  .option(SctpChannelOptions.SCTP_INITMSG, new SctpInitMsg(16, 16, 0, 0))
                  .handler(new EpollSctpChannelTest.Collector())
                  .connect(SctpTestKit.address(server))
                  .sync()
                  .channel();

      SplittableRandom random = new SplittableRandom(2026_11);
      Received[] sent = new Received[MESSAGES];
      int tooLarge = 0;
      for (int i = 0; i < MESSAGES; i++) {
        int size =
            random.nextInt(10) == 0
                ? MAX_MESSAGE + 1 + random.nextInt(3000)
                : 4 + random.nextInt(3 * READ_BUFFER);
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(size).writeInt(i);
        while (b.writableBytes() > 0) {
          b.writeByte(random.nextInt(256));
        }
        Received r =
            new Received(
                random.nextInt(16), random.nextInt(), random.nextInt(4) == 0, size, crc(b), i);
        sent[i] = size > MAX_MESSAGE ? null : r;
        tooLarge += size > MAX_MESSAGE ? 1 : 0;
        client.write(
            SctpOutboundMessage.builder(b)
                .streamId(r.stream())
                .ppid(r.ppid())
                .unordered(r.unordered())
                .build());
        if (i % 64 == 63) {
          client.flush();
        }
      }
      client.flush();

      int[] lastOrdered = new int[16];
      java.util.Arrays.fill(lastOrdered, -1);
      boolean[] seen = new boolean[MESSAGES];
      for (int n = 0; n < MESSAGES - tooLarge; n++) {
        Received r = received.poll(60, TimeUnit.SECONDS);
        assertThat(r).as("message %d of %d within 60 s", n, MESSAGES - tooLarge).isNotNull();
        assertThat(r.sequence()).isBetween(0, MESSAGES - 1);
        assertThat(seen[r.sequence()]).as("message %d only once", r.sequence()).isFalse();
        seen[r.sequence()] = true;
        assertThat(r).isEqualTo(sent[r.sequence()]);
        if (!r.unordered()) {
          assertThat(r.sequence())
              .as("order on stream %d", r.stream())
              .isGreaterThan(lastOrdered[r.stream()]);
          lastOrdered[r.stream()] = r.sequence();
        }
      }
      for (int n = 0; n < tooLarge; n++) {
        assertThat(errors.poll(30, TimeUnit.SECONDS))
            .isInstanceOf(SctpMessageTooLargeException.class);
      }
      assertThat(received.poll(200, TimeUnit.MILLISECONDS)).isNull();
      assertThat(errors).isEmpty();
      assertThat(client.isActive()).isTrue();
      System.err.printf(
          "InboundFuzzTest: %d messages, %d delivered, %d beyond MAX_MESSAGE_SIZE reported%n",
          MESSAGES, MESSAGES - tooLarge, tooLarge);
    }
  }
}
