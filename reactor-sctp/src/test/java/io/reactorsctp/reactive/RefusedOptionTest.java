package io.reactorsctp.reactive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.ChannelOption;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import io.reactorsctp.Await;
import io.reactorsctp.SctpUdpPort;
import io.reactorsctp.channel.InvalidSctpMessageException;
import io.reactorsctp.channel.SctpAuthKey;
import io.reactorsctp.channel.SctpUdpEncapsulationUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * An option the kernel or the channel refuses fails what would otherwise come up without it: a
 * client's {@code connect()}, a server's or endpoint's {@code bind()} with the typed error naming
 * the option; an accepted association is closed before its handler runs, and the server keeps
 * serving. Real refusals: SCTP over UDP while the guest's {@code net.sctp.udp_port} is 0, an option
 * an SCTP channel does not have, and an AUTH key on an association whose peer has no AUTH.
 */
class RefusedOptionTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final SctpAuthKey KEY = SctpAuthKey.of(1, "a shared secret".getBytes());
  private static final int DATA = 0;

  private final SctpLoopResources loops = SctpLoopResources.create("refused-option", 1);

  @AfterEach
  void tearDown() {
    loops.dispose();
  }

  @Test
  void aRefusedClientOptionFailsConnectAndNoAssociationComesUp() throws Exception {
    try (SctpUdpPort off = SctpUdpPort.set(0)) {
      List<Integer> accepted = new CopyOnWriteArrayList<>();
      DisposableSctpServer server =
          SctpServer.create()
              .bindAddress("127.0.0.1", 0)
              .runOn(loops)
              .doOnConnection(c -> accepted.add(c.remoteAddress().getPort()))
              .bindNow();
      try {
        SctpClient client = SctpClient.create().runOn(loops).remoteAddress(server.address());

        assertThatThrownBy(() -> client.udpEncapsulation(SctpUdpPort.IANA).connectNow(DEADLINE))
            .isInstanceOf(SctpUdpEncapsulationUnavailableException.class)
            .hasMessageContaining("SCTP_REMOTE_UDP_ENCAPS_PORT")
            .hasMessageContaining("net.sctp.udp_port = 0");
        assertThatThrownBy(
                () -> client.option(ChannelOption.TCP_NODELAY, true).connectNow(DEADLINE))
            .as("an option SCTP channels do not have is not dropped either")
            .isInstanceOfSatisfying(
                InvalidSctpMessageException.class,
                e -> assertThat(e.field()).isEqualTo("TCP_NODELAY"));

        // Accepted in the order set up: had a refused client connected, it would come first.
        SctpConnection plain = client.connectNow(DEADLINE);
        int port = plain.localAddress().getPort();
        Await.until(
            "the plain client accepted", DEADLINE.toSeconds(), () -> accepted.contains(port));
        assertThat(accepted).containsExactly(port);
        plain.channel().close().sync();
      } finally {
        server.disposeNow();
      }
    }
  }

  @Test
  void aRefusedOptionOfTheListeningSocketFailsBind() throws Exception {
    try (SctpUdpPort off = SctpUdpPort.set(0)) {
      AtomicInteger bound = new AtomicInteger();
      assertThatThrownBy(
              () ->
                  SctpServer.create()
                      .bindAddress("127.0.0.1", 0)
                      .runOn(loops)
                      .udpEncapsulation(SctpUdpPort.IANA)
                      .doOnBound(s -> bound.incrementAndGet())
                      .bindNow(DEADLINE))
          .isInstanceOf(SctpUdpEncapsulationUnavailableException.class)
          .hasMessageContaining("SCTP_REMOTE_UDP_ENCAPS_PORT");
      assertThatThrownBy(
              () ->
                  SctpEndpoint.create()
                      .bindAddress("127.0.0.1", 0)
                      .runOn(loops)
                      .udpEncapsulation(SctpUdpPort.IANA)
                      .doOnBound(s -> bound.incrementAndGet())
                      .bindNow(DEADLINE))
          .isInstanceOf(SctpUdpEncapsulationUnavailableException.class)
          .hasMessageContaining("SCTP_REMOTE_UDP_ENCAPS_PORT");
      assertThatThrownBy(
              () ->
                  SctpServer.create()
                      .bindAddress("127.0.0.1", 0)
                      .runOn(loops)
                      .option(ChannelOption.TCP_NODELAY, true)
                      .doOnBound(s -> bound.incrementAndGet())
                      .bindNow(DEADLINE))
          .isInstanceOfSatisfying(
              InvalidSctpMessageException.class,
              e -> assertThat(e.field()).isEqualTo("TCP_NODELAY"));
      assertThat(bound).as("nothing was bound").hasValue(0);
    }
  }

  /**
   * The listening socket takes the AUTH key; an association with a peer that has no AUTH refuses it
   * (EACCES), so it would run unauthenticated: it is closed, logged, and the server serves on.
   */
  @Test
  void aChildOptionRefusedOnOneAssociationClosesItAndTheServerServesOn() throws Exception {
    assertThat(InternalLoggerFactory.getDefaultFactory())
        .as("Netty logs through java.util.logging here, where this test listens")
        .isInstanceOf(JdkLoggerFactory.class);
    List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    Logger log = Logger.getLogger(SctpServer.class.getName());
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
              warnings.add(r);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    log.addHandler(capture);
    AtomicInteger handled = new AtomicInteger();
    DisposableSctpServer server =
        SctpServer.create()
            .bindAddress("127.0.0.1", 0)
            .runOn(loops)
            .auth(KEY, List.of(DATA))
            .handle(
                (in, out) -> {
                  handled.incrementAndGet();
                  return in.receive().then();
                })
            .bindNow();
    try {
      SctpClient toServer = SctpClient.create().runOn(loops).remoteAddress(server.address());

      // Reading, as an application would: the server's close ends the inbound side.
      Mono<Void> ended =
          toServer
              .connect()
              .flatMapMany(c -> c.inbound().receive())
              .then()
              .onErrorResume(e -> Mono.empty());
      ended.block(DEADLINE);
      Await.until("the refusal logged", DEADLINE.toSeconds(), () -> !warnings.isEmpty());
      assertThat(warnings.getFirst().getThrown())
          .as("the refusal, naming the option")
          .hasMessageContaining("SCTP_AUTH_KEY");
      assertThat(handled).as("no handler ran on the unauthenticated association").hasValue(0);

      SctpConnection authenticated = toServer.auth(KEY, List.of(DATA)).connectNow(DEADLINE);
      Await.until(
          "the authenticated association handled", DEADLINE.toSeconds(), () -> handled.get() == 1);
      assertThat(server.isDisposed()).isFalse();
      authenticated.channel().close().sync();
    } finally {
      log.removeHandler(capture);
      server.disposeNow();
    }
  }
}
