package io.reactorsctp.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.reactorsctp.channel.SctpOutboundMessage;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * 40 000 messages of 1 280 B (51 MB) from a producer that never waits into a consumer that first
 * takes one message per millisecond: nothing is lost, order holds per stream, and the buffers held
 * in the process stay bounded by the backpressure, not by the producer's speed. (It sent 200 000 of
 * 256 B, the same 51 MB, in 133 s of a CI run; the cost is per message, the bound is in bytes.)
 */
class SlowConsumerTest {

  private static final int MESSAGES = 40_000;
  private static final int SLOW_PART = 2_000;
  private static final int STREAMS = 10;
  private static final int SIZE = 1280;

  @Test
  void noLossOrderPerStreamAndBoundedBuffers() throws Exception {
    SctpLoopResources loops = SctpLoopResources.create("slow", 2);
    try {
      AtomicInteger received = new AtomicInteger();
      AtomicInteger outOfOrder = new AtomicInteger();
      int[] lastPerStream = new int[STREAMS];
      java.util.Arrays.fill(lastPerStream, -1);
      CompletableFuture<Void> allReceived = new CompletableFuture<>();
      DisposableSctpServer server =
          SctpServer.create()
              .bindAddress("127.0.0.1", 0)
              .runOn(loops)
              .streams(STREAMS, STREAMS)
              .handle(
                  (in, out) ->
                      in.receive()
                          .concatMap(
                              m ->
                                  received.get() < SLOW_PART
                                      ? Mono.delay(Duration.ofMillis(1)).thenReturn(m)
                                      : Mono.just(m),
                              1)
                          .doOnNext(
                              m -> {
                                int seq = Numbered.numberOf(m);
                                if (seq <= lastPerStream[m.streamId()]) {
                                  outOfOrder.incrementAndGet();
                                }
                                lastPerStream[m.streamId()] = seq;
                                m.release();
                                if (received.incrementAndGet() == MESSAGES) {
                                  allReceived.complete(null);
                                }
                              })
                          .then())
              .bindNow();
      SctpConnection c =
          SctpClient.create()
              .remoteAddress(server.address())
              .streams(STREAMS, STREAMS)
              .runOn(loops)
              .connectNow();

      AtomicLong maxDirectBytes = new AtomicLong();
      io.netty.buffer.PooledByteBufAllocatorMetric metric = PooledByteBufAllocator.DEFAULT.metric();
      reactor.core.Disposable sampler =
          Flux.interval(Duration.ofMillis(20))
              .subscribe(
                  t -> maxDirectBytes.accumulateAndGet(metric.usedDirectMemory(), Math::max));
      Flux<SctpOutboundMessage> producer =
          Flux.range(0, MESSAGES)
              .map(
                  i -> {
                    ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(SIZE);
                    b.writeInt(i).writeZero(SIZE - 4);
                    return SctpOutboundMessage.builder(b).streamId(i % STREAMS).build();
                  });
      c.outbound().send(producer).block(Duration.ofSeconds(400));
      allReceived.get(400, TimeUnit.SECONDS);
      sampler.dispose();

      assertThat(received.get()).isEqualTo(MESSAGES);
      assertThat(outOfOrder.get()).as("messages out of order within their stream").isZero();
      // Unbounded buffering would hold 40 000 x 1 280 B = 51 MB; backpressure keeps the pools at a
      // few chunks.
      assertThat(maxDirectBytes.get())
          .as("most pooled direct memory in use while sending")
          .isLessThan(24L * 1024 * 1024);
      System.out.printf(
          "slow consumer: %d messages, max pooled direct memory %d KiB%n",
          MESSAGES, maxDirectBytes.get() / 1024);
      c.shutdown().block(Duration.ofSeconds(20));
      server.disposeNow();
    } finally {
      loops.dispose();
    }
  }
}
