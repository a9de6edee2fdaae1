package io.reactorsctp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactorsctp.channel.EpollSctpMultiChannel;
import io.reactorsctp.channel.SctpOutboundMessage;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code sendAll(true)} on a one-to-many endpoint ({@code SCTP_SENDALL}): the kernel sends one copy
 * on each ESTABLISHED association and skips the others (Linux {@code sctp_sendmsg_check_sflags}).
 * Two peers are established; a third is left in set-up: its INIT and INIT-ACK pass, but a {@code
 * tc} filter drops the COOKIE-ECHO to the third peer (127.0.0.3), so that association stays in
 * COOKIE-ECHOED, retransmitting it.
 *
 * <p>Why not COOKIE-WAIT (INIT-ACK dropped): Linux gives an association its id only when it
 * processes the INIT-ACK ({@code sctp_process_init}); before, {@code SCTP_GET_PEER_ADDR_INFO}
 * reports id 0 and {@code SCTP_STATUS} cannot name it.
 */
class SendAllWireTest {

  /**
   * {@code enum sctp_sstat_state} in {@code linux/sctp.h}: COOKIE-ECHO sent, COOKIE-ACK awaited.
   */
  private static final int SCTP_COOKIE_ECHOED = 3;

  /**
   * A COOKIE-ECHO to 127.0.0.3: u32 offsets count from the IP header (20 bytes, SCTP carries no IP
   * options here), then the 12-byte SCTP common header; the first chunk's type is at 32 (10,
   * COOKIE-ECHO, RFC 9260 §3.3.11). DATA Linux bundles behind the COOKIE-ECHO is in the same packet
   * and dropped with it.
   */
  private static final String COOKIE_ECHO_TO_SILENT =
      "ip dst 127.0.0.3/32 match u8 0x0a 0xff at 32";

  @Test
  void oneDataPerEstablishedAssociationAndNoneToOneInSetUp() throws Exception {
    try (WireKit kit = new WireKit()) {
      WireKit.Collector atA = new WireKit.Collector();
      WireKit.Collector atB = new WireKit.Collector();
      EpollSctpMultiChannel endpoint =
          kit.endpoint(new InetSocketAddress("127.0.0.1", 0), new WireKit.Collector());
      EpollSctpMultiChannel peerA = kit.endpoint(new InetSocketAddress("127.0.0.1", 0), atA);
      EpollSctpMultiChannel peerB = kit.endpoint(new InetSocketAddress("127.0.0.1", 0), atB);
      EpollSctpMultiChannel silent =
          kit.endpoint(new InetSocketAddress("127.0.0.3", 0), new WireKit.Collector());
      endpoint
          .writeAndFlush(SctpOutboundMessage.builder("up").peer(peerA.localAddress()).build())
          .sync();
      endpoint
          .writeAndFlush(SctpOutboundMessage.builder("up").peer(peerB.localAddress()).build())
          .sync();
      atA.next();
      atB.next();

      try (WireCapture wire =
              WireCapture.start("sendall", "lo", "sctp port " + WireKit.port(endpoint));
          LoopbackFilter noCookieEcho = LoopbackFilter.drop(COOKIE_ECHO_TO_SILENT)) {
        // Sending to the silent peer sets its association up implicitly: sendmsg returns once the
        // INIT is out.
        endpoint
            .writeAndFlush(
                SctpOutboundMessage.builder("queued").peer(silent.localAddress()).build())
            .sync();
        int inSetUp = awaitCookieEchoed(endpoint, silent.localAddress());

        endpoint
            .writeAndFlush(SctpOutboundMessage.builder("to all").streamId(1).sendAll(true).build())
            .sync();
        assertThat(atA.next().text()).isEqualTo("to all");
        assertThat(atB.next().text()).isEqualTo("to all");
        assertThat(endpoint.status(inSetUp).state())
            .as("still in set-up after the SENDALL")
            .isEqualTo(SCTP_COOKIE_ECHOED);

        List<WireChunk> chunks = wire.stop();
        Map<Long, List<WireChunk>> dataByTag =
            chunks.stream()
                .filter(c -> c.type() == WireChunk.DATA)
                .collect(Collectors.groupingBy(WireChunk::verificationTag));
        assertThat(dataByTag)
            .as("one DATA on each established association, in %s", wire.keptFile())
            .hasSize(2)
            .allSatisfy(
                (tag, data) ->
                    assertThat(data)
                        .extracting(WireChunk::tsn)
                        .containsOnly(data.getFirst().tsn()));
        assertThat(dataByTag.values())
            .extracting(d -> d.getFirst().destinationPort())
            .containsExactlyInAnyOrder(WireKit.port(peerA), WireKit.port(peerB));
        assertThat(dataByTag.values()).extracting(d -> d.getFirst().stream()).containsOnly(1);
        assertThat(chunks)
            .as("the third association's INIT went out")
            .anyMatch(c -> c.type() == WireChunk.INIT && c.destination().equals("127.0.0.3"));
        assertThat(chunks)
            .as("no DATA to the third association")
            .noneMatch(c -> c.destination().equals("127.0.0.3") && c.type() == WireChunk.DATA);
      }
    }
  }

  /**
   * {@return the id of the association to {@code peer} once it has sent its COOKIE-ECHO (INIT-ACK
   * processed)}
   */
  private static int awaitCookieEchoed(EpollSctpMultiChannel endpoint, InetSocketAddress peer)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WireKit.WAIT_SECONDS);
    while (true) {
      int id = endpoint.peerAddressInfo(0, peer).associationId();
      if (id != 0 && endpoint.status(id).state() == SCTP_COOKIE_ECHOED) {
        return id;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "no association to "
                + peer
                + " in COOKIE-ECHOED within "
                + WireKit.WAIT_SECONDS
                + " s (id "
                + id
                + ")");
      }
      Thread.sleep(50);
    }
  }
}
