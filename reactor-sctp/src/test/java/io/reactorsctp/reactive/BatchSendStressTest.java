package io.reactorsctp.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.reactorsctp.AssociationState;
import io.reactorsctp.Await;
import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpOutboundMessage;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The benchmark's reactive peer in a test (benchmarks/findings.md section 10: once, 106 of a batch
 * of 250 never reached the receiving handler): batches of 250 messages of 64 B, each one {@code
 * outbound().send(Flux)} blocked on, then waited for at the receiver before the next, client and
 * server each on a single-threaded loop. Every message must arrive exactly once and in order. The
 * pausing receiver stops its demand once per batch, so that reading stops (autoRead off), the rest
 * of the batch piles up in the receiver's kernel and its window closes; reading, and the sender,
 * must resume. (A batch of 250 small messages fits the sender's buffer: neither receiver makes the
 * sender meet EAGAIN; {@code SlowConsumerTest} covers that.) A batch that does not arrive is
 * reported with both ends' association status and the kernel's SCTP counters, which tell whether
 * the messages sit in the sender's kernel, in the receiver's, or nowhere.
 */
class BatchSendStressTest {

  private static final int BATCH = 250;
  private static final int SIZE = 64;
  private static final long BATCH_SECONDS = 20;

  @Test
  void fastReceiverGetsEveryBatchExactlyOnceInOrder() throws Exception {
    run("fast", 60, in -> in);
  }

  @Test
  void pausingReceiverGetsEveryBatchExactlyOnceInOrder() throws Exception {
    // The 11th message of every batch waits 30 ms: the 32 behind it fill concatMap's queue, demand
    // stops, and the rest of the batch piles up in the receiver's kernel until its window closes.
    run(
        "pausing",
        40,
        in ->
            in.concatMap(
                m ->
                    Numbered.numberOf(m) % BATCH == 10
                        ? Mono.delay(Duration.ofMillis(30)).thenReturn(m)
                        : Mono.just(m),
                32));
  }

  private void run(
      String name,
      int batches,
      Function<Flux<SctpInboundMessage>, Flux<SctpInboundMessage>> receiver)
      throws Exception {
    SctpLoopResources serverLoops = SctpLoopResources.create(name + "-server", 1);
    SctpLoopResources clientLoops = SctpLoopResources.create(name + "-client", 1);
    AtomicInteger arrived = new AtomicInteger();
    AtomicInteger outOfOrder = new AtomicInteger();
    AtomicInteger next = new AtomicInteger(); // the sequence number the receiver expects next
    AtomicReference<SctpConnection> serverSide = new AtomicReference<>();
    DisposableSctpServer server = null;
    SctpConnection client = null;
    try {
      server =
          SctpServer.create()
              .bindAddress("127.0.0.1", 0)
              .runOn(serverLoops)
              .doOnConnection(serverSide::set)
              .handle(
                  (in, out) ->
                      receiver
                          .apply(in.receive())
                          .doOnNext(
                              m -> {
                                int seq = Numbered.numberOf(m);
                                if (seq != next.getAndSet(seq + 1)) {
                                  outOfOrder.incrementAndGet();
                                }
                                m.release();
                                arrived.incrementAndGet();
                              })
                          .then())
              .bindNow();
      client = SctpClient.create().remoteAddress(server.address()).runOn(clientLoops).connectNow();
      long t3Before = AssociationState.snmp("SctpT3RtxExpireds");
      long start = System.nanoTime();
      int sent = 0;
      for (int b = 0; b < batches; b++) {
        int first = sent;
        client
            .outbound()
            .send(Flux.range(first, BATCH).map(BatchSendStressTest::message))
            .block(Duration.ofSeconds(BATCH_SECONDS));
        sent += BATCH;
        int target = sent;
        SctpConnection c = client;
        try {
          Await.until(
              "batch " + b + " of " + name + ": " + target + " messages arrived",
              BATCH_SECONDS,
              () -> arrived.get() >= target);
        } catch (AssertionError e) {
          throw new AssertionError(
              e.getMessage() + "; " + arrived.get() + " did\n" + state(c, serverSide.get()), e);
        }
      }
      assertThat(arrived.get()).isEqualTo(sent);
      assertThat(next.get()).as("the sequence number expected next").isEqualTo(sent);
      assertThat(outOfOrder.get()).as("messages out of order, lost or repeated").isZero();
      System.out.printf(
          "%s receiver: %d batches of %d arrived whole in %.1f s; sender EAGAINs %d, T3 expirations"
              + " %d%n",
          name,
          batches,
          BATCH,
          (System.nanoTime() - start) / 1e9,
          client.channel().eagainCount(),
          AssociationState.snmp("SctpT3RtxExpireds") - t3Before);
    } finally {
      if (client != null) {
        client.shutdown().block(Duration.ofSeconds(10));
      }
      if (server != null) {
        server.disposeNow(Duration.ofSeconds(10));
      }
      clientLoops.dispose();
      serverLoops.dispose();
    }
  }

  private static SctpOutboundMessage message(int seq) {
    ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(SIZE);
    b.writeInt(seq).writeZero(SIZE - 4);
    return SctpOutboundMessage.builder(b).build();
  }

  /** Where the missing messages are: each end's view of the association and the kernel's. */
  private static String state(SctpConnection client, SctpConnection server) {
    return "client writable: "
        + client.channel().isWritable()
        + ", EAGAINs: "
        + client.channel().eagainCount()
        + "\n"
        + AssociationState.of(client.channel(), server == null ? null : server.channel());
  }
}
