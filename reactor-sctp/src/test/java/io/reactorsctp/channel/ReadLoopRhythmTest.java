package io.reactorsctp.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * When messages come one at a time, a read loop stops after its message instead of asking the
 * kernel once more (the probe that answers EAGAIN), and nothing is left behind by it; when messages
 * queue up, loops read several again.
 */
class ReadLoopRhythmTest {

  /** How many messages each read loop handed on (loops that handed on none are not listed). */
  static final class Loops extends ChannelInboundHandlerAdapter {
    final BlockingQueue<Integer> perLoop = new LinkedBlockingQueue<>();
    final BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();
    private int inThisLoop;

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      failures.add(cause);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      inThisLoop++;
      ReferenceCountUtil.release(msg);
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
  void aQuietReaderStopsAfterEachMessageAndReadsInBulkOnceMessagesQueue() throws Exception {
    try (SctpTestKit kit = new SctpTestKit()) {
      Loops loops = new Loops();
      Channel server = kit.server(loops);
      EpollSctpChannel client =
          kit.client(SctpTestKit.address(server), new EpollSctpChannelTest.Collector());
      quiet(client, loops);
      // Two messages flushed together leave in one packet, so both wait when the reader wakes. A
      // reader that probes reads them in one loop; this one stops after the first, and epoll,
      // level-triggered, wakes it at once for the second.
      client.write(message());
      client.writeAndFlush(message()).sync();
      assertThat(loops.loopsCarrying(2))
          .as("loops of a pair flushed together")
          .containsExactly(1, 1);
      // More than PROBE_EVERY flushed together: within PROBE_EVERY loops one probes, finds the next
      // message waiting, and loops read until EAGAIN again.
      int many = SctpMessageRecvByteBufAllocator.PROBE_EVERY + 60;
      for (int i = 1; i < many; i++) {
        client.write(message());
      }
      client.writeAndFlush(message()).sync();
      List<Integer> bulk = loops.loopsCarrying(many);
      assertThat(bulk).as("loops of %d flushed together", many).anyMatch(n -> n >= 2);
      client.close().sync();
      server.close().sync();
    }
  }

  @Test
  void aQuietReaderStillHearsThePeersAbortAsEconnreset() throws Exception {
    try (SctpTestKit kit = new SctpTestKit()) {
      Loops loops = new Loops();
      Channel server = kit.server(loops);
      EpollSctpChannel client =
          kit.client(SctpTestKit.address(server), new EpollSctpChannelTest.Collector());
      quiet(client, loops);
      // The ABORT queues COMMUNICATION_LOST and sets the socket's error; the read after the
      // notification returns ECONNRESET. A loop that stopped after the notification would close
      // the channel on it and never read that error.
      client.abortNow();
      Throwable failure = loops.failures.poll(20, TimeUnit.SECONDS);
      assertThat(failure).as("the server's failure within 20 s of the peer's ABORT").isNotNull();
      assertThat(failure)
          .isInstanceOf(io.reactorsctp.SctpNativeException.class)
          .hasMessageContaining("ECONNRESET");
      server.close().sync();
    }
  }

  /**
   * Sends three messages one at a time, each received before the next: every loop's probe finds
   * nothing, so after two such loops the reader stops probing, and probes again only every {@link
   * SctpMessageRecvByteBufAllocator#PROBE_EVERY}th loop. Three, so that what a test sends next
   * comes within the first loops that skip the probe, even after a few notification loops.
   */
  private static void quiet(EpollSctpChannel client, Loops loops) throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      client.writeAndFlush(message()).sync();
      assertThat(loops.loopsCarrying(1)).containsExactly(1);
    }
  }

  private static SctpOutboundMessage message() {
    return SctpOutboundMessage.builder(Unpooled.wrappedBuffer(new byte[64])).build();
  }
}
