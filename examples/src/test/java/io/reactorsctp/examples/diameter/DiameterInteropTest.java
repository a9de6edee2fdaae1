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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * What a peer other than this example does, over real kernel SCTP associations: ppid 0 (as
 * freeDiameter sends), an association aborted under a pending request, CERs with and without an
 * application in common, the relay application.
 */
class DiameterInteropTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final PeerIdentity SERVER = PeerIdentity.of("server.example.org", "example.org");
  private static final PeerIdentity CLIENT = PeerIdentity.of("client.example.org", "example.org");
  private static final PeerIdentity FAKE = PeerIdentity.of("fake.example.org", "example.org");
  private static final int OTHER_APPLICATION = 16_777_251; // 3GPP S6a

  private SctpLoopResources loops;
  private final List<DisposableSctpServer> servers = new ArrayList<>();

  @BeforeEach
  void loops() {
    loops = SctpLoopResources.create("diameter-interop", 2);
  }

  @AfterEach
  void stop() {
    servers.forEach(DisposableSctpServer::disposeNow);
    loops.dispose();
  }

  private DiameterServer startServer(DiameterApplications applications) {
    DiameterServer diameter = new DiameterServer(SERVER, applications);
    servers.add(
        SctpServer.create()
            .bindAddress("127.0.0.1", 0)
            .streams(4, 4)
            .runOn(loops)
            .handle(diameter)
            .bindNow());
    return diameter;
  }

  private SctpClient sctpClient() {
    return SctpClient.create()
        .remoteAddress(servers.getLast().address())
        .streams(4, 4)
        .runOn(loops);
  }

  @Test
  void serverAcceptsPpidZeroOnEveryStreamCountsItAndKeepsTheAssociation() throws Exception {
    DiameterServer diameter = startServer(DiameterApplications.echo());
    SctpConnection raw = sctpClient().connectNow();
    BlockingQueue<DiameterReceived> answers = new LinkedBlockingQueue<>();
    raw.inbound()
        .receive()
        .subscribe(
            m -> {
              int stream = m.streamId();
              answers.add(new DiameterReceived(decodeAndRelease(m), stream));
            });

    send(raw, 0, 0, cer(raw, Diameter.ECHO_APPLICATION));
    assertThat(next(answers).message().resultCode()).contains(Diameter.SUCCESS);
    for (int stream = 0; stream < 4; stream++) {
      send(raw, stream, 0, dwr(100 + stream));
      DiameterReceived dwa = next(answers);
      assertThat(dwa.message().name()).isEqualTo("DWA");
      assertThat(dwa.message().resultCode()).contains(Diameter.SUCCESS);
      assertThat(dwa.streamId()).isEqualTo(stream);
    }

    assertThat(diameter.statistics().unspecifiedPpidMessages()).isEqualTo(5);
    assertThat(diameter.statistics().failures()).isZero();
    assertThat(raw.isDisposed()).isFalse();
    raw.shutdown().block(WAIT);
  }

  @Test
  void clientAcceptsAPeerAnsweringWithPpidZero() {
    startFakePeer(false);
    DiameterClient client =
        DiameterClient.connect(sctpClient(), CLIENT, Duration.ofMillis(200)).block(WAIT);
    assertThat(client.peerOriginHost()).isEqualTo("fake.example.org");
    assertThat(client.watchdogAnswers().take(2).collectList().block(WAIT)).hasSize(2);
    client.disconnect().block(WAIT);
    assertThat(client.statistics().unspecifiedPpidMessages()).isGreaterThanOrEqualTo(4);
    assertThat(client.statistics().failures()).isZero();
  }

  @Test
  void requestLosingItsAnswerToAnAbortSaysHowTheAssociationEnded() {
    startFakePeer(true);
    DiameterClient client =
        DiameterClient.connect(sctpClient(), CLIENT, Duration.ofSeconds(30)).block(WAIT);
    assertThatThrownBy(() -> client.echo(1, "s;1", List.of()).block(WAIT))
        .isInstanceOf(DiameterPeerException.class)
        // The peer's ABORT reaches the client as ECONNRESET or COMMUNICATION_LOST, whichever
        // the kernel reports first.
        .hasMessageMatching(
            "request with hop-by-hop 0x\\p{XDigit}+ to fake\\.example\\.org at \\S+ got no answer:"
                + " the association ended: .*(ECONNRESET|COMMUNICATION_LOST).*");
  }

  @Test
  void cerWithAnApplicationInCommonSucceeds() {
    DiameterServer diameter =
        startServer(DiameterApplications.of(Diameter.ECHO_APPLICATION, OTHER_APPLICATION));
    DiameterClient client = connect(DiameterApplications.of(OTHER_APPLICATION));
    assertThat(client.capabilitiesAnswer().resultCode()).contains(Diameter.SUCCESS);
    assertThat(DiameterApplications.advertisedIn(client.capabilitiesAnswer()))
        .containsExactly(Diameter.ECHO_APPLICATION, OTHER_APPLICATION);
    assertThat(diameter.statistics().capabilitiesExchanges()).isEqualTo(1);
    client.disconnect().block(WAIT);
  }

  @Test
  void cerWithNoApplicationInCommonIsAnswered5010AndTheServerClosesTheAssociation() {
    DiameterServer diameter = startServer(DiameterApplications.echo());
    SctpConnection raw = sctpClient().connectNow();
    List<DiameterMessage> received = new ArrayList<>();
    Mono<Void> ended =
        raw.inbound().receive().doOnNext(m -> received.add(decodeAndRelease(m))).then();
    // A vendor-specific application (S6a, Vendor-Id 10415) counts by its Application-Id alone.
    DiameterMessage cer =
        DiameterMessage.localRequest(
                Diameter.CAPABILITIES_EXCHANGE,
                0,
                CLIENT.capabilities(List.of(raw.localAddress().getAddress()), List.of()))
            .withAvps(
                List.of(
                    Avp.grouped(
                        Diameter.VENDOR_SPECIFIC_APPLICATION_ID,
                        List.of(
                            Avp.unsigned32(Diameter.VENDOR_ID, 10415),
                            Avp.unsigned32(Diameter.AUTH_APPLICATION_ID, OTHER_APPLICATION)))))
            .withIdentifiers(5, 6);
    send(raw, 0, Diameter.PPID, cer);

    ended.block(WAIT); // the server shut the association down after its CEA
    assertThat(received).hasSize(1);
    DiameterMessage cea = received.getFirst();
    assertThat(cea.hopByHop()).isEqualTo(5);
    assertThat(cea.resultCode()).contains(Diameter.NO_COMMON_APPLICATION);
    assertThat(DiameterApplications.advertisedIn(cea)).containsExactly(Diameter.ECHO_APPLICATION);
    assertThat(diameter.statistics().capabilitiesExchanges()).isZero();
  }

  @Test
  void clientRefusedWithNoCommonApplicationFailsNaming5010() {
    startServer(DiameterApplications.echo());
    assertThatThrownBy(() -> connect(DiameterApplications.of(OTHER_APPLICATION)))
        .isInstanceOf(DiameterPeerException.class)
        .hasMessageContaining("Result-Code " + Diameter.NO_COMMON_APPLICATION);
  }

  @Test
  void relayApplicationIsInCommonWithAnythingOnEitherSide() {
    DiameterServer relay = startServer(DiameterApplications.relay());
    DiameterClient toRelay = connect(DiameterApplications.of(OTHER_APPLICATION));
    assertThat(DiameterApplications.advertisedIn(toRelay.capabilitiesAnswer()))
        .containsExactly(Diameter.RELAY_APPLICATION);
    toRelay.disconnect().block(WAIT);
    assertThat(relay.statistics().capabilitiesExchanges()).isEqualTo(1);

    DiameterServer echo = startServer(DiameterApplications.echo());
    DiameterClient fromRelay = connect(DiameterApplications.relay());
    assertThat(fromRelay.capabilitiesAnswer().resultCode()).contains(Diameter.SUCCESS);
    fromRelay.disconnect().block(WAIT);
    assertThat(echo.statistics().capabilitiesExchanges()).isEqualTo(1);
  }

  @Test
  void applicationSetRefusesEmptyAndTheBaseApplication() {
    assertThatThrownBy(DiameterApplications::of)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("applicationIds: empty");
    assertThatThrownBy(() -> DiameterApplications.of(Diameter.ECHO_APPLICATION, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("applicationIds: 0 is the base protocol's common messages");
  }

  private DiameterClient connect(DiameterApplications applications) {
    return DiameterClient.connect(sctpClient(), CLIENT, Duration.ofSeconds(30), applications)
        .block(WAIT);
  }

  /**
   * Starts a peer that is not this example's server: it answers every request with DIAMETER_SUCCESS
   * and SCTP ppid 0, as freeDiameter does, or aborts the association on the first request after the
   * CER.
   */
  private void startFakePeer(boolean abortAfterCer) {
    servers.add(
        SctpServer.create()
            .bindAddress("127.0.0.1", 0)
            .streams(4, 4)
            .runOn(loops)
            .handle(
                (in, out) ->
                    in.receive()
                        .concatMap(
                            m -> {
                              int stream = m.streamId();
                              DiameterMessage request = decodeAndRelease(m);
                              if (abortAfterCer
                                  && request.commandCode() != Diameter.CAPABILITIES_EXCHANGE) {
                                in.connection().abort();
                                return Mono.empty();
                              }
                              List<Avp> avps = new ArrayList<>();
                              avps.add(Avp.unsigned32(Diameter.RESULT_CODE, Diameter.SUCCESS));
                              avps.addAll(
                                  request.commandCode() == Diameter.CAPABILITIES_EXCHANGE
                                      ? FAKE.capabilities(
                                          List.of(in.connection().localAddress().getAddress()),
                                          List.of(Diameter.RELAY_APPLICATION))
                                      : FAKE.origin());
                              return out.send(
                                  Mono.just(
                                      SctpOutboundMessage.builder(
                                              DiameterCodec.encode(
                                                  request.answer(avps), ByteBufAllocator.DEFAULT))
                                          .streamId(stream)
                                          .ppid(0)
                                          .build()));
                            }))
            .bindNow());
  }

  private static DiameterMessage cer(SctpConnection raw, int application) {
    return DiameterMessage.localRequest(
            Diameter.CAPABILITIES_EXCHANGE,
            0,
            CLIENT.capabilities(List.of(raw.localAddress().getAddress()), List.of(application)))
        .withIdentifiers(1, 1);
  }

  private static DiameterMessage dwr(int hopByHop) {
    return DiameterMessage.localRequest(Diameter.DEVICE_WATCHDOG, 0, CLIENT.origin())
        .withIdentifiers(hopByHop, hopByHop);
  }

  private static void send(SctpConnection raw, int stream, int ppid, DiameterMessage m) {
    raw.outbound()
        .send(
            Mono.just(
                SctpOutboundMessage.builder(DiameterCodec.encode(m, ByteBufAllocator.DEFAULT))
                    .streamId(stream)
                    .ppid(ppid)
                    .build()))
        .block(WAIT);
  }

  private static DiameterReceived next(BlockingQueue<DiameterReceived> answers)
      throws InterruptedException {
    DiameterReceived a = answers.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(a).as("an answer within %s", WAIT).isNotNull();
    return a;
  }

  private static DiameterMessage decodeAndRelease(SctpInboundMessage m) {
    try {
      return DiameterCodec.decode(m.content());
    } finally {
      m.release();
    }
  }
}
