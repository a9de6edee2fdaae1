package io.reactorsctp.reactive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.reactorsctp.Await;
import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpNotification;
import io.reactorsctp.channel.SctpOutboundMessage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The reactive API on a real kernel SCTP association. */
class SctpReactiveTest {

  private final SctpLoopResources loops = SctpLoopResources.create("test", 2);

  @AfterEach
  void tearDown() {
    loops.dispose();
  }

  private static SctpOutboundMessage text(int stream, int ppid, String text) {
    ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer();
    b.writeCharSequence(text, StandardCharsets.UTF_8);
    return SctpOutboundMessage.builder(b).streamId(stream).ppid(ppid).build();
  }

  /**
   * Waits at most 30 s for a figure to stay the same for one second, and fails naming it if it
   * never did.
   */
  private static void awaitSteady(LongSupplier figure, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    long last = figure.getAsLong();
    long since = System.nanoTime();
    while (System.nanoTime() - since < TimeUnit.SECONDS.toNanos(1)) {
      if (System.nanoTime() > deadline) {
        fail("not within 30 s: " + what + " (last " + last + ")");
      }
      Thread.sleep(50);
      long now = figure.getAsLong();
      if (now != last) {
        last = now;
        since = System.nanoTime();
      }
    }
  }

  private static String textOf(SctpInboundMessage m) {
    try {
      return m.streamId() + "/" + m.ppid() + "/" + m.content().toString(StandardCharsets.UTF_8);
    } finally {
      m.release();
    }
  }

