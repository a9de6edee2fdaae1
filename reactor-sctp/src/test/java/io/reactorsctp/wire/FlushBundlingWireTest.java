package io.reactorsctp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.reactorsctp.Await;
import io.reactorsctp.channel.EpollSctpMultiChannel;
import io.reactorsctp.channel.SctpOutboundMessage;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Messages flushed together leave in one packet (each but the last sent with {@code MSG_MORE}),
 * messages flushed one by one leave one per packet at once, as tshark counts the DATA chunks per
 * captured packet; a message is not held back for a follower the kernel refuses, nor, on a
 * one-to-many endpoint, for a follower to another association.
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

  /**
   * A one-to-many endpoint bundles a flush's messages for one association, and never holds one for
   * a follower that goes to another association (it would wait for that association's send).
   */
  @Test
  void oneToManyBundlesPerAssociationOnly() throws Exception {
    try (WireKit kit = new WireKit()) {
      WireKit.Collector atFirst = new WireKit.Collector();
      WireKit.Collector atSecond = new WireKit.Collector();
      Channel first = kit.server(atFirst);
      Channel second = kit.server(atSecond);
      EpollSctpMultiChannel endpoint =
          kit.endpoint(new InetSocketAddress("127.0.0.1", 0), new WireKit.Collector());
      for (Channel server : List.of(first, second)) {
        endpoint
            .writeAndFlush(
                SctpOutboundMessage.builder("set up").peer(server.localAddress()).build())
            .sync();
      }
      atFirst.next();
      atSecond.next();
      int a = endpoint.associationId(first.localAddress()).orElseThrow();
      int b = endpoint.associationId(second.localAddress()).orElseThrow();
      try (WireCapture wire =
          WireCapture.start(
              "flush-bundling-one-to-many", "lo", "sctp port " + WireKit.port(first))) {
        ChannelFuture last = null;
        for (int i = 0; i < MESSAGES; i++) {
          last = endpoint.write(SctpOutboundMessage.builder("to a " + i).associationId(a).build());
        }
        endpoint.flush();
        last.sync();
        for (int i = 0; i < MESSAGES; i++) {
          atFirst.next();
        }
        List<WireChunk> data = wire.chunks(c -> c.type() == WireChunk.DATA);
        assertThat(data).hasSize(MESSAGES);
        assertThat(data.stream().map(WireChunk::frame).distinct().count())
            .as("packets carrying one association's flushed-together messages: %s", data)
            .isEqualTo(1);
      }
      for (int i = 0; i < 3; i++) {
        endpoint.write(SctpOutboundMessage.builder("a " + i).associationId(a).build());
        endpoint.write(SctpOutboundMessage.builder("b " + i).associationId(b).build());
      }
      endpoint.flush();
      Await.until(
          "all six alternating messages arrive, none held for the other association's send",
          5,
          () -> atFirst.messages.size() == 3 && atSecond.messages.size() == 3);
    }
  }

  private static SctpOutboundMessage message(String text, int stream) {
    return SctpOutboundMessage.builder(text).streamId(stream).build();
  }
}
