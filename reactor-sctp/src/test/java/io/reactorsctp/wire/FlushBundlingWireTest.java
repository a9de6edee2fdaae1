package io.reactorsctp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.reactorsctp.Await;
import io.reactorsctp.channel.SctpOutboundMessage;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Messages flushed together leave in one packet (each but the last sent with {@code MSG_MORE}),
 * messages flushed one by one leave one per packet at once, as tshark counts the DATA chunks per
 * captured packet; and a message is not held back for a follower the kernel refuses.
 */
class FlushBundlingWireTest {
  private static final int MESSAGES = 12;

  @Test
  void aFlushLeavesInOnePacketAndSingleFlushesLeaveAtOnce() throws Exception {
    try (WireKit kit = new WireKit()) {
      WireKit.Collector received = new WireKit.Collector();
      Channel server = kit.server(received);
      try (WireCapture wire =
          WireCapture.start("flush-bundling", "lo", "sctp port " + WireKit.port(server))) {
        Channel client = kit.client(server.localAddress(), new WireKit.Collector());
        ChannelFuture last = null;
        for (int i = 0; i < MESSAGES; i++) {
          last = client.write(message("together " + i, i % 3));
        }
        client.flush();
        last.sync();
        for (int i = 0; i < MESSAGES; i++) {
          last = client.writeAndFlush(message("alone " + i, i % 3));
        }
        last.sync();
        for (int i = 0; i < 2 * MESSAGES; i++) {
          received.next();
        }
        List<WireChunk> data = wire.chunks(c -> c.type() == WireChunk.DATA);
        assertThat(data).hasSize(2 * MESSAGES);
        Map<Integer, Long> chunksPerPacket =
            data.stream().collect(Collectors.groupingBy(WireChunk::frame, Collectors.counting()));
        assertThat(chunksPerPacket.get(data.getFirst().frame()))
            .as("DATA chunks in the packet of the first flushed-together message: %s", data)
            .isEqualTo(MESSAGES);
        assertThat(data.subList(MESSAGES, 2 * MESSAGES))
            .as("a message flushed alone is sent alone, without waiting for company")
            .allMatch(c -> chunksPerPacket.get(c.frame()) == 1);
      }
    }
  }

  /**
   * The follower names a path the association does not have, which the kernel refuses: the message
   * before it must not wait in the kernel for a send that never comes (had it gone with {@code
   * MSG_MORE}, it had not arrived after 5 s).
   */
  @Test
  void aMessageIsNotHeldForAFollowerTheKernelRefuses() throws Exception {
    try (WireKit kit = new WireKit()) {
      WireKit.Collector received = new WireKit.Collector();
      Channel server = kit.server(received);
      Channel client = kit.client(server.localAddress(), new WireKit.Collector());
      ChannelFuture first = client.write(message("first", 0));
      ChannelFuture refused =
          client.write(
              SctpOutboundMessage.builder("to nowhere")
                  .addressOverride(new InetSocketAddress("127.0.0.9", WireKit.port(server)))
                  .build());
      client.flush();
      Await.until("the refused follower's write fails", 10, refused::isDone);
      assertThat(refused.cause()).as("refused").isNotNull();
      assertThat(first.isSuccess()).isTrue();
      Await.until(
          "the first message reaches the server well before a heartbeat would carry it",
          5,
          () -> !received.messages.isEmpty());
    }
  }

  private static SctpOutboundMessage message(String text, int stream) {
    return SctpOutboundMessage.builder(text).streamId(stream).build();
  }
}
