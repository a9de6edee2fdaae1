package io.reactorsctp.reactive;

import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.AttributeKey;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.metrics.SctpMetrics;
import io.reactorsctp.reactive.SctpConnectionObserver.State;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What a reactor-netty user looks for (docs/reactive.md, "For reactor-netty users"), on a real
 * kernel: one echo server shared by every test, each test its own short-lived client.
 */
class ReactorNettyParityTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final AttributeKey<String> KEY = AttributeKey.valueOf("parity.key");
  private static final String WIRETAP = "io.reactorsctp.test.parity.wiretap";
  // Held: java.util.logging keeps loggers weakly, and the level set here must stay.
  private static final Logger WIRETAP_LOG = Logger.getLogger(WIRETAP);

  private static SctpLoopResources loops;
  private static DisposableSctpServer server;
  private static final List<SctpServerTransportConfig> binding = new CopyOnWriteArrayList<>();
  private static final List<DisposableSctpServer> bound = new CopyOnWriteArrayList<>();
  private static final BlockingQueue<SctpConnection> accepted = new LinkedBlockingQueue<>();

  @BeforeAll
  static void bindEchoServer() {
    loops = SctpLoopResources.create("parity", 2);
    server =
        SctpServer.create()
            .bindAddress("127.0.0.1", 0)
            .runOn(loops)
            .attr(KEY, "listening")
            .childAttr(KEY, "association")
            .doOnBind(binding::add)
            .doOnBound(bound::add)
            .doOnConnection(accepted::add)
            .handle(
                (in, out) ->
                    out.send(
                        in.receive()
                            .map(
                                m ->
                                    SctpOutboundMessage.builder(m.content())
                                        .streamId(m.streamId())
                                        .ppid(m.ppid())
                                        .build())))
            .bindNow();
  }

  @AfterAll
  static void dispose() {
    server.disposeNow();
    loops.dispose();
  }

  private static SctpClient client() {
    return SctpClient.create().remoteAddress(server.address()).runOn(loops);
  }

  /** {@return the server's side of {@code client}, as doOnConnection gave it, or null} */
  private static SctpConnection acceptedFrom(SctpConnection client) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    for (long left; (left = deadline - System.nanoTime()) > 0; ) {
      SctpConnection a = accepted.poll(left, NANOSECONDS);
      if (a != null && a.remoteAddress().getPort() == client.localAddress().getPort()) {
        return a;
      }
    }
    return null;
  }

  @Test
  void serverBindHooksAttributesAndEachConnection() throws InterruptedException {
    assertThat(binding).hasSize(1);
    assertThat(binding.getFirst().bindAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", 0));
    assertThat(bound).containsExactly(server);
    assertThat(server.channel().attr(KEY).get()).isEqualTo("listening");

    SctpConnection c = client().connectNow();
    SctpConnection serverSide = acceptedFrom(c);
    assertThat(serverSide).as("doOnConnection").isNotNull();
    assertThat(serverSide.channel().attr(KEY).get()).isEqualTo("association");
    c.dispose();
  }

  @Test
  void clientHostPortLifecycleHooksAndObserver() throws Exception {
    CompletableFuture<SctpClientConfig> connecting = new CompletableFuture<>();
    CompletableFuture<SctpConnection> connected = new CompletableFuture<>();
    CompletableFuture<SctpConnection> disconnected = new CompletableFuture<>();
    List<State> states = new CopyOnWriteArrayList<>();

    SctpConnection c =
        SctpClient.create()
            .port(server.port())
            .host("127.0.0.1")
            .runOn(loops)
            .attr(KEY, "client")
            .doOnConnect(connecting::complete)
            .doOnConnected(connected::complete)
            // Observers run in the order they were added (then()): this one records each state
            // before the doOnDisconnected hook completes the future the test waits on.
            .observe((association, state) -> states.add(state))
            .doOnDisconnected(disconnected::complete)
            .connectNow();

    assertThat(connecting.getNow(null).remoteAddress())
        .isEqualTo(InetSocketAddress.createUnresolved("127.0.0.1", server.port()));
    assertThat(c.remoteAddress()).isEqualTo(server.address());
    assertThat(connected.getNow(null)).isSameAs(c);
    assertThat(c.channel().attr(KEY).get()).isEqualTo("client");
    assertThat(states).containsExactly(State.CONNECTED);

    c.outbound().sendString(Mono.just("ping")).block(WAIT);
    assertThat(c.inbound().receive().asString().blockFirst(WAIT)).isEqualTo("ping");

    c.dispose();
    assertThat(disconnected.get(WAIT.toSeconds(), SECONDS)).isSameAs(c);
    assertThat(states).containsExactly(State.CONNECTED, State.DISCONNECTED);
  }

  @Test
  void stringAndByteArrayConveniences() {
    SctpConnection c = client().connectNow();
    byte[] raw = {0, 1, 2, (byte) 0xFF};

    c.outbound()
        .sendString(Flux.just("héllo"))
        .then(c.outbound().sendString(Mono.just("wörld"), StandardCharsets.UTF_16BE))
        .then(c.outbound().sendByteArray(Mono.just(raw)))
        .block(WAIT);
    List<byte[]> echoed = c.inbound().receive().asByteArray().take(3).collectList().block(WAIT);

    assertThat(echoed)
        .containsExactly(
            "héllo".getBytes(StandardCharsets.UTF_8),
            "wörld".getBytes(StandardCharsets.UTF_16BE),
            raw);
    c.dispose();
  }

  @Test
  void wiretapLogsEachMessageWithItsFieldsAndPayload() {
    List<String> logged = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            logged.add(record.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    WIRETAP_LOG.setLevel(Level.FINE);
    WIRETAP_LOG.addHandler(capture);
    try {
      SctpConnection c = client().wiretap(WIRETAP, true).connectNow();
      c.outbound()
          .send(Mono.just(SctpOutboundMessage.builder("tap").streamId(1).ppid(46).build()))
          .block(WAIT);
      assertThat(c.inbound().receive().asString().blockFirst(WAIT)).isEqualTo("tap");
      c.dispose();
    } finally {
      WIRETAP_LOG.removeHandler(capture);
    }

    assertThat(logged)
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("WRITE SctpOutboundMessage(stream=1, ppid=46")
                    .contains("74 61 70")); // "tap" in the hex dump
    assertThat(logged)
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("READ SctpInboundMessage(stream=1")
                    .contains("ppid=46")
                    .contains("assoc=")
                    .contains("74 61 70"));
  }

  @Test
  void metricsTrueInstrumentsTheChannel() {
    SctpConnection c = client().metrics(true, "parity-client").connectNow();

    assertThat(c.channel().pipeline().get(SctpMetrics.HANDLER_NAME)).isNotNull();
    assertThat(client().metrics(true).metrics(false).configuration().isMetricsEnabled()).isFalse();
    c.dispose();
  }

  @Test
  void endpointBindsUntilDisposedWithItsHooks() throws Exception {
    CompletableFuture<DisposableSctpEndpoint> started = new CompletableFuture<>();
    CompletableFuture<DisposableSctpEndpoint> unbound = new CompletableFuture<>();
    BlockingQueue<SctpAssociation> associations = new LinkedBlockingQueue<>();
    Thread main =
        Thread.ofPlatform()
            .name("parity-endpoint-main")
            .start(
                () ->
                    SctpEndpoint.create()
                        .bindAddress("127.0.0.1", 0)
                        .runOn(loops)
                        .doOnConnection(associations::add)
                        .doOnUnbound(unbound::complete)
                        .bindUntilJavaShutdown(Duration.ofSeconds(5), started::complete));

    DisposableSctpEndpoint endpoint = started.get(WAIT.toSeconds(), SECONDS);
    try {
      SctpConnection c =
          SctpClient.create().remoteAddress(endpoint.address()).runOn(loops).connectNow();
      SctpAssociation association = associations.poll(WAIT.toSeconds(), SECONDS);
      assertThat(association).as("doOnConnection").isNotNull();
      assertThat(association.remoteAddress().getPort()).isEqualTo(c.localAddress().getPort());
      assertThat(main.isAlive()).as("blocks while bound").isTrue();
      c.dispose();
    } finally {
      endpoint.dispose();
    }
    main.join(WAIT);
    assertThat(main.isAlive()).as("returns once disposed").isFalse();
    assertThat(unbound.get(WAIT.toSeconds(), SECONDS)).isSameAs(endpoint);
  }

  @Test
  void warmupStartsEveryEventLoopBeforeAnyChannel() {
    SctpLoopResources cold = SctpLoopResources.create("parity-warmup", 2);
    try {
      SctpClient.create().runOn(cold).warmup().block(WAIT);

      assertThat(
              Thread.getAllStackTraces().keySet().stream()
                  .filter(t -> t.getName().startsWith("parity-warmup-epoll"))
                  .count())
          .isEqualTo(2);
    } finally {
      cold.dispose();
    }
  }
}
