package io.reactorsctp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.reactorsctp.channel.EpollSctpMultiChannel;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.reactive.DisposableSctpServer;
import io.reactorsctp.reactive.SctpClient;
import io.reactorsctp.reactive.SctpConnection;
import io.reactorsctp.reactive.SctpLoopResources;
import io.reactorsctp.reactive.SctpServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * Stream id, ppid, the U bit and the SACK-immediately I bit of each message, as tshark reads them
 * in the DATA chunks on the wire: on a one-to-one association, on a one-to-many endpoint's, and
 * through the reactive API.
 */
class MessageFieldsWireTest {

  /**
   * Diameter (46), M3UA (3) and the largest ppid, with the options each message sets (new each
   * time).
   */
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
      try (WireCapture wire =
          WireCapture.start("fields-one-to-one", "lo", "sctp port " + WireKit.port(server))) {
        Channel client = kit.client(server.localAddress(), new WireKit.Collector());
        for (SctpOutboundMessage.Builder m : messages()) {
          client.writeAndFlush(m.build()).sync();
        }
        for (int i = 0; i < 4; i++) {
          received.next();
        }
        assertDataChunks(wire.chunks(c -> c.type() == WireChunk.DATA));
        // SCTP_PR_SUPPORTED, on by default: both ends offer PR-SCTP (RFC 3758 §3.1,
        // Forward-TSN-Supported).
        assertThat(wire.chunks(c -> c.type() == WireChunk.INIT || c.type() == WireChunk.INIT_ACK))
            .hasSize(2)
            .allMatch(
                c -> c.all("sctp.parameter_type").contains("0xc000"), "carries parameter 0xC000");
      }
    }
  }

  @Test
  void oneToManyMessageFieldsAreOnTheWire() throws Exception {
    try (WireKit kit = new WireKit()) {
      WireKit.Collector received = new WireKit.Collector();
      EpollSctpMultiChannel server = kit.endpoint(new InetSocketAddress("127.0.0.1", 0), received);
      EpollSctpMultiChannel client =
          kit.endpoint(new InetSocketAddress("127.0.0.1", 0), new WireKit.Collector());
      try (WireCapture wire =
          WireCapture.start("fields-one-to-many", "lo", "sctp port " + WireKit.port(server))) {
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

  @Test
  void reactiveMessageFieldsAreOnTheWire() throws Exception {
    SctpLoopResources loops = SctpLoopResources.create("wire", 1);
    try {
      DisposableSctpServer server =
          SctpServer.create()
              .bindAddress("127.0.0.1", 0)
              .runOn(loops)
              .handle((in, out) -> in.receive().doOnNext(m -> m.release()).then())
              .bindNow();
      try (WireCapture wire =
          WireCapture.start("fields-reactive", "lo", "sctp port " + server.address().getPort())) {
        SctpConnection client =
            SctpClient.create().remoteAddress(server.address()).runOn(loops).connectNow();
        client
            .outbound()
            .send(Flux.fromIterable(messages()).map(SctpOutboundMessage.Builder::build))
            .then()
            .block(Duration.ofSeconds(WireKit.WAIT_SECONDS));
        client.shutdown().block(Duration.ofSeconds(WireKit.WAIT_SECONDS));
        assertDataChunks(wire.chunks(c -> c.type() == WireChunk.DATA));
      } finally {
        server.disposeNow();
      }
    } finally {
      loops.dispose();
    }
  }

  static void assertDataChunks(List<WireChunk> data) {
    assertThat(data).as("one DATA chunk per message").hasSize(4);
    assertThat(data).extracting(WireChunk::stream).containsExactly(1, 2, 3, 0);
    assertThat(data).extracting(WireChunk::ppid).containsExactly(46L, 3L, 0xFFFFFFFFL, 0L);
    assertThat(data).extracting(WireChunk::unordered).containsExactly(false, true, false, false);
    assertThat(data)
        .extracting(WireChunk::sackImmediately)
        .containsExactly(false, false, true, false);
    assertThat(data)
        .allMatch(c -> c.beginning() && c.ending(), "each message in one chunk (B and E set)");
    // Ordered messages number their stream's sequence from 0.
    assertThat(data.get(0).ssn()).isZero();
  }
}
