package io.reactorsctp.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** PR-SCTP TTL on a real kernel: under a stalled receiver messages are abandoned and reported with their context. */
class PartialReliabilityTest {

  @Test
  void ttlMessagesAreEitherDeliveredOrReportedFailedWithTheirContext() throws Exception {
    try (SctpTestKit kit = new SctpTestKit()) {
      Set<Integer> delivered = ConcurrentHashMap.newKeySet();
      Set<Integer> failed = ConcurrentHashMap.newKeySet();
      SctpTestKit.StalledServer stalled = kit.stalledServer(8 * 1024, delivered::add);
      Channel server = stalled.server();
      EpollSctpChannel sender = (EpollSctpChannel) new Bootstrap().group(kit.group).channel(EpollSctpChannel.class)
          .option(ChannelOption.SO_SNDBUF, 1024 * 1024)
          .handler(new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
              if (evt instanceof SctpNotification.SendFailed f) {
                failed.add(f.context());
              }
            }
          }).connect(SctpTestKit.address(server)).sync().channel();
      Channel child = stalled.child().get(10, TimeUnit.SECONDS);

      int count = 1000;
      for (int i = 0; i < count; i++) {
        ByteBuf payload = PooledByteBufAllocator.DEFAULT.directBuffer(256);
        payload.writeInt(i).writeZero(252);
        sender.write(SctpOutboundMessage.builder(payload).streamId(0).context(i).ttl(50).build());
      }
      sender.flush();
      Thread.sleep(2000); // far beyond the TTL while the receiver reads nothing
      child.config().setAutoRead(true);

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      int lastSeen = -1;
      while (System.nanoTime() < deadline) {
        int seen = delivered.size() + failed.size();
        if (seen == count || (seen == lastSeen && sender.prStatus().abandonedUnsent() == failed.size())) {
          break;
        }
        lastSeen = seen;
        Thread.sleep(1000);
      }
      Set<Integer> both = new TreeSet<>(delivered);
      both.retainAll(failed);
      assertThat(failed).as("abandoned messages reported with their context").isNotEmpty();
      assertThat(failed).allMatch(c -> c >= 0 && c < count);
      assertThat(both).as("no message both delivered and reported failed").isEmpty();
      SctpPrStatus abandoned = sender.prStatus();
      assertThat(abandoned.abandonedUnsent()).as("kernel's unsent-abandoned count = send-failed notifications")
          .isEqualTo(failed.size());
      // Linux sends no notification for a message abandoned after its first transmission (it is skipped with
      // FORWARD-TSN); its abandoned-sent counter counts abandonment checks, not messages, so it only shows that
      // such abandonment happened.
      int unreported = count - delivered.size() - failed.size();
      assertThat(unreported).isGreaterThanOrEqualTo(0);
      if (unreported > 0) {
        assertThat(abandoned.abandonedSent()).as("%d messages neither delivered nor reported", unreported)
            .isPositive();
      }
    }
  }
}
