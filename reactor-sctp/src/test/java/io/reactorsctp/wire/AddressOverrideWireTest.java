package io.reactorsctp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.EpollSctpMultiChannel;
import io.reactorsctp.channel.MultiHomedAddress;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.channel.SctpPeerAddressInfo;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@code addressOverride(..)} ({@code SCTP_ADDR_OVER}) to a multi-homed peer bound to 127.0.0.1 and
 * 127.0.0.2, whose primary path is 127.0.0.1: the DATA of a message with the override to 127.0.0.2
 * goes to 127.0.0.2 on the wire, the messages without it to the primary.
 *
 * <p>Linux sends DATA only to a confirmed path: a chunk for an UNCONFIRMED address goes to the
 * primary instead ({@code sctp_outq_select_transport}), so each test first waits for the heartbeat
 * that confirms 127.0.0.2.
 */
class AddressOverrideWireTest {
  private static final String PRIMARY = "127.0.0.1";
  private static final String SECOND = "127.0.0.2";

  @Test
  void oneToOneOverrideGoesToTheOtherAddress() throws Exception {
    try (WireKit kit = new WireKit()) {
      WireKit.Collector received = new WireKit.Collector();
      Channel server =
          kit.server(
              MultiHomedAddress.of(
                  new InetSocketAddress(PRIMARY, 0), new InetSocketAddress(SECOND, 0)),
              received);
      int port = WireKit.port(server);
      InetSocketAddress second = new InetSocketAddress(SECOND, port);
      try (WireCapture wire =
          WireCapture.start("addr-over-one-to-one", "lo", "sctp port " + port)) {
        EpollSctpChannel client =
            kit.client(new InetSocketAddress(PRIMARY, port), new WireKit.Collector());
        client.setPrimaryAddress(new InetSocketAddress(PRIMARY, port));
        awaitActive(() -> client.peerAddressInfo(second));
        send(client, received, SctpOutboundMessage.builder("primary").build());
        send(
            client,
            received,
            SctpOutboundMessage.builder("override").addressOverride(second).build());
        send(client, received, SctpOutboundMessage.builder("primary again").build());
        assertThat(firstSendDestinations(wire, WireKit.port(client)))
            .as("in %s", wire.keptFile())
            .containsExactly(PRIMARY, SECOND, PRIMARY);
      }
    }
  }

  @Test
  void oneToManyOverrideGoesToTheOtherAddress() throws Exception {
    try (WireKit kit = new WireKit()) {
      WireKit.Collector received = new WireKit.Collector();
      EpollSctpMultiChannel peer =
          kit.endpoint(
              MultiHomedAddress.of(
                  new InetSocketAddress(PRIMARY, 0), new InetSocketAddress(SECOND, 0)),
              received);
      int port = WireKit.port(peer);
      InetSocketAddress primary = new InetSocketAddress(PRIMARY, port);
      InetSocketAddress second = new InetSocketAddress(SECOND, port);
      EpollSctpMultiChannel endpoint =
          kit.endpoint(new InetSocketAddress(PRIMARY, 0), new WireKit.Collector());
      try (WireCapture wire =
          WireCapture.start("addr-over-one-to-many", "lo", "sctp port " + port)) {
        send(endpoint, received, SctpOutboundMessage.builder("primary").peer(primary).build());
        int id = endpoint.peerAddressInfo(0, primary).associationId();
        assertThat(endpoint.status(id).primaryAddress()).isEqualTo(primary);
        awaitActive(() -> endpoint.peerAddressInfo(id, second));
        send(
            endpoint,
            received,
            SctpOutboundMessage.builder("override")
                .associationId(id)
                .addressOverride(second)
                .build());
        send(
            endpoint,
            received,
            SctpOutboundMessage.builder("primary again").associationId(id).build());
        // Named by its peer rather than its id, the message still takes the override.
        send(
            endpoint,
            received,
            SctpOutboundMessage.builder("override by peer")
                .peer(primary)
                .addressOverride(second)
                .build());
        assertThat(firstSendDestinations(wire, WireKit.port(endpoint)))
            .as("in %s", wire.keptFile())
            .containsExactly(PRIMARY, SECOND, PRIMARY, SECOND);
      }
    }
  }

  private static void send(Channel ch, WireKit.Collector received, SctpOutboundMessage m)
      throws Exception {
    String text = m.content().toString(java.nio.charset.StandardCharsets.UTF_8);
    ch.writeAndFlush(m).sync();
    assertThat(received.next().text()).isEqualTo(text);
  }

  /**
   * The heartbeat that confirms a path comes about one RTO (3 s at first) after set-up; TCG may
   * slow it.
   */
  private static void awaitActive(Supplier<SctpPeerAddressInfo> path) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WireKit.WAIT_SECONDS);
    SctpPeerAddressInfo info;
    while ((info = path.get()).state() != SctpPeerAddressInfo.PathState.ACTIVE) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "path not confirmed within " + WireKit.WAIT_SECONDS + " s: " + info);
      }
      Thread.sleep(100);
    }
  }

  /**
   * {@return the IP destination of each DATA's first transmission from {@code senderPort}, in TSN
   * order} (a retransmission may take another path, so only first sends count)
   */
  private static List<String> firstSendDestinations(WireCapture wire, int senderPort)
      throws Exception {
    Map<Long, String> byTsn = new LinkedHashMap<>();
    for (WireChunk c :
        wire.chunks(c -> c.type() == WireChunk.DATA && c.sourcePort() == senderPort)) {
      byTsn.putIfAbsent(c.tsn(), c.destination());
    }
    return new ArrayList<>(byTsn.values());
  }
}
