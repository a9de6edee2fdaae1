package io.reactorsctp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactorsctp.SctpUdpPort;
import io.reactorsctp.channel.SctpChannelOptions;
import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.reactive.DisposableSctpServer;
import io.reactorsctp.reactive.SctpClient;
import io.reactorsctp.reactive.SctpConnection;
import io.reactorsctp.reactive.SctpLoopResources;
import io.reactorsctp.reactive.SctpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * SCTP over UDP (RFC 6951) through the reactive API, on the wire: with {@code net.sctp.udp_port}
 * 9899 and the client's {@code udpEncapsulation(9899)}, every packet of the association, both ways
 * and from the INIT on, is SCTP inside UDP from port 9899 to port 9899, and tshark finds the DATA
 * of a message and of its echo in it. The server sets nothing: Linux answers over UDP to the port
 * the INIT came from, and reports that port on the accepted association.
 */
class UdpEncapsulationWireTest {
  private static final Duration WAIT = Duration.ofSeconds(WireKit.WAIT_SECONDS);
  private static final int PPID = 0x5544_5000;
  private static final String TEXT = "inside-udp";
  private static final int DATA_HEADER = 16;

  @Test
  void everyPacketTravelsInsideUdpAndCarriesTheData() throws Exception {
    try (SctpUdpPort udp = SctpUdpPort.set(SctpUdpPort.IANA)) {
      SctpLoopResources loops = SctpLoopResources.create("udp-wire", 2);
      CompletableFuture<SctpConnection> accepted = new CompletableFuture<>();
      DisposableSctpServer server =
          SctpServer.create()
              .bindAddress("127.0.0.1", 0)
              .runOn(loops)
              .doOnConnection(accepted::complete)
              .handle(
                  (in, out) ->
                      out.send(
                          in.receive()
                              .map(
                                  m ->
                                      SctpOutboundMessage.builder(m.content())
                                          .ppid(m.ppid())
                                          .build())))
              .bindNow(WAIT);
      try (WireCapture wire =
          WireCapture.start(
              "udp-encapsulation", "lo", "udp port " + SctpUdpPort.IANA + " or sctp")) {
        SctpConnection c =
            SctpClient.create()
                .remoteAddress(server.address())
                .runOn(loops)
                .udpEncapsulation(SctpUdpPort.IANA)
                .connectNow(WAIT);

        Mono<String> echo = c.inbound().receive().next().map(UdpEncapsulationWireTest::text);
        c.outbound()
            .send(Mono.just(SctpOutboundMessage.builder(TEXT).ppid(PPID).build()))
            .then()
            .block(WAIT);
        assertThat(echo.block(WAIT)).isEqualTo(TEXT);
        int client = c.localAddress().getPort();
        int serverPort = server.address().getPort();
        SctpConnection serverSide = accepted.get(WireKit.WAIT_SECONDS, TimeUnit.SECONDS);
        List<WireChunk> chunks =
            wire.stop().stream()
                .filter(
                    k ->
                        (k.sourcePort() == client && k.destinationPort() == serverPort)
                            || (k.sourcePort() == serverPort && k.destinationPort() == client))
                .toList();

        assertThat(chunks)
            .as("the association's chunks, from the INIT on")
            .extracting(WireChunk::type)
            .contains(WireChunk.INIT, WireChunk.INIT_ACK, WireChunk.DATA, WireChunk.SACK);
        assertThat(chunks)
            .as(
                "every chunk inside UDP from port %d to port %d",
                SctpUdpPort.IANA, SctpUdpPort.IANA)
            .allSatisfy(
                k -> {
                  assertThat(k.field("udp.srcport")).as("%s", k).isEqualTo("" + SctpUdpPort.IANA);
                  assertThat(k.field("udp.dstport")).as("%s", k).isEqualTo("" + SctpUdpPort.IANA);
                });
        int length = DATA_HEADER + TEXT.getBytes(StandardCharsets.UTF_8).length;
        assertThat(chunks)
            .as("the message's DATA, then its echo's, inside UDP")
            .filteredOn(k -> k.type() == WireChunk.DATA)
            .extracting(k -> List.of(k.sourcePort(), k.ppid(), k.number("sctp.chunk_length")))
            .containsExactly(
                List.of(client, (long) PPID, (long) length),
                List.of(serverPort, (long) PPID, (long) length));
        assertThat(c.channel().config().getOption(SctpChannelOptions.SCTP_REMOTE_UDP_ENCAPS_PORT))
            .as("the client's association sends to the port it was given")
            .isEqualTo(SctpUdpPort.IANA);
        assertThat(
                serverSide
                    .channel()
                    .config()
                    .getOption(SctpChannelOptions.SCTP_REMOTE_UDP_ENCAPS_PORT))
            .as("the port the server learnt from the client's packets")
            .isEqualTo(SctpUdpPort.IANA);

        c.dispose();
      } finally {
        server.disposeNow();
        loops.dispose();
      }
    }
  }

  private static String text(SctpInboundMessage m) {
    try {
      return m.content().toString(StandardCharsets.UTF_8);
    } finally {
      m.release();
    }
  }
}
