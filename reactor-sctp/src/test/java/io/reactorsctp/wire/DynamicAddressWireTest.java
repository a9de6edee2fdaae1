package io.reactorsctp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reactorsctp.Await;
import io.reactorsctp.channel.SctpAddressChangeException;
import io.reactorsctp.channel.SctpAddressChangeException.Reason;
import io.reactorsctp.channel.SctpChannelOptions;
import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpNotification;
import io.reactorsctp.channel.SctpNotification.PeerAddressChange;
import io.reactorsctp.channel.SctpNotification.PeerAddressState;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.metrics.SctpMeterNames;
import io.reactorsctp.metrics.SctpMetrics;
import io.reactorsctp.reactive.DisposableSctpEndpoint;
import io.reactorsctp.reactive.DisposableSctpServer;
import io.reactorsctp.reactive.SctpAssociation;
import io.reactorsctp.reactive.SctpClient;
import io.reactorsctp.reactive.SctpConnection;
import io.reactorsctp.reactive.SctpEndpoint;
import io.reactorsctp.reactive.SctpLoopResources;
import io.reactorsctp.reactive.SctpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * Dynamic addresses (ASCONF, RFC 5061) through the reactive API, on the wire: a client bound to
 * 127.0.0.1 adds 127.0.0.2, asks the server to make it its primary, and removes 127.0.0.1. Each is
 * an ASCONF chunk (type 193) carrying an Add IP Address (0xC001), Set Primary Address (0xC004) or
 * Delete IP Address (0xC002) parameter with the address, authenticated (an AUTH chunk before it in
 * the packet), each answered by an ASCONF-ACK (128) of the same sequence number; the server's
 * application is told ADDED, MADE_PRIMARY, REMOVED, and the association carries a message after.
 * Changes the association cannot carry are typed errors, and leave it up.
 */
class DynamicAddressWireTest {
  private static final Duration WAIT = Duration.ofSeconds(WireKit.WAIT_SECONDS);
  private static final int AUTH = 15;
  private static final int ASCONF_ACK = 128;
  private static final int ASCONF = 193;
  private static final long ADD_IP = 0xC001;
  private static final long DELETE_IP = 0xC002;
  private static final long SET_PRIMARY = 0xC004;

