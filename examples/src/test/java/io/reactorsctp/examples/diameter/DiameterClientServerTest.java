package io.reactorsctp.examples.diameter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBufAllocator;
import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.reactive.DisposableSctpServer;
import io.reactorsctp.reactive.SctpClient;
import io.reactorsctp.reactive.SctpConnection;
import io.reactorsctp.reactive.SctpLoopResources;
import io.reactorsctp.reactive.SctpServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The Diameter client against the Diameter server over a real kernel SCTP association. */
class DiameterClientServerTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final PeerIdentity SERVER = PeerIdentity.of("server.example.org", "example.org");
  private static final PeerIdentity CLIENT = PeerIdentity.of("client.example.org", "example.org");

  private SctpLoopResources loops;
  private DiameterServer diameter;
  private DisposableSctpServer server;

  @BeforeEach
  void startServer() {
    loops = SctpLoopResources.create("diameter-test", 2);
    diameter = new DiameterServer(SERVER);
    server =
        SctpServer.create()
            .bindAddress("127.0.0.1", 0)
            .streams(4, 4)
            .runOn(loops)
            .handle(diameter)
            .bindNow();
  }

  @AfterEach
  void stop() {
    server.disposeNow();
    loops.dispose();
  }

  private SctpClient sctpClient() {
    return SctpClient.create().remoteAddress(server.address()).streams(4, 4).runOn(loops);
  }

  @Test
  void capabilitiesExchangeWatchdogApplicationTrafficOnSeveralStreamsAndDisconnect()
      throws Exception {
    DiameterClient client =
        DiameterClient.connect(sctpClient(), CLIENT, Duration.ofMillis(300)).block(WAIT);

    DiameterMessage cea = client.capabilitiesAnswer();
    assertThat(cea.name()).isEqualTo("CEA");
    assertThat(cea.resultCode()).contains(Diameter.SUCCESS);
    assertThat(cea.avp(Diameter.ORIGIN_HOST).orElseThrow().utf8()).isEqualTo("server.example.org");
    assertThat(cea.avp(Diameter.ORIGIN_REALM).orElseThrow().utf8()).isEqualTo("example.org");
    assertThat(cea.avp(Diameter.HOST_IP_ADDRESS).orElseThrow().address())
        .isEqualTo(InetAddress.getByName("127.0.0.1"));
    assertThat(cea.avp(Diameter.VENDOR_ID).orElseThrow().unsigned32()).isZero();
    assertThat(cea.avp(Diameter.PRODUCT_NAME).orElseThrow().utf8()).isEqualTo("reactor-sctp");
    assertThat(client.peerOriginHost()).isEqualTo("server.example.org");
    assertThat(diameter.statistics().capabilitiesExchanges()).isEqualTo(1);

    // Application traffic on streams 1 to 3, answered on the stream of its request.
    List<DiameterReceived> answers =
        Flux.range(0, 30)
            .flatMap(
                i ->
                    client.echo(
                        1 + i % 3,
                        "client.example.org;" + i,
                        List.of(Avp.unsigned32(Diameter.ORIGIN_STATE_ID, i))))
            .collectList()
            .block(WAIT);
    assertThat(answers).hasSize(30);
    for (DiameterReceived a : answers) {
      long i = a.message().avp(Diameter.ORIGIN_STATE_ID).orElseThrow().unsigned32();
      assertThat(a.streamId()).as("answer %d's stream", i).isEqualTo(1 + i % 3);
      assertThat(a.message().resultCode()).contains(Diameter.SUCCESS);
      assertThat(a.message().avp(Diameter.SESSION_ID).orElseThrow().utf8())
          .isEqualTo("client.example.org;" + i);
      assertThat(a.message().avp(Diameter.ORIGIN_HOST).orElseThrow().utf8())
          .isEqualTo("server.example.org");
    }

    // The watchdog runs on its timer, on stream 0.
    List<DiameterReceived> dwas = client.watchdogAnswers().take(2).collectList().block(WAIT);
    assertThat(dwas)
        .allSatisfy(
            dwa -> {
              assertThat(dwa.message().name()).isEqualTo("DWA");
              assertThat(dwa.streamId()).isEqualTo(Diameter.BASE_STREAM);
              assertThat(dwa.message().resultCode()).contains(Diameter.SUCCESS);
            });
    assertThat(diameter.statistics().watchdogRequests()).isGreaterThanOrEqualTo(2);

    client.disconnect().block(WAIT);
    assertThat(diameter.statistics().disconnectRequests()).isEqualTo(1);
    assertThat(client.association().isDisposed()).isTrue();
    assertThat(diameter.statistics().failures()).isZero();
    assertThat(client.statistics().failures()).isZero();
  }

  @Test
  void serverAnswersAnIncompleteCerWithMissingAvpAndTheFailedAvp() {
    SctpConnection raw = sctpClient().connectNow();
    List<Avp> withoutRealm =
        CLIENT
            .capabilities(
                List.of(raw.localAddress().getAddress()), List.of(Diameter.ECHO_APPLICATION))
            .stream()
            .filter(a -> a.code() != Diameter.ORIGIN_REALM)
            .toList();
    DiameterMessage cer =
        DiameterMessage.localRequest(Diameter.CAPABILITIES_EXCHANGE, 0, withoutRealm)
            .withIdentifiers(77, 78);
    Mono<DiameterMessage> answer = raw.inbound().receive().next().map(this::decodeAndRelease);
    raw.outbound()
        .send(
            Mono.just(
                SctpOutboundMessage.builder(DiameterCodec.encode(cer, ByteBufAllocator.DEFAULT))
                    .streamId(0)
                    .ppid(Diameter.PPID)
                    .build()))
        .block(WAIT);

    DiameterMessage cea = answer.block(WAIT);
    assertThat(cea.hopByHop()).isEqualTo(77);
    assertThat(cea.endToEnd()).isEqualTo(78);
    assertThat(cea.resultCode()).contains(Diameter.MISSING_AVP);
    assertThat(cea.avp(Diameter.FAILED_AVP).orElseThrow().grouped().getFirst().code())
        .isEqualTo(Diameter.ORIGIN_REALM);
    assertThat(diameter.statistics().capabilitiesExchanges()).isZero();
    raw.shutdown().block(WAIT);
  }

  @Test
  void requestBeforeCapabilitiesExchangeIsAnsweredUnknownPeer() {
    SctpConnection raw = sctpClient().connectNow();
    Mono<DiameterMessage> answer = raw.inbound().receive().next().map(this::decodeAndRelease);
    DiameterMessage dwr =
        DiameterMessage.localRequest(Diameter.DEVICE_WATCHDOG, 0, CLIENT.origin())
            .withIdentifiers(1, 1);
    raw.outbound()
        .send(
            Mono.just(
                SctpOutboundMessage.builder(DiameterCodec.encode(dwr, ByteBufAllocator.DEFAULT))
                    .streamId(0)
                    .ppid(Diameter.PPID)
                    .build()))
        .block(WAIT);
    DiameterMessage first = answer.block(WAIT);
    assertThat(first.isError()).isTrue();
    assertThat(first.resultCode()).contains(Diameter.UNKNOWN_PEER);
    raw.shutdown().block(WAIT);
  }

  @Test
  void malformedMessageEndsTheAssociationAndTheServerCountsIt() {
    SctpConnection raw = sctpClient().connectNow();
    Mono<Void> ended = raw.inbound().receive().doOnNext(SctpInboundMessage::release).then();
    // A Diameter header claiming 64 bytes in an SCTP message of 20.
    byte[] truncated = {1, 0, 0, 64, (byte) 0x80, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1};
    raw.outbound()
        .send(
            Mono.just(
                SctpOutboundMessage.builder(truncated).streamId(2).ppid(Diameter.PPID).build()))
        .block(WAIT);
    ended.block(WAIT); // the server closed the association
    assertThat(diameter.statistics().failures()).isEqualTo(1);
  }

  @Test
  void requestOnAStreamBeyondTheNegotiatedOnesFailsNamingCommandHopByHopAndStream() {
    DiameterClient client =
        DiameterClient.connect(sctpClient(), CLIENT, Duration.ofSeconds(30)).block(WAIT);
    assertThatThrownBy(() -> client.echo(9, "s;9", List.of()).block(WAIT))
        .isInstanceOf(DiameterPeerException.class)
        .hasMessageContaining("could not send ECHO-R (hop-by-hop 0x")
        .hasMessageContaining("stream 9")
        .hasMessageContaining("server.example.org at /127.0.0.1:" + server.port());
    // The association is still usable on a valid stream.
    assertThat(client.echo(3, "s;3", List.of()).block(WAIT).streamId()).isEqualTo(3);
    DiameterMessage unsupported =
        client.request(2, DiameterMessage.request(12345, 0, CLIENT.origin())).block(WAIT).message();
    assertThat(unsupported.isError()).isTrue();
    assertThat(unsupported.resultCode()).contains(Diameter.COMMAND_UNSUPPORTED);
    client.disconnect().block(WAIT);
  }

  private DiameterMessage decodeAndRelease(SctpInboundMessage m) {
    try {
      return DiameterCodec.decode(m.content());
    } finally {
      m.release();
    }
  }
}
