package io.reactorsctp.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpNotification;
import io.reactorsctp.channel.SctpNotification.AssociationChange;
import io.reactorsctp.channel.SctpNotification.AssociationState;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.reactive.SctpClient;
import io.reactorsctp.reactive.SctpConnection;
import io.reactorsctp.reactive.SctpLoopResources;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Servers start and stop with the context: graceful SHUTDOWN when drained, ABORT after the shutdown
 * timeout.
 */
class SctpServersLifecycleTest {

  /** The bound on every wait: a stuck lifecycle fails the test instead of hanging it. */
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final SctpLoopResources clientLoops = SctpLoopResources.create("peer", 1);
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SctpAutoConfiguration.class))
          .withPropertyValues(
              "reactor.sctp.servers.s.local-addresses=127.0.0.1",
              "reactor.sctp.servers.s.port=39870");

  @AfterEach
  void disposeClientLoops() {
    clientLoops.dispose();
  }

  private SctpConnection connect() {
    return SctpClient.create()
        .remoteAddress(new java.net.InetSocketAddress("127.0.0.1", 39870))
        .runOn(clientLoops)
        .connectNow();
  }

  @Test
  void stopShutsAssociationsDownGracefullyOnceDrained() {
    runner
        .withBean(SctpMessageHandler.class, () -> SctpAutoConfigurationTest.ECHO)
        .withPropertyValues("reactor.sctp.servers.s.shutdown-timeout=20s")
        .run(
            ctx -> {
              SctpConnection c = connect();
              List<SctpNotification> events = new CopyOnWriteArrayList<>();
              c.notifications().subscribe(events::add);
              CountDownLatch answered = new CountDownLatch(50);
              Mono<Void> received =
                  c.inbound()
                      .receive()
                      .doOnNext(
                          m -> {
                            m.release();
                            answered.countDown();
                          })
                      .then()
                      .cache();
              received.subscribe();
              c.outbound()
                  .send(Flux.range(0, 50).map(i -> SctpOutboundMessage.builder("m" + i).build()))
                  .block(WAIT);
              assertThat(answered.await(WAIT.toSeconds(), TimeUnit.SECONDS))
                  .as("50 answers")
                  .isTrue();
              ctx.getBean(SctpServers.class).stop();
              received.block(WAIT); // completes: the server shut the association down, no error
              c.onDispose().block(WAIT);
              assertThat(events)
                  .filteredOn(AssociationChange.class::isInstance)
                  .map(e -> ((AssociationChange) e).state())
                  .containsExactly(
                      AssociationState.COMMUNICATION_UP, AssociationState.SHUTDOWN_COMPLETE);
              assertThat(ctx.getBean(SctpServers.class).isRunning()).isFalse();
              assertThat(ctx.getBean(SctpServers.class).bound()).isEmpty();
            });
  }

  @Test
  void stopAbortsAnAssociationThatCannotDrainWithinTheTimeout() {
    // The server floods a peer that never reads: its buffer cannot drain.
    SctpMessageHandler flood =
        (association, inbound) ->
            inbound
                .take(1)
                .doOnNext(SctpInboundMessage::release)
                .thenMany(
                    Flux.range(0, Integer.MAX_VALUE)
                        .map(i -> SctpOutboundMessage.builder(new byte[16 * 1024]).build()));
    runner
        .withBean(SctpMessageHandler.class, () -> flood)
        .withPropertyValues("reactor.sctp.servers.s.shutdown-timeout=1s")
        .run(
            ctx -> {
              SctpConnection c = connect();
              List<SctpNotification> events = new CopyOnWriteArrayList<>();
              c.notifications().subscribe(events::add);
              c.outbound().send(Flux.just(SctpOutboundMessage.builder("go").build())).block(WAIT);
              SctpAssociations.Endpoint server =
                  ctx.getBean(SctpAssociations.class).endpoint(SctpAssociations.Role.SERVER, "s");
              long deadline = System.nanoTime() + WAIT.toNanos();
              while ((server.live().isEmpty() || server.live().getFirst().isWritable())
                  && System.nanoTime() < deadline) { // until the buffer fills
                Thread.sleep(10);
              }
              assertThat(server.live())
                  .as("one association, its buffer full")
                  .singleElement()
                  .satisfies(a -> assertThat(a.isWritable()).isFalse());
              ctx.getBean(SctpServers.class).stop();
              // The ABORT is read after the messages the kernel already holds: drain them.
              c.inbound()
                  .receive()
                  .doOnNext(SctpInboundMessage::release)
                  .onErrorComplete()
                  .blockLast(WAIT);
              c.onDispose().block(WAIT);
              assertThat(server.live()).isEmpty();
              assertThat(events)
                  .filteredOn(AssociationChange.class::isInstance)
                  .map(e -> ((AssociationChange) e).state())
                  .containsExactly(
                      AssociationState.COMMUNICATION_UP, AssociationState.COMMUNICATION_LOST);
            });
  }
}