  @Test
  void addSetPrimaryRemoveAreAuthenticatedAsconfChunksThePeerIsToldOf() throws Exception {
    SctpLoopResources loops = SctpLoopResources.create("asconf-wire", 2);
    BlockingQueue<SctpNotification> changes = new LinkedBlockingQueue<>();
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    DisposableSctpServer server =
        server(loops, changes, received, SctpMetrics.binder(registry, "asconf"));
    InetAddress first = InetAddress.getByName("127.0.0.1");
    InetAddress second = InetAddress.getByName("127.0.0.2");
    try (WireCapture wire =
        WireCapture.start("asconf", "lo", "sctp port " + server.address().getPort())) {
      SctpConnection c = client(loops, server, true);
      c.inbound().receive().subscribe(SctpInboundMessage::release);
      assertThat(c.channel().config().getOption(SctpChannelOptions.SCTP_ASCONF_SUPPORTED))
          .as("ASCONF negotiated")
          .isTrue();
      int port = c.localAddress().getPort();

      c.addLocalAddress(second).block(WAIT);
      awaitChange(changes, new InetSocketAddress(second, port), PeerAddressState.ADDED);
      c.requestPeerPrimary(second).block(WAIT);
      awaitChange(changes, new InetSocketAddress(second, port), PeerAddressState.MADE_PRIMARY);
      c.removeLocalAddress(first).block(WAIT);
      awaitChange(changes, new InetSocketAddress(first, port), PeerAddressState.REMOVED);
      c.outbound().send(Mono.just(SctpOutboundMessage.builder("after").build())).block(WAIT);
      assertThat(received.poll(WireKit.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("after");
      assertThat(c.channel().allLocalAddresses())
          .containsExactly(new InetSocketAddress(second, port));
      for (String change : List.of("added", "made_primary", "removed")) {
        Await.until(
            "the server's " + SctpMeterNames.PEER_ADDRESS_CHANGES + " " + change,
            WireKit.WAIT_SECONDS,
            () -> {
              Counter counter =
                  registry
                      .find(SctpMeterNames.PEER_ADDRESS_CHANGES)
                      .tag(SctpMeterNames.TAG_ADDRESS_CHANGE, change)
                      .counter();
              return counter != null && counter.count() >= 1;
            });
      }

      List<WireChunk> chunks = wire.stop();
      c.dispose();
      List<WireChunk> asconfs = chunks.stream().filter(k -> k.type() == ASCONF).toList();
      assertThat(asconfs).as("ASCONF chunks").allMatch(k -> k.sourcePort() == port);
      assertRequest(asconfs, ADD_IP, second);
      assertRequest(asconfs, SET_PRIMARY, second);
      assertRequest(asconfs, DELETE_IP, first);
      for (WireChunk k : asconfs) {
        assertThat(chunks)
            .as("an AUTH chunk before the ASCONF of frame %d", k.frame())
            .anyMatch(a -> a.frame() == k.frame() && a.type() == AUTH);
      }
      List<Long> acked =
          chunks.stream()
              .filter(k -> k.type() == ASCONF_ACK && k.destinationPort() == port)
              .map(k -> k.number("sctp.asconf_ack_seq_nr_number"))
              .toList();
      assertThat(acked)
          .as("the server's ASCONF-ACKs answer each ASCONF's sequence number")
          .containsAll(asconfs.stream().map(k -> k.number("sctp.asconf_seq_nr_number")).toList());
    } finally {
      server.disposeNow();
      loops.dispose();
    }
  }

  @Test
  void changesTheAssociationCannotCarryAreTypedErrorsAndLeaveItUp() throws Exception {
    SctpLoopResources loops = SctpLoopResources.create("asconf-errors", 2);
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    DisposableSctpServer server = server(loops, new LinkedBlockingQueue<>(), received, ch -> {});
    InetAddress first = InetAddress.getByName("127.0.0.1");
    InetAddress other = InetAddress.getByName("127.0.0.3");
    try {
      SctpConnection plain = client(loops, server, false);
      int port = plain.localAddress().getPort();
      assertThatThrownBy(() -> plain.addLocalAddress(other).block(WAIT))
          .isInstanceOfSatisfying(
              SctpAddressChangeException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(Reason.NOT_NEGOTIATED);
                assertThat(e.field()).isEqualTo("SCTP_ASCONF_SUPPORTED");
              });
      assertThat(plain.channel().allLocalAddresses())
          .as("the kernel's bind undone")
          .containsExactly(new InetSocketAddress(first, port));
      assertThatThrownBy(() -> plain.requestPeerPrimary(first).block(WAIT))
          .isInstanceOfSatisfying(
              SctpAddressChangeException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.NOT_NEGOTIATED))
          .hasMessageContaining("EPERM");

      SctpConnection c = client(loops, server, true);
      assertThatThrownBy(() -> c.removeLocalAddress(first).block(WAIT))
          .isInstanceOfSatisfying(
              SctpAddressChangeException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(Reason.LAST_ADDRESS);
                assertThat(e.field()).isEqualTo("address");
              })
          .hasMessageContaining("EBUSY");
      assertThatThrownBy(() -> c.requestPeerPrimary(other).block(WAIT))
          .isInstanceOfSatisfying(
              SctpAddressChangeException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(Reason.NOT_AN_ASSOCIATION_ADDRESS);
                assertThat(e.field()).isEqualTo("localAddress");
              })
          .hasMessageContaining("EADDRNOTAVAIL");
      for (SctpConnection up : List.of(plain, c)) {
        up.outbound().send(Mono.just(SctpOutboundMessage.builder("still up").build())).block(WAIT);
        assertThat(received.poll(WireKit.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("still up");
        up.dispose();
      }
    } finally {
      server.disposeNow();
      loops.dispose();
    }
  }

