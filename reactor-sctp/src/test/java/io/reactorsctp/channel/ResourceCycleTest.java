package io.reactorsctp.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.ResourceLeakDetector;
import io.reactorsctp.LeakWatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many association set-ups and tear-downs leave no file descriptor and no ByteBuf behind: 1 000
 * cycles by default, {@code -Dreactorsctp.resourceCycles=10000} for the long run
 * (docs/reliability.md).
 */
class ResourceCycleTest {

  static final int CYCLES = Integer.getInteger("reactorsctp.resourceCycles", 1000);

  @Test
  void connectCloseCyclesLeakNoFileDescriptorOrBuffer() throws Exception {
    try (LeakWatch watch = LeakWatch.at(ResourceLeakDetector.Level.PARANOID);
        SctpTestKit kit = new SctpTestKit()) {
      Channel server = kit.server(new EpollSctpChannelTest.Echo());
      cycle(kit, server, 20); // warm up: event loop threads, pools, class loading
      long fdsBefore = LeakWatch.openFileDescriptors();
      long start = System.nanoTime();
      cycle(kit, server, CYCLES);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      // The last channels' descriptors close on their event loop after close() returned: wait for
      // the count to come back (bounded), then compare.
      long fdsAfter = LeakWatch.openFileDescriptors();
      for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
          fdsAfter > fdsBefore && System.nanoTime() < deadline;
          fdsAfter = LeakWatch.openFileDescriptors()) {
        Thread.sleep(20);
      }
      assertThat(fdsAfter)
          .as("open file descriptors after %d cycles (before: %d)", CYCLES, fdsBefore)
          .isLessThanOrEqualTo(fdsBefore);
      for (int i = 0; i < 5; i++) {
        System.gc();
        Thread.sleep(100);
        SctpTestKit.utf8("trigger leak reports").release();
      }
      assertThat(watch.leaks()).as("ByteBuf leaks reported at PARANOID").isEmpty();
      System.err.printf(
          "ResourceCycleTest: %d connect/echo/close cycles at PARANOID in %d s; fds %d -> %d;"
              + " leaks reported %d%n",
          CYCLES, millis / 1000, fdsBefore, fdsAfter, watch.leaks().size());
    }
  }

  private static void cycle(SctpTestKit kit, Channel server, int times) throws Exception {
    for (int i = 0; i < times; i++) {
      java.util.concurrent.BlockingQueue<String> echoed =
          new java.util.concurrent.LinkedBlockingQueue<>();
      EpollSctpChannel c =
          kit.client(
              SctpTestKit.address(server),
              new SimpleChannelInboundHandler<SctpInboundMessage>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, SctpInboundMessage m) {
                  echoed.add(m.content().toString(java.nio.charset.StandardCharsets.UTF_8));
                }
              });
      c.writeAndFlush(SctpOutboundMessage.builder(SctpTestKit.utf8("cycle " + i)).build()).sync();
      assertThat(echoed.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("cycle " + i);
      c.close().sync();
    }
  }
}
