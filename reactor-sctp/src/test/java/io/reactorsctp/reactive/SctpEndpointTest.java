package io.reactorsctp.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.ReferenceCountUtil;
import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpOutboundMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The reactive one-to-many endpoint on a real kernel: per-association handlers, implicit set-up,
 * routing.
 */
class SctpEndpointTest {

  private final SctpLoopResources loops = SctpLoopResources.create("endpoint-test", 2);

  @AfterEach
  void tearDown() {
    loops.dispose();
  }

  private static String text(SctpInboundMessage m) {
    try {
      return m.content().toString(StandardCharsets.UTF_8);
    } finally {
      ReferenceCountUtil.release(m);
    }
  }

  /** Echoes each message on its own association, prefixed with the association id it came on. */
  private DisposableSctpEndpoint echoEndpoint(Set<Integer> seenAssociations) {
    return SctpEndpoint.create()
        .bindAddress("127.0.0.1", 0)
        .runOn(loops)
        .handle(
            (in, out) -> {
              int id = in.connection().associationId();
              seenAssociations.add(id);
              return out.send(
                  in.receive()
                      .map(
                          m -> {
                            int stream = m.streamId();
                            return SctpOutboundMessage.builder(id + ":" + text(m))
                                .streamId(stream)
                                .build();
                          }));
            })
        .bindNow();
  }

  @Test
  void hundredAssociationsEachAnsweredOnItsOwn() {
    Set<Integer> seen = ConcurrentHashMap.newKeySet();
    DisposableSctpEndpoint endpoint = echoEndpoint(seen);
    int clients = 100;
    List<SctpConnection> connections = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      connections.add(
          SctpClient.create().remoteAddress(endpoint.address()).runOn(loops).connectNow());
    }
    List<Mono<List<String>>> exchanges = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      SctpConnection c = connections.get(i);
      int client = i;
      Flux<SctpOutboundMessage> messages =
          Flux.range(0, 3)
              .map(n -> SctpOutboundMessage.builder(client + "/" + n).streamId(n).build());
      exchanges.add(
          c.outbound()
              .send(messages)
              .then(c.inbound().receive().take(3).map(SctpEndpointTest::text).collectList()));
    }
    List<List<String>> answers =
        Flux.concat(exchanges).collectList().block(Duration.ofSeconds(120));
    assertThat(answers).hasSize(clients);
    Set<String> ids = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < clients; i++) {
      List<String> a = answers.get(i);
      String id = a.getFirst().split(":")[0];
      ids.add(id);
      assertThat(a).containsExactly(id + ":" + i + "/0", id + ":" + i + "/1", id + ":" + i + "/2");
    }
    assertThat(ids).as("one association id per client").hasSize(clients);
    assertThat(seen).hasSize(clients);
    connections.forEach(SctpConnection::dispose);
    endpoint.disposeNow();
  }

  @Test
  void implicitSetUpAndAssociationsFlux() {
    Set<Integer> seen = ConcurrentHashMap.newKeySet();
    DisposableSctpEndpoint server = echoEndpoint(seen);
    DisposableSctpEndpoint client =
        SctpEndpoint.create().bindAddress("127.0.0.1", 0).runOn(loops).bindNow();

    // The first message sets the association up; the association then shows up in associations().
    Mono<SctpAssociation> first = client.associations().next();
    client
        .send(
            server.address(),
            Flux.just(
                SctpOutboundMessage.builder("hello").ppid(3).build(),
                SctpOutboundMessage.builder("again").streamId(1).build()))
        .block(Duration.ofSeconds(30));
    SctpAssociation association = first.block(Duration.ofSeconds(30));
    assertThat(association.remoteAddresses()).contains(server.address());
    // The writer learns the association its send set up.
    assertThat(client.association(server.address()).block(Duration.ofSeconds(10)))
        .isSameAs(association);
    StepVerifier.create(client.association(new java.net.InetSocketAddress("127.0.0.1", 9)))
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOf(io.reactorsctp.channel.InvalidSctpMessageException.class)
                    .hasMessageContaining("peer"))
        .verify(Duration.ofSeconds(10));
    assertThat(association.status().outboundStreams()).isPositive();

    StepVerifier.create(association.inbound().receive().map(SctpEndpointTest::text).take(2))
        .assertNext(t -> assertThat(t).endsWith(":hello"))
        .assertNext(t -> assertThat(t).endsWith(":again"))
        .expectComplete()
        .verify(Duration.ofSeconds(30));

    // Replies through the association's own outbound side name it without the caller saying so.
    association
        .outbound()
        .send(Mono.just(SctpOutboundMessage.builder("third").build()))
        .block(Duration.ofSeconds(30));
    StepVerifier.create(association.inbound().receive().map(SctpEndpointTest::text).take(1))
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("one subscriber"))
        .verify(Duration.ofSeconds(10));

    // Graceful shutdown of one association: it ends on both sides, the endpoints stay.
    StepVerifier.create(association.shutdown()).expectComplete().verify(Duration.ofSeconds(30));
    assertThat(association.isDisposed()).isTrue();
    assertThat(client.isDisposed()).isFalse();

    client.disposeNow();
    server.disposeNow();
  }
}
