package io.reactorsctp.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.reactorsctp.channel.SctpInboundMessage;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * A reactive echo ({@code out.send(in.receive().map(...))}) with one message in flight asks its
 * inbound for more before the demand runs out, so the server never turns reading off: each turn off
 * and on again costs two epoll_ctl calls and two tasks, and came once every 64 round trips while
 * the send asked for its next batch only at zero (benchmarks/findings.md, 16).
 */
class EchoDemandTest {
  static final int ROUND_TRIPS = 200;

  private final SctpLoopResources loops = SctpLoopResources.create("echo-demand", 2);

  @AfterEach
  void tearDown() {
    loops.dispose();
  }

  @Test
  void aSteadyEchoNeverTurnsReadingOff() throws Exception {
    AtomicInteger readLoops = new AtomicInteger();
    AtomicInteger readLoopsEndingWithReadingOff = new AtomicInteger();
    DisposableSctpServer server =
        SctpServer.create()
            .bindAddress("127.0.0.1", 0)
            .runOn(loops)
            .doOnConnection(
                c ->
                    c.channel()
                        .pipeline()
                        .addFirst(
                            new ChannelInboundHandlerAdapter() {
                              // First in the pipeline, it sees a loop's end after the echo took
                              // the loop's messages, and before any task could turn reading on.
                              @Override
                              public void channelReadComplete(ChannelHandlerContext ctx) {
                                readLoops.incrementAndGet();
                                if (!ctx.channel().config().isAutoRead()) {
                                  readLoopsEndingWithReadingOff.incrementAndGet();
                                }
                                ctx.fireChannelReadComplete();
                              }
                            }))
            .handle(Echo::handle)
            .bindNow();
    SctpConnection client =
        SctpClient.create().remoteAddress(server.address()).runOn(loops).connectNow();
    BlockingQueue<Integer> replies = new LinkedBlockingQueue<>();
    client.inbound().receive().subscribe((SctpInboundMessage m) -> replies.add(Numbered.take(m)));

    for (int i = 0; i < ROUND_TRIPS; i++) {
      client.outbound().send(Mono.just(Numbered.message(i))).block(Duration.ofSeconds(10));
      assertThat(replies.poll(10, TimeUnit.SECONDS)).as("reply %d within 10 s", i).isEqualTo(i);
    }

    assertThat(readLoops.get()).as("server read loops seen").isGreaterThanOrEqualTo(ROUND_TRIPS);
    assertThat(readLoopsEndingWithReadingOff.get())
        .as("server read loops that ended with reading turned off")
        .isZero();
    client.shutdown().block(Duration.ofSeconds(20));
    server.disposeNow();
  }
}