  @Test
  void aOneToManyEndpointsAddressReachesItsAssociationsOnlyWithAsconfOn() throws Exception {
    SctpLoopResources loops = SctpLoopResources.create("asconf-endpoint", 2);
    BlockingQueue<SctpNotification> changes = new LinkedBlockingQueue<>();
    DisposableSctpServer server = server(loops, changes, new LinkedBlockingQueue<>(), ch -> {});
    InetAddress added = InetAddress.getByName("127.0.0.2");
    List<DisposableSctpEndpoint> endpoints = new ArrayList<>();
    try {
      SctpAssociation plain = associate(endpoints, loops, server, false);
      assertThatThrownBy(() -> plain.addLocalAddress(added).block(WAIT))
          .isInstanceOfSatisfying(
              SctpAddressChangeException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(Reason.NOT_ENABLED);
                assertThat(e.field()).isEqualTo("SCTP_ASCONF_SUPPORTED");
              });

      SctpAssociation a = associate(endpoints, loops, server, true);
      int port = a.localAddress().getPort();
      a.addLocalAddress(added).block(WAIT);
      awaitChange(changes, new InetSocketAddress(added, port), PeerAddressState.ADDED);
      a.requestPeerPrimary(added).block(WAIT);
      awaitChange(changes, new InetSocketAddress(added, port), PeerAddressState.MADE_PRIMARY);
    } finally {
      endpoints.forEach(DisposableSctpEndpoint::disposeNow);
      server.disposeNow();
      loops.dispose();
    }
  }

  /** {@return the association a new one-to-many endpoint on 127.0.0.1 sets up with the server} */
  private static SctpAssociation associate(
      List<DisposableSctpEndpoint> endpoints,
      SctpLoopResources loops,
      DisposableSctpServer server,
      boolean dynamicAddresses) {
    DisposableSctpEndpoint endpoint =
        SctpEndpoint.create()
            .bindAddress("127.0.0.1", 0)
            .runOn(loops)
            .dynamicAddresses(dynamicAddresses)
            .bindNow(WAIT);
    endpoints.add(endpoint);
    Mono<SctpAssociation> first = endpoint.associations().next();
    endpoint
        .send(server.address(), Mono.just(SctpOutboundMessage.builder("hello").build()))
        .block(WAIT);
    return first.block(WAIT);
  }

  private static DisposableSctpServer server(
      SctpLoopResources loops,
      BlockingQueue<SctpNotification> changes,
      BlockingQueue<String> received,
      java.util.function.Consumer<io.netty.channel.Channel> init) {
    return SctpServer.create()
        .bindAddress("127.0.0.1", 0)
        .runOn(loops)
        .doOnChannelInit(init)
        .dynamicAddresses(true)
        .handle(
            (in, out) -> {
              in.notifications().subscribe(changes::add);
              return in.receive()
                  .doOnNext(
                      m -> {
                        received.add(m.content().toString(java.nio.charset.StandardCharsets.UTF_8));
                        m.release();
                      })
                  .then();
            })
        .bindNow(WAIT);
  }

  /** A client bound to 127.0.0.1 alone: a socket bound to the wildcard cannot add an address. */
  private static SctpConnection client(
      SctpLoopResources loops, DisposableSctpServer server, boolean dynamicAddresses) {
    return SctpClient.create()
        .remoteAddress(server.address())
        .localAddress(new InetSocketAddress("127.0.0.1", 0))
        .runOn(loops)
        .dynamicAddresses(dynamicAddresses)
        .connectNow(WAIT);
  }

  private static void assertRequest(List<WireChunk> asconfs, long parameter, InetAddress address) {
    assertThat(asconfs)
        .as("an ASCONF with parameter 0x%X for %s", parameter, address.getHostAddress())
        .anySatisfy(
            k -> {
              assertThat(k.all("sctp.parameter_type")).extracting(Long::decode).contains(parameter);
              // The chunk's own Address Parameter comes first; the request's address is the last.
              assertThat(k.all("sctp.parameter_ipv4_address"))
                  .last()
                  .isEqualTo(address.getHostAddress());
            });
  }

  private static void awaitChange(
      BlockingQueue<SctpNotification> changes, InetSocketAddress address, PeerAddressState state)
      throws InterruptedException {
    List<SctpNotification> seen = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WireKit.WAIT_SECONDS);
    for (long left; (left = deadline - System.nanoTime()) > 0; ) {
      SctpNotification n = changes.poll(left, TimeUnit.NANOSECONDS);
      if (n instanceof PeerAddressChange c && c.address().equals(address) && c.state() == state) {
        return;
      }
      if (n != null) {
        seen.add(n);
      }
    }
    throw new AssertionError(
        "the server was not told "
            + state
            + " for "
            + address
            + " within "
            + WireKit.WAIT_SECONDS
            + " s; seen: "
            + seen);
  }
}
