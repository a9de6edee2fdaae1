package io.reactorsctp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.reactorsctp.channel.EpollSctpMultiChannel;
import io.reactorsctp.channel.SctpNotification.AssociationChange;
import io.reactorsctp.channel.SctpNotification.AssociationState;
import io.reactorsctp.channel.SctpOutboundMessage;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A message written with {@code eof(true)} ends its association gracefully once it is delivered: on
 * the wire the sender's SHUTDOWN (RFC 9260 §9.2) follows the association's last DATA. Linux sends
 * the SHUTDOWN only when every DATA is acknowledged, so it is a later packet than the last DATA. On
 * one-to-many only that association ends.
 *
 * <p>On one-to-many the EOF message is empty: Linux refuses {@code SCTP_EOF} with a payload
 * (EINVAL, {@code sctp_sendmsg_parse}); the one-to-one channel sends the payload and then shuts the
 * socket down instead.
 */
class EofWireTest {

  @Test
  void oneToOneShutdownFollowsTheLastData() throws Exception {
    try (WireKit kit = new WireKit()) {
      WireKit.Collector received = new WireKit.Collector();
      Channel server = kit.server(received);
      try (WireCapture wire =
          WireCapture.start("eof-one-to-one", "lo", "sctp port " + WireKit.port(server))) {
        Channel client = kit.client(server.localAddress(), new WireKit.Collector());
        int clientPort = WireKit.port(client);
        for (int i = 0; i < 3; i++) {
          client.writeAndFlush(SctpOutboundMessage.builder("before " + i).build()).sync();
        }
        client.writeAndFlush(SctpOutboundMessage.builder("last").eof(true).build()).sync();
        for (int i = 0; i < 4; i++) {
          received.next();
        }
        // The channel closes once the kernel reports the association ended (SHUTDOWN-ACK,
        // SHUTDOWN-COMPLETE).
        assertThat(client.closeFuture().await(WireKit.WAIT_SECONDS, TimeUnit.SECONDS))
            .as("the client's association ended after its EOF")
            .isTrue();

        List<WireChunk> fromClient = wire.chunks(c -> c.sourcePort() == clientPort);
        List<WireChunk> data = fromClient.stream().filter(c -> c.type() == WireChunk.DATA).toList();
        List<WireChunk> shutdowns =
            fromClient.stream().filter(c -> c.type() == WireChunk.SHUTDOWN).toList();
        assertThat(data)
            .extracting(WireChunk::tsn)
            .as("four messages, four TSNs")
            .doesNotHaveDuplicates()
            .hasSizeGreaterThanOrEqualTo(4);
        assertThat(shutdowns).as("the client's SHUTDOWN, in %s", wire.keptFile()).isNotEmpty();
        WireChunk lastData = data.getLast();
        assertThat(shutdowns.getFirst().frame())
            .as("SHUTDOWN after the last DATA")
            .isGreaterThan(lastData.frame());
        assertThat(shutdowns)
            .allMatch(
                s -> s.verificationTag() == lastData.verificationTag(),
                "the SHUTDOWN is on the association of the DATA");
        // SHUTDOWN's Cumulative TSN Ack acknowledges what the server sent (nothing: the server's
        // initial TSN - 1).
        assertThat(shutdowns.getFirst().field("sctp.shutdown_cumulative_tsn_ack")).isNotNull();
      }
    }
  }