  private DisposableSctpServer echoServer() {
    return SctpServer.create()
        .bindAddress("127.0.0.1", 0)
        .runOn(loops)
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

  @Test
  void echoThroughServerHandlerAndClientConnection() {
    DisposableSctpServer server = echoServer();
    SctpConnection c =
        SctpClient.create().remoteAddress(server.address()).streams(4, 4).runOn(loops).connectNow();
    int count = 500;
    Mono<List<String>> replies =
        c.inbound().receive().take(count).map(SctpReactiveTest::textOf).collectList();
    Mono<Void> sent = c.outbound().send(Flux.range(0, count).map(i -> text(i % 4, 46, "m" + i)));
    List<String> got = sent.then(replies).block(Duration.ofSeconds(60));
    assertThat(got).hasSize(count);
    for (int s = 0; s < 4; s++) {
      int stream = s;
      assertThat(got.stream().filter(r -> r.startsWith(stream + "/")).toList())
          .as("stream %d in order", s)
          .containsExactlyElementsOf(
              Flux.range(0, count)
                  .filter(i -> i % 4 == stream)
                  .map(i -> stream + "/46/m" + i)
                  .collectList()
                  .block());
    }
    c.shutdown().block(Duration.ofSeconds(20));
    server.disposeNow();
  }

  @Test
  void withoutInboundDemandTheSenderIsHeldBackThenEverythingArrivesInOrder() throws Exception {
    AtomicReference<BaseSubscriber<SctpInboundMessage>> reader = new AtomicReference<>();
    List<Integer> received = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> readerDone = new CompletableFuture<>();
    DisposableSctpServer server =
        SctpServer.create()
            .bindAddress("127.0.0.1", 0)
            .runOn(loops)
            .option(ChannelOption.SO_RCVBUF, 32 * 1024)
            .handle(
                (in, out) -> {
                  BaseSubscriber<SctpInboundMessage> s =
                      new BaseSubscriber<>() {
                        @Override
                        protected void hookOnSubscribe(
                            org.reactivestreams.Subscription subscription) {
                          // no demand yet
                        }

                        @Override
                        protected void hookOnNext(SctpInboundMessage m) {
                          received.add(Numbered.take(m));
                        }

                        @Override
                        protected void hookOnComplete() {
                          readerDone.complete(null);
                        }
                      };
                  reader.set(s);
                  in.receive().subscribe(s);
                  return Mono.never();
                })
            .bindNow();
    SctpConnection c =
        SctpClient.create()
            .remoteAddress(server.address())
            .runOn(loops)
            .option(ChannelOption.SO_SNDBUF, 32 * 1024)
            .connectNow();

    int count = 3000;
    AtomicLong requested = new AtomicLong();
    Flux<SctpOutboundMessage> source =
        Flux.range(0, count)
            .map(
                i -> {
                  ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(1024);
                  b.writeInt(i).writeZero(1020);
                  return SctpOutboundMessage.builder(b).streamId(0).build();
                })
            .doOnRequest(requested::addAndGet);
    CompletableFuture<Void> sent = c.outbound().send(source).toFuture();

    // Held back: the client's buffers fill (its channel turns unwritable) and its demand on the
    // source stops growing. Only then is "not done, nothing received" evidence; the reader's later
    // demand proves it was alive.
    Await.until(
        "the client's buffers fill while the reader requests nothing",
        30,
        () -> !c.channel().isWritable());
    awaitSteady(requested::get, "the demand on the source stops growing");
    assertThat(sent).as("the send waits while the reader requests nothing").isNotDone();
    assertThat(requested.get()).as("demand stopped well before the whole source").isLessThan(count);
    assertThat(received).isEmpty();

    reader.get().request(Long.MAX_VALUE);
    sent.get(120, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (received.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(received).hasSize(count);
    assertThat(received).isSorted().doesNotHaveDuplicates();
    c.shutdown().block(Duration.ofSeconds(20));
    server.disposeNow();
  }

  @Test
  void aFailedSendNamesTheMessageAndNotificationsFlow() {
    DisposableSctpServer server = echoServer();
    SctpConnection c =
        SctpClient.create().remoteAddress(server.address()).streams(2, 2).runOn(loops).connectNow();
    List<SctpNotification> notifications = new CopyOnWriteArrayList<>();
    c.inbound().notifications().subscribe(notifications::add);
    c.outbound().send(Mono.just(text(1, 46, "hello"))).block(Duration.ofSeconds(20));
    assertThat(
            c.inbound()
                .receive()
                .take(1)
                .map(SctpReactiveTest::textOf)
                .blockFirst(Duration.ofSeconds(20)))
        .isEqualTo("1/46/hello");
    assertThat(notifications)
        .anySatisfy(
            n ->
                assertThat(n)
                    .isInstanceOfSatisfying(
                        SctpNotification.AssociationChange.class,
                        a ->
                            assertThat(a.state())
                                .isEqualTo(SctpNotification.AssociationState.COMMUNICATION_UP)));

    SctpOutboundMessage bad =
        SctpOutboundMessage.builder(PooledByteBufAllocator.DEFAULT.directBuffer().writeByte(1))
            .streamId(5)
            .ppid(46)
            .context(777)
            .build();
    Throwable error =
        c.outbound()
            .send(Mono.just(bad))
            .materialize()
            .block(Duration.ofSeconds(20))
            .getThrowable();
    assertThat(error)
        .isInstanceOf(SctpSendException.class)
        .hasMessageContaining("stream 5")
        .hasMessageContaining("context 777")
        .hasMessageContaining("0..1");
    assertThat(((SctpSendException) error).context()).isEqualTo(777);
    assertThat(c.isDisposed()).isFalse();
    c.shutdown().block(Duration.ofSeconds(20));
    server.disposeNow();
  }

  @Test
  void connectingWithoutAListenerFailsTyped() {
    Throwable error =
        SctpClient.create()
            .remoteAddress(new InetSocketAddress("127.0.0.1", 9))
            .runOn(loops)
            .connect()
            .materialize()
            .block(Duration.ofSeconds(30))
            .getThrowable();
    assertThat(error)
        .isInstanceOf(io.reactorsctp.SctpNativeException.class)
        .hasMessageContaining("ECONNREFUSED");
  }

  @Test
  void echoOverTenStreamsMixedOrderedAndUnorderedFieldByField() {
    DisposableSctpServer server = echoServerKeepingUnordered();
    SctpConnection c =
        SctpClient.create()
            .remoteAddress(server.address())
            .streams(10, 10)
            .runOn(loops)
            .connectNow();
    int count = 200;
    List<SctpOutboundMessage> out = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(
          SctpOutboundMessage.builder("msg-" + i)
              .streamId(i % 10)
              .ppid(i % 2 == 0 ? 46 : 3)
              .unordered(i % 5 == 0)
              .build());
    }
    java.util.Map<Integer, List<Integer>> orderedPerStream =
        new java.util.concurrent.ConcurrentHashMap<>();
    reactor.test.StepVerifier.create(
            c.outbound().send(Flux.fromIterable(out)).thenMany(c.inbound().receive().take(count)))
        .thenConsumeWhile(
            m -> {
              try {
                int i = Integer.parseInt(m.content().toString(StandardCharsets.UTF_8).substring(4));
                assertThat(m.streamId()).isEqualTo(i % 10);
                assertThat(m.ppid()).isEqualTo(i % 2 == 0 ? 46 : 3);
                assertThat(m.isUnordered()).isEqualTo(i % 5 == 0);
                if (!m.isUnordered()) {
                  orderedPerStream
                      .computeIfAbsent(m.streamId(), k -> new CopyOnWriteArrayList<>())
                      .add(i);
                }
                return true;
              } finally {
                m.release();
              }
            })
        .expectComplete()
        .verify(Duration.ofSeconds(60));
    assertThat(orderedPerStream.values()).allSatisfy(list -> assertThat(list).isSorted());
    assertThat(orderedPerStream.values().stream().mapToInt(List::size).sum())
        .isEqualTo(count - count / 5);
    c.shutdown().block(Duration.ofSeconds(20));
    server.disposeNow();
  }

  private DisposableSctpServer echoServerKeepingUnordered() {
    return SctpServer.create()
        .bindAddress("127.0.0.1", 0)
        .runOn(loops)
        .streams(10, 10)
        .handle(
            (in, out) ->
                out.send(
                    in.receive()
                        .map(
                            m ->
                                SctpOutboundMessage.builder(m.content())
                                    .streamId(m.streamId())
                                    .ppid(m.ppid())
                                    .unordered(m.isUnordered())
                                    .build())))
        .bindNow();
  }

  @Test
  void peerAbortMidSendAndSendOnAClosedConnectionAreTypedErrors() throws Exception {
    CompletableFuture<SctpAssociation> serverSide = new CompletableFuture<>();
    DisposableSctpServer server =
        SctpServer.create()
            .bindAddress("127.0.0.1", 0)
            .runOn(loops)
            .handle(
                (in, out) -> {
                  serverSide.complete(in.connection());
                  return Mono.never();
                })
            .bindNow();
    SctpConnection c =
        SctpClient.create()
            .remoteAddress(server.address())
            .runOn(loops)
            .option(ChannelOption.SO_SNDBUF, 16 * 1024)
            .connectNow();
    SctpAssociation peer = serverSide.get(20, TimeUnit.SECONDS);

    // The server reads nothing, so the endless send fills the buffers and waits; then the peer
    // aborts.
    CompletableFuture<Void> sending =
        c.outbound()
            .send(
                Flux.range(0, Integer.MAX_VALUE)
                    .map(i -> SctpOutboundMessage.builder(new byte[512]).context(i).build()))
            .toFuture();
    Await.until(
        "the client's buffers fill while the server reads nothing",
        30,
        () -> !c.channel().isWritable());
    assertThat(sending).isNotDone();
    peer.abort();
    assertThat(sending)
        .failsWithin(Duration.ofSeconds(30))
        .withThrowableThat()
        .havingCause()
        .isInstanceOfAny(SctpSendException.class, java.nio.channels.ClosedChannelException.class);
    c.onDispose().block(Duration.ofSeconds(30));

    Throwable afterClose =
        c.outbound()
            .send(Mono.just(SctpOutboundMessage.builder("late").build()))
            .materialize()
            .block(Duration.ofSeconds(20))
            .getThrowable();
    assertThat(afterClose)
        .isInstanceOfAny(SctpSendException.class, java.nio.channels.ClosedChannelException.class);
    server.disposeNow();
  }

  @Test
  void cancellingReceiveStopsReadingAndLeavesTheRestInTheKernel() throws Exception {
    DisposableSctpServer server = echoServer();
    SctpConnection c =
        SctpClient.create().remoteAddress(server.address()).runOn(loops).connectNow();
    c.outbound()
        .send(Flux.range(0, 20).map(i -> text(0, 46, "m" + i)))
        .block(Duration.ofSeconds(20));
    List<String> first =
        c.inbound()
            .receive()
            .take(5)
            .map(SctpReactiveTest::textOf)
            .collectList()
            .block(Duration.ofSeconds(20));
    assertThat(first).containsExactly("0/46/m0", "0/46/m1", "0/46/m2", "0/46/m3", "0/46/m4");
    // The cancel reaches the channel on its event loop: wait (bounded) for reading to stop.
    Await.until("reading stopped after cancel", 30, () -> !c.channel().config().isAutoRead());
    c.shutdown().block(Duration.ofSeconds(20));
    server.disposeNow();
  }

  @Test
  void cancellingReceiveClosingOnCancelEndsTheAssociation() throws Exception {
    DisposableSctpServer server = echoServer();
    SctpConnection c =
        SctpClient.create().remoteAddress(server.address()).runOn(loops).connectNow();
    c.outbound()
        .send(Flux.range(0, 3).map(i -> text(0, 46, "m" + i)))
        .block(Duration.ofSeconds(20));
    assertThat(
            c.inbound()
                .receiveClosingOnCancel()
                .take(1)
                .map(SctpReactiveTest::textOf)
                .blockFirst(Duration.ofSeconds(20)))
        .isEqualTo("0/46/m0");
    c.onDispose().block(Duration.ofSeconds(30));
    assertThat(c.isDisposed()).isTrue();
    server.disposeNow();
  }

  @Test
  void multiHomedServerAndClient() throws Exception {
    java.net.InetAddress one = java.net.InetAddress.getByName("127.0.0.1");
    java.net.InetAddress two = java.net.InetAddress.getByName("127.0.0.2");
    DisposableSctpServer server =
        SctpServer.create()
            .runOn(loops)
            .bindAddresses(List.of(new InetSocketAddress(one, 0), new InetSocketAddress(two, 0)))
            .handle(
                (in, out) ->
                    out.send(
                        in.receive().map(m -> SctpOutboundMessage.builder(m.content()).build())))
            .bindNow();
    int port = server.port();
    SctpConnection c =
        SctpClient.create()
            .runOn(loops)
            .remoteAddresses(
                List.of(new InetSocketAddress(one, port), new InetSocketAddress(two, port)))
            .connectNow();
    assertThat(c.channel().allRemoteAddresses())
        .containsExactlyInAnyOrder(
            new InetSocketAddress(one, port), new InetSocketAddress(two, port));
    String echoed =
        c.outbound()
            .send(Mono.just(SctpOutboundMessage.builder("multi-homed").build()))
            .thenMany(c.inbound().receive().take(1))
            .map(SctpReactiveTest::textOf)
            .blockLast(Duration.ofSeconds(20));
    assertThat(echoed).isEqualTo("0/0/multi-homed");
    c.shutdown().block(Duration.ofSeconds(20));
    server.disposeNow();
  }
}
