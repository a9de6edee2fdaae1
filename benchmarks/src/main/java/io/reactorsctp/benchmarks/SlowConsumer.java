package io.reactorsctp.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.reactive.DisposableSctpServer;
import io.reactorsctp.reactive.SctpClient;
import io.reactorsctp.reactive.SctpConnection;
import io.reactorsctp.reactive.SctpLoopResources;
import io.reactorsctp.reactive.SctpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * A slow consumer through the reactive API: the client offers an endless stream of 4 KiB messages
 * as fast as it can; the server's handler takes one message per millisecond. Every second the heap
 * (after a full GC) and the pooled direct memory in use are sampled: with backpressure working both
 * stay flat while the producer is held back, however long it runs.
 */
final class SlowConsumer {
  record Sample(double seconds, long received, long offered, long heapBytes, long directBytes) {}

  static List<Sample> run(int seconds) throws Exception {
    SctpLoopResources serverLoops = SctpLoopResources.create("slow-server", 1);
    SctpLoopResources clientLoops = SctpLoopResources.create("slow-client", 1);
    AtomicLong received = new AtomicLong();
    AtomicLong offered = new AtomicLong();
    ByteBuf payload = PooledByteBufAllocator.DEFAULT.directBuffer(4096).writeZero(4096);
    DisposableSctpServer server =
        SctpServer.create()
            .bindAddress("127.0.0.1", 0)
            .runOn(serverLoops)
            .handle(
                (in, out) ->
                    in.receive()
                        .delayElements(Duration.ofMillis(1))
                        .doOnNext(
                            m -> {
                              m.release();
                              received.incrementAndGet();
                            })
                        .then())
            .bindNow();
    SctpConnection connection =
        SctpClient.create().remoteAddress(server.address()).runOn(clientLoops).connectNow();
    Disposable producer =
        connection
            .outbound()
            .send(
                Flux.<SctpOutboundMessage>generate(
                    sink -> {
                      offered.incrementAndGet();
                      sink.next(
                          SctpOutboundMessage.builder(payload.retainedDuplicate())
                              .streamId(0)
                              .ppid(Scenario.PPID)
                              .build());
                    }))
            .subscribe(null, e -> {});
    List<Sample> samples = new ArrayList<>();
    long start = System.nanoTime();
    try {
      for (int i = 0; i <= seconds; i++) {
        long heap = FanIn.heapAfterGc();
        samples.add(
            new Sample(
                (System.nanoTime() - start) / 1e9,
                received.get(),
                offered.get(),
                heap,
                PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory()));
        Thread.sleep(Math.max(0, 1000 - 300));
      }
    } finally {
      producer.dispose();
      connection
          .shutdown()
          .block(Duration.ofSeconds(10)); // an abort would be logged as the server's error
      server.disposeNow(Duration.ofSeconds(10));
      clientLoops.dispose();
      serverLoops.dispose();
      payload.release();
    }
    return samples;
  }

  private SlowConsumer() {}
}
