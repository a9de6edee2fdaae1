package io.reactorsctp.reactive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netty.util.concurrent.Future;
import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.InvalidSctpMessageException;
import io.reactorsctp.channel.SctpChannelOptions;
import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.channel.SctpReconfigRequest;
import io.reactorsctp.channel.SctpReconfigurationException;
import io.reactorsctp.channel.SctpReconfigurationException.Outcome;
import io.reactorsctp.channel.SctpResetDirection;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

/**
 * Stream reconfiguration (RFC 6525) outcomes: performed requests complete their Mono, one-to-one
 * and one-to-many; a stream beyond the count, a second request while one is pending, a peer without
 * RECONFIG and a peer that has not enabled the request each fail typed, naming the field; the
 * association stays up after each.
 */
class StreamReconfigurationTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int OUTBOUND = 4;

  private static SctpLoopResources loops;

  /** Enables every request. */
  private static Peer enabled;

  /** Announces no RECONFIG (Linux's default). */
  private static Peer plain;

  /** Announces RECONFIG but enables no request. */
  private static Peer refusing;

  /** A server that records the ppid of each message it receives. */
  private record Peer(DisposableSctpServer server, BlockingQueue<Integer> ppids) {
    static Peer start(UnaryOperator<SctpServer> options) {
      BlockingQueue<Integer> ppids = new LinkedBlockingQueue<>();
      DisposableSctpServer server =
          options
              .apply(SctpServer.create().bindAddress("127.0.0.1", 0).runOn(loops))
              .handle(
                  (in, out) ->
                      in.receive()
                          .doOnNext(
                              m -> {
                                ppids.add(m.ppid());
                                m.release();
                              })
                          .then())
              .bindNow(WAIT);
      return new Peer(server, ppids);
    }

    InetSocketAddress address() {
      return server.address();
    }

    /** Fails unless a message with {@code ppid} arrives in time: the association is still up. */
    void receives(int ppid) throws InterruptedException {
      assertThat(ppids.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
          .as("message %d received: the association is up", ppid)
          .isEqualTo(ppid);
    }
  }

  @BeforeAll
  static void start() {
    loops = SctpLoopResources.create("reconfig", 2);
    enabled = Peer.start(s -> s.streamReconfiguration(SctpReconfigRequest.values()));
    plain = Peer.start(s -> s);
    refusing = Peer.start(s -> s.option(SctpChannelOptions.SCTP_RECONFIG_SUPPORTED, true));
  }

  @AfterAll
  static void stop() {
    for (Peer p : List.of(enabled, plain, refusing)) {
      p.server().disposeNow();
    }
    loops.dispose();
  }

  private static SctpConnection connect(Peer peer) {
    SctpConnection c =
        SctpClient.create()
            .remoteAddress(peer.address())
            .runOn(loops)
            .streams(OUTBOUND, OUTBOUND)
            .streamReconfiguration(SctpReconfigRequest.values())
            .connectNow(WAIT);
    c.inbound().receive().subscribe(SctpInboundMessage::release); // reads the peer's answers
    return c;
  }

  private static void send(SctpConnection c, int stream, int ppid) {
    c.outbound()
        .send(Mono.just(SctpOutboundMessage.builder("x").streamId(stream).ppid(ppid).build()))
        .block(WAIT);
  }

  /** {@return the request's error; block() wraps a checked one, which is unwrapped} */
  private static Throwable failure(Mono<Void> request) {
    return Exceptions.unwrap(catchThrowable(() -> request.block(WAIT)));
  }

  @Test
  void performedRequestsCompleteAndBadInputIsTypedNamingTheField() throws Exception {
    SctpConnection c = connect(enabled);
    try {
      assertThat(c.channel().config().getOption(SctpChannelOptions.SCTP_RECONFIG_SUPPORTED))
          .as("RECONFIG negotiated")
          .isTrue();
      Throwable beyond = failure(c.resetStreams(SctpResetDirection.OUTGOING, 0, OUTBOUND + 5));
      assertThat(beyond).isInstanceOf(InvalidSctpMessageException.class);
      assertThat(((InvalidSctpMessageException) beyond).field()).isEqualTo("streams[1]");
      assertThat(beyond).hasMessageContaining("beyond the association's " + OUTBOUND);

      // Two requests at once: the second fails while the first awaits the peer's answer.
      EpollSctpChannel ch = c.channel();
      List<Future<Void>> both =
          ch.eventLoop()
              .submit(
                  () ->
                      List.of(
                          ch.resetStreams(SctpResetDirection.OUTGOING),
                          ch.resetStreams(SctpResetDirection.OUTGOING)))
              .get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(both.get(0).await(WAIT.toMillis())).isTrue();
      assertThat(both.get(0).isSuccess()).as("%s", both.get(0).cause()).isTrue();
      assertThat(both.get(1).cause())
          .isInstanceOfSatisfying(
              SctpReconfigurationException.class,
              e -> assertThat(e.outcome()).isEqualTo(Outcome.IN_PROGRESS));

      c.resetStreams(SctpResetDirection.BOTH, 1, 2).block(WAIT);
      c.resetAssociation().block(WAIT);
      c.addStreams(1, 1).block(WAIT);
      assertThat(c.channel().outboundStreams()).isEqualTo(OUTBOUND + 1);
      send(c, OUTBOUND, 1);
      enabled.receives(1);
    } finally {
      c.dispose();
    }
  }

  @Test
  void peerWithoutReconfigIsReportedAsNotNegotiated() throws Exception {
    SctpConnection c = connect(plain);
    try {
      for (Mono<Void> request :
          List.of(
              c.resetStreams(SctpResetDirection.OUTGOING, 0),
              c.resetAssociation(),
              c.addStreams(1, 0))) {
        assertThat(failure(request))
            .isInstanceOfSatisfying(
                SctpReconfigurationException.class,
                e -> {
                  assertThat(e.outcome()).isEqualTo(Outcome.NOT_NEGOTIATED);
                  assertThat(e.field()).isEqualTo("SCTP_RECONFIG_SUPPORTED");
                })
            .hasMessageContaining("ENOPROTOOPT");
      }
      send(c, 0, 2);
      plain.receives(2);
    } finally {
      c.dispose();
    }
  }

  @Test
  void peerThatHasNotEnabledTheRequestDeniesIt() throws Exception {
    SctpConnection c = connect(refusing);
    try {
      for (Mono<Void> request :
          List.of(c.resetStreams(SctpResetDirection.OUTGOING, 0), c.addStreams(1, 0))) {
        assertThat(failure(request))
            .isInstanceOfSatisfying(
                SctpReconfigurationException.class,
                e -> assertThat(e.outcome()).isEqualTo(Outcome.DENIED));
      }
      assertThat(c.channel().outboundStreams()).as("no stream added").isEqualTo(OUTBOUND);
      send(c, 0, 3);
      refusing.receives(3);
    } finally {
      c.dispose();
    }
  }

  @Test
  void oneToManyAssociationAddsAStreamAndResets() throws Exception {
    DisposableSctpEndpoint endpoint =
        SctpEndpoint.create()
            .bindAddress("127.0.0.1", 0)
            .runOn(loops)
            .streams(OUTBOUND, OUTBOUND)
            .streamReconfiguration(SctpReconfigRequest.values())
            .bindNow(WAIT);
    try {
      endpoint
          .send(enabled.address(), Mono.just(SctpOutboundMessage.builder("hello").ppid(4).build()))
          .block(WAIT);
      enabled.receives(4);
      SctpAssociation a = endpoint.association(enabled.address()).block(WAIT);
      a.addStreams(1, 0).block(WAIT);
      a.outbound()
          .send(Mono.just(SctpOutboundMessage.builder("new").streamId(OUTBOUND).ppid(5).build()))
          .block(WAIT);
      enabled.receives(5);
      a.resetStreams(SctpResetDirection.OUTGOING, OUTBOUND).block(WAIT);
      assertThat(failure(a.resetStreams(SctpResetDirection.OUTGOING, OUTBOUND + 1)))
          .isInstanceOfSatisfying(
              InvalidSctpMessageException.class,
              e -> assertThat(e.field()).isEqualTo("streams[0]"));
    } finally {
      endpoint.disposeNow();
    }
  }
}
