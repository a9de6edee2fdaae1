package io.reactorsctp.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.reactorsctp.LeakWatch;
import io.reactorsctp.channel.SctpOutboundMessage;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A bounded soak: clients in parallel, each in rounds of connect, echo with delivery receipts,
 * graceful shutdown, against one echo server, for {@code reactorsctp.soakSeconds} (20 s by default;
 * a few minutes for the figures in docs/reliability.md). The heap after a full GC, the pooled
 * direct memory and the open file descriptors are sampled at ten intervals while it runs, and once
 * more after it stopped: they must not grow with the number of associations and messages (a leak
 * check with generous bounds, not a timing check). Every round checks its echoes (each once, in
 * order) and its receipts (all acknowledged).
 */
class SoakTest {

  static final long SOAK_SECONDS = Long.getLong("reactorsctp.soakSeconds", 20);
  static final int CLIENTS = 3;
  static final int ROUND_MESSAGES = 200;
  static final int SIZE = 512;
  static final int SAMPLES = 10;

  /**
   * Heap growth tolerated between two samples: noise of a GC run while traffic flows, not a trend.
   */
  static final long HEAP_SLACK = 16L << 20;

  /** Pooled direct memory grows in 4 MiB chunks (Netty's default) while the arenas settle. */
  static final long DIRECT_SLACK = 8L << 20;

  record Sample(long heap, long direct, long fds, long rounds) {
    @Override
    public String toString() {
      return (heap >> 10)
          + " KiB heap, "
          + (direct >> 10)
          + " KiB direct, "
          + fds
          + " fds, "
          + rounds
          + " rounds";
    }
  }

  @Test
  void heapDirectMemoryAndFileDescriptorsStayFlatUnderChurnAndTraffic() throws Exception {
    LeakWatch watch = LeakWatch.atCurrentLevel();
    SctpLoopResources loops = SctpLoopResources.create("soak", 2);
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    try {
      DisposableSctpServer server =
          SctpServer.create()
              .bindAddress("127.0.0.1", 0)
              .runOn(loops)
              .handle(Echo::handle)
              .bindNow();
      AtomicLong rounds = new AtomicLong();
      AtomicLong messages = new AtomicLong();
      // Warm-up: pools, classes and the JIT settle before the first sample.
      for (int i = 0; i < CLIENTS; i++) {
        round(server, loops, messages);
        rounds.incrementAndGet();
      }
      Sample quietBefore = sample(rounds);

      long start = System.nanoTime();
      long end = start + TimeUnit.SECONDS.toNanos(SOAK_SECONDS);
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        running.add(
            clients.submit(
                () -> {
                  while (System.nanoTime() < end) {
                    round(server, loops, messages);
                    rounds.incrementAndGet();
                  }
                  return null;
                }));
      }
      List<Sample> samples = new ArrayList<>();
      for (int i = 1; i <= SAMPLES; i++) {
        long at = start + TimeUnit.SECONDS.toNanos(SOAK_SECONDS) * i / (SAMPLES + 1);
        Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(at - System.nanoTime())));
        samples.add(sample(rounds));
      }
      for (Future<?> f : running) {
        f.get(120, TimeUnit.SECONDS); // a failed round fails the test here, with its cause
      }
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      server.disposeNow();
      Sample quietAfter = sample(rounds);

      System.err.printf(
          "SoakTest: %d s, %d clients, %d associations set up, echoed and shut down, %d messages of"
              + " %d B echoed once in order, all acknowledged; before %s; while running %s; after %s; leaks %d%n",
          seconds,
          CLIENTS,
          rounds.get(),
          messages.get(),
          SIZE,
          quietBefore,
          samples,
          quietAfter,
          watch.leaks().size());
      Sample first = samples.get(0);
      Sample last = samples.get(samples.size() - 1);
      assertThat(last.rounds()).as("the soak made progress").isGreaterThan(first.rounds());
      assertThat(last.heap())
          .as("heap after GC, last sample against the first (%s, %s)", first, last)
          .isLessThanOrEqualTo(first.heap() + Math.max(HEAP_SLACK, first.heap() / 4));
      assertThat(quietAfter.heap())
          .as("heap after GC once stopped, against before (%s, %s)", quietBefore, quietAfter)
          .isLessThanOrEqualTo(quietBefore.heap() + Math.max(HEAP_SLACK, quietBefore.heap() / 4));
      assertThat(quietAfter.direct())
          .as("pooled direct memory once stopped")
          .isLessThanOrEqualTo(quietBefore.direct() + DIRECT_SLACK);
      assertThat(quietAfter.fds())
          .as("open file descriptors once stopped")
          .isLessThanOrEqualTo(quietBefore.fds());
      assertThat(watch.leaks()).as("ByteBuf leaks reported").isEmpty();
    } finally {
      clients.shutdownNow();
      loops.dispose();
      watch.close();
    }
  }

  /**
   * One association: connect, echo {@link #ROUND_MESSAGES} with receipts, check both, shut down
   * gracefully.
   */
  private static void round(
      DisposableSctpServer server, SctpLoopResources loops, AtomicLong messages) {
    SctpConnection c =
        SctpClient.create().remoteAddress(server.address()).runOn(loops).connectNow();
    Mono<List<Integer>> echoes =
        c.inbound().receive().take(ROUND_MESSAGES).map(Numbered::take).collectList();
    Mono<List<SendResult>> receipts =
        c.outbound()
            .sendWithReceipts(
                Flux.range(0, ROUND_MESSAGES)
                    .map(
                        i -> {
                          ByteBuf b =
                              PooledByteBufAllocator.DEFAULT
                                  .directBuffer(SIZE)
                                  .writeInt(i)
                                  .writeZero(SIZE - 4);
                          return SctpOutboundMessage.builder(b).context(i).build();
                        }))
            .collectList();
    var both = Mono.zip(echoes, receipts).block(Duration.ofSeconds(60));
    assertThat(both).isNotNull();
    assertThat(both.getT1())
        .as("echoes, once each, in order")
        .isEqualTo(IntStream.range(0, ROUND_MESSAGES).boxed().toList());
    assertThat(both.getT2())
        .hasSize(ROUND_MESSAGES)
        .allMatch(r -> r.outcome() == SendResult.Outcome.ACKNOWLEDGED, "acknowledged");
    c.shutdown().block(Duration.ofSeconds(30));
    messages.addAndGet(ROUND_MESSAGES);
  }

  private static Sample sample(AtomicLong rounds) throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return new Sample(
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
        PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory(),
        LeakWatch.openFileDescriptors(),
        rounds.get());
  }
}
