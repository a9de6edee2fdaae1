package io.reactorsctp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.reactorsctp.channel.EpollSctpMultiChannel;
import io.reactorsctp.channel.SctpOutboundMessage;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stream id, ppid, the U bit and the SACK-immediately I bit of each message, as tshark reads them in the DATA
 * chunks on the wire: on a one-to-one association and on a one-to-many endpoint's.
 */
class MessageFieldsWireTest {

  /** Diameter (46), M3UA (3) and the largest ppid, with the options each message sets (new each time). */
  private static List<SctpOutboundMessage.Builder> messages() {
    return List.of(
        SctpOutboundMessage.builder("diameter").streamId(1).ppid(46),
        SctpOutboundMessage.builder("m3ua").streamId(2).ppid(3).unordered(true),
        SctpOutboundMessage.builder("max").streamId(3).ppid(0xFFFFFFFFL).sackImmediately(true),
        SctpOutboundMessage.builder("plain").streamId(0).ppid(0));
  }

  @Test
  void oneToOneMessageFieldsAreOnTheWire() throws Exception {
    try (WireKit kit = new WireKit()) {
      WireKit.Collector received = new WireKit.Collector();
      Channel server = kit.server(received);
      try (WireCapture wire = WireCapture.start("fields-one-to-one", "lo", "sctp port " + WireKit.port(server))) {
        Channel client = kit.client(server.localAddress(), new WireKit.Collector());
        for (SctpOutboundMessage.Builder m : messages()) {
          client.writeAndFlush(m.build()).sync();
        }
        for (int i = 0; i < 4; i++) {
          received.next();
        }
        assertDataChunks(wire.chunks(c -> c.type() == WireChunk.DATA));
      }
    }
  }

  @Test
  void oneToManyMessageFieldsAreOnTheWire() throws Exception {
    try (WireKit kit = new WireKit()) {
      WireKit.Collector received = new WireKit.Collector();
      EpollSctpMultiChannel server = kit.endpoint(new InetSocketAddress("127.0.0.1", 0), received);
      EpollSctpMultiChannel client = kit.endpoint(new InetSocketAddress("127.0.0.1", 0), new WireKit.Collector());
      try (WireCapture wire = WireCapture.start("fields-one-to-many", "lo", "sctp port " + WireKit.port(server))) {
        for (SctpOutboundMessage.Builder m : messages()) {
          client.writeAndFlush(m.peer(server.localAddress()).build()).sync();
        }
        for (int i = 0; i < 4; i++) {
          received.next();
        }
        assertDataChunks(wire.chunks(c -> c.type() == WireChunk.DATA));
      }
    }
  }

  static void assertDataChunks(List<WireChunk> data) {
    assertThat(data).as("one DATA chunk per message").hasSize(4);
    assertThat(data).extracting(WireChunk::stream).containsExactly(1, 2, 3, 0);
    assertThat(data).extracting(WireChunk::ppid).containsExactly(46L, 3L, 0xFFFFFFFFL, 0L);
    assertThat(data).extracting(WireChunk::unordered).containsExactly(false, true, false, false);
    assertThat(data).extracting(WireChunk::sackImmediately).containsExactly(false, false, true, false);
    assertThat(data).allMatch(c -> c.beginning() && c.ending(), "each message in one chunk (B and E set)");
    // Ordered messages number their stream's sequence from 0.
    assertThat(data.get(0).ssn()).isZero();
  }
}