  @Test
  void oneToManyShutdownEndsOnlyTheEofAssociation() throws Exception {
    try (WireKit kit = new WireKit()) {
      WireKit.Collector events = new WireKit.Collector();
      WireKit.Collector atA = new WireKit.Collector();
      WireKit.Collector atB = new WireKit.Collector();
      EpollSctpMultiChannel endpoint = kit.endpoint(new InetSocketAddress("127.0.0.1", 0), events);
      EpollSctpMultiChannel peerA = kit.endpoint(new InetSocketAddress("127.0.0.1", 0), atA);
      EpollSctpMultiChannel peerB = kit.endpoint(new InetSocketAddress("127.0.0.1", 0), atB);
      int portA = WireKit.port(peerA);
      int portB = WireKit.port(peerB);
      try (WireCapture wire =
          WireCapture.start("eof-one-to-many", "lo", "sctp port " + WireKit.port(endpoint))) {
        endpoint
            .writeAndFlush(SctpOutboundMessage.builder("a0").peer(peerA.localAddress()).build())
            .sync();
        endpoint
            .writeAndFlush(SctpOutboundMessage.builder("b0").peer(peerB.localAddress()).build())
            .sync();
        atA.next();
        atB.next();
        int a = endpoint.peerAddressInfo(0, peerA.localAddress()).associationId();
        int b = endpoint.peerAddressInfo(0, peerB.localAddress()).associationId();

        endpoint.writeAndFlush(SctpOutboundMessage.builder("a1").associationId(a).build()).sync();
        endpoint.writeAndFlush(SctpOutboundMessage.builder("a2").associationId(a).build()).sync();
        endpoint
            .writeAndFlush(
                SctpOutboundMessage.builder(new byte[0]).associationId(a).eof(true).build())
            .sync();
        atA.next();
        atA.next();
        events.next(
            AssociationChange.class,
            c -> c.associationId() == a && c.state() == AssociationState.SHUTDOWN_COMPLETE);
        // B lives on: its messages after A's end still flow.
        for (int i = 1; i <= 3; i++) {
          endpoint
              .writeAndFlush(SctpOutboundMessage.builder("b" + i).associationId(b).build())
              .sync();
        }
        for (int i = 1; i <= 3; i++) {
          assertThat(atB.next().text()).isEqualTo("b" + i);
        }

        List<WireChunk> chunks = wire.stop();
        List<WireChunk> dataA = data(chunks, portA);
        List<WireChunk> dataB = data(chunks, portB);
        assertThat(dataA)
            .extracting(WireChunk::verificationTag)
            .as("A's DATA")
            .hasSizeGreaterThanOrEqualTo(3)
            .containsOnly(dataA.getFirst().verificationTag());
        long tagA = dataA.getFirst().verificationTag();
        List<WireChunk> shutdowns =
            chunks.stream().filter(c -> c.type() == WireChunk.SHUTDOWN).toList();
        assertThat(shutdowns)
            .as("SHUTDOWNs, in %s", wire.keptFile())
            .isNotEmpty()
            .allMatch(
                s ->
                    s.sourcePort() == WireKit.port(endpoint)
                        && s.destinationPort() == portA
                        && s.verificationTag() == tagA,
                "from the endpoint to A, with A's verification tag");
        assertThat(shutdowns.getFirst().frame())
            .as("A's SHUTDOWN after A's last DATA")
            .isGreaterThan(dataA.getLast().frame());
        assertThat(chunks)
            .as("no shutdown of any kind on B")
            .noneMatch(
                c -> (c.destinationPort() == portB || c.sourcePort() == portB) && isShutdown(c));
        assertThat(
                dataB.stream()
                    .filter(c -> c.frame() > shutdowns.getFirst().frame())
                    .map(WireChunk::tsn)
                    .distinct())
            .as("B's three messages after A's SHUTDOWN")
            .hasSize(3);
      }
    }
  }

  private static List<WireChunk> data(List<WireChunk> chunks, int toPort) {
    return chunks.stream()
        .filter(c -> c.type() == WireChunk.DATA && c.destinationPort() == toPort)
        .toList();
  }

  private static boolean isShutdown(WireChunk c) {
    return c.type() == WireChunk.SHUTDOWN
        || c.type() == WireChunk.SHUTDOWN_ACK
        || c.type() == WireChunk.SHUTDOWN_COMPLETE
        || c.type() == WireChunk.ABORT;
  }
}
