package io.reactorsctp.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelOption;
import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpOutboundMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Per-message outcomes on a real kernel: every message sent with receipts gets exactly one result.
 */
class DeliveryReceiptsTest {

  private final SctpLoopResources loops = SctpLoopResources.create("receipts-test", 2);

  @AfterEach
  void tearDown() {
    loops.dispose();
  }

  private DisposableSctpServer draining() {
    return SctpServer.create()
        .bindAddress("127.0.0.1", 0)
        .runOn(loops)
        .handle((in, out) -> in.receive().doOnNext(SctpInboundMessage::release).then())
        .bindNow();
  }

  /** Each index exactly once, and the results' own fields. */
  private static Map<SendResult.Outcome, Long> check(List<SendResult> results, long messages) {
    assertThat(results).hasSize((int) messages);
    assertThat(results.stream().map(SendResult::index).sorted().toList())
        .isEqualTo(java.util.stream.LongStream.range(0, messages).boxed().toList());
    for (SendResult r : results) {
      assertThat(r.context()).as("the message's own context").isEqualTo((int) r.index() + 1000);
    }
    return results.stream()
        .collect(Collectors.groupingBy(SendResult::outcome, Collectors.counting()));
  }

  @Test
  void everyMessageAcknowledgedAndARefusedOneFailsAlone() {
    DisposableSctpServer server = draining();
    SctpConnection c =
        SctpClient.create().remoteAddress(server.address()).streams(4, 4).runOn(loops).connectNow();
    int messages = 300;
    Flux<SctpOutboundMessage> source =
        Flux.range(0, messages)
            .map(
                i ->
                    SctpOutboundMessage.builder("m" + i)
                        .streamId(i == 150 ? 9 : i % 4)
                        .ppid(46)
                        .context(1000 + i)
                        .build());
    List<SendResult> results =
        c.outbound().sendWithReceipts(source).collectList().block(Duration.ofSeconds(60));
    Map<SendResult.Outcome, Long> outcomes = check(results, messages);
    assertThat(outcomes)
        .containsEntry(SendResult.Outcome.ACKNOWLEDGED, (long) messages - 1)
        .containsEntry(SendResult.Outcome.FAILED, 1L);
    SendResult refused =
        results.stream().filter(r -> r.outcome() == SendResult.Outcome.FAILED).findFirst().get();
    assertThat(refused.index()).isEqualTo(150);
    assertThat(refused.streamId()).isEqualTo(9);
    assertThat(refused.error()).hasMessageContaining("streamId");
    c.dispose();
    server.disposeNow();
  }

  @Test
  void partialReliabilityUnderAStalledReceiverAccountsForEveryMessage() {
    // The server reads nothing: its receive window closes and messages expire in the sender's
    // queue.
    DisposableSctpServer server =
        SctpServer.create()
            .bindAddress("127.0.0.1", 0)
            .runOn(loops)
            .option(ChannelOption.SO_RCVBUF, 16 * 1024)
            .handle((in, out) -> Mono.never())
            .bindNow();
    SctpConnection c =
        SctpClient.create()
            .remoteAddress(server.address())
            .runOn(loops)
            .option(ChannelOption.SO_SNDBUF, 1024 * 1024)
            .connectNow();
    // The kernel's reports arrive through the inbound side: a client keeps reading.
    c.inbound().receive().subscribe(SctpInboundMessage::release);
    int messages = 400;
    Flux<SctpOutboundMessage> source =
        Flux.range(0, messages)
            .map(
                i ->
                    SctpOutboundMessage.builder(new byte[1024]).ttl(100).context(1000 + i).build());
    List<SendResult> results =
        c.outbound().sendWithReceipts(source).collectList().block(Duration.ofSeconds(90));
    Map<SendResult.Outcome, Long> outcomes = check(results, messages);
    assertThat(outcomes.getOrDefault(SendResult.Outcome.ABANDONED, 0L))
        .as("abandoned, reported by the kernel: %s", outcomes)
        .isPositive();
    assertThat(outcomes)
        .containsOnlyKeys(
            SendResult.Outcome.ABANDONED, SendResult.Outcome.ACKNOWLEDGED_OR_ABANDONED);
    System.out.println("PR-SCTP receipts under a stalled receiver: " + outcomes);
    c.dispose();
    server.disposeNow();
  }

  @Test
  void peerAbortMidStreamFailsWhatWasNotAcknowledged() throws Exception {
    CompletableFuture<SctpAssociation> serverSide = new CompletableFuture<>();
    DisposableSctpServer server =
        SctpServer.create()
            .bindAddress("127.0.0.1", 0)
            .runOn(loops)
            .handle(
                (in, out) -> {
                  serverSide.complete(in.connection());
                  return Mono.never(); // reads nothing
                })
            .bindNow();
    SctpConnection c =
        SctpClient.create()
            .remoteAddress(server.address())
            .runOn(loops)
            .option(ChannelOption.SO_SNDBUF, 64 * 1024)
            .connectNow();
    c.inbound().receive().subscribe(SctpInboundMessage::release, error -> {});
    AtomicLong taken = new AtomicLong();
    Flux<SctpOutboundMessage> endless =
        Flux.range(0, Integer.MAX_VALUE)
            .map(i -> SctpOutboundMessage.builder(new byte[512]).context(1000 + i).build())
            .doOnNext(m -> taken.incrementAndGet());
    List<SendResult> results = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Throwable> ended = new CompletableFuture<>();
    c.outbound()
        .sendWithReceipts(endless)
        .subscribe(results::add, ended::complete, () -> ended.complete(null));
    SctpAssociation peer = serverSide.get(30, TimeUnit.SECONDS);
    // Let the buffers fill, then the peer aborts.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (taken.get() < 200 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(taken.get()).as("messages taken before the peer aborts").isGreaterThanOrEqualTo(200);
    Thread.sleep(500);
    peer.abort();
    Throwable end = ended.get(60, TimeUnit.SECONDS);
    assertThat(end)
        .as("the flux errors after the last result, as sending stopped early")
        .isNotNull();
    Map<SendResult.Outcome, Long> outcomes = check(List.copyOf(results), taken.get());
    assertThat(outcomes.getOrDefault(SendResult.Outcome.FAILED, 0L))
        .as("%s", outcomes)
        .isPositive();
    assertThat(outcomes)
        .doesNotContainKey(SendResult.Outcome.ABANDONED)
        .doesNotContainKey(SendResult.Outcome.UNCONFIRMED);
    System.out.println(
        "receipts after a peer abort: " + outcomes + " of " + taken.get() + " taken");
    server.disposeNow();
  }
}
