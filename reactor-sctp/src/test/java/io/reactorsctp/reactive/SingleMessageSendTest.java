package io.reactorsctp.reactive;

import static io.reactorsctp.reactive.Numbered.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.reactorsctp.channel.InvalidSctpMessageException;
import io.reactorsctp.channel.SctpOutboundMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code send(Mono.just(message))} on the event loop writes the message at once, without the
 * general send's subscription and tasks (a request-and-answer exchange makes one such send per
 * message, benchmarks/findings.md 17), yet queues behind a send that is still running, and fails as
 * the general send fails.
 */
class SingleMessageSendTest {
  private final SctpLoopResources loops = SctpLoopResources.create("single-send", 2);
  private final BlockingQueue<Integer> received = new LinkedBlockingQueue<>();
  private DisposableSctpServer server;
  private SctpConnection client;

  @BeforeEach
  void connect() {
    server =
        SctpServer.create()
            .bindAddress("127.0.0.1", 0)
            .streams(2, 2)
            .runOn(loops)
            .handle(Numbered.recordingInto(received))
            .bindNow();
    client =
        SctpClient.create().remoteAddress(server.address()).streams(2, 2).runOn(loops).connectNow();
  }

  @AfterEach
  void tearDown() {
    client.dispose();
    server.disposeNow();
    loops.dispose();
  }

  /** Runs {@code action} on the client's event loop and returns what it returned. */
  private <T> T onLoop(Callable<T> action) throws Exception {
    return client.channel().eventLoop().submit(action).get(10, TimeUnit.SECONDS);
  }

  @Test
  void onTheLoopTheMessageIsInTheChannelWhenSubscribeReturns() throws Exception {
    CompletableFuture<Void> sent = new CompletableFuture<>();
    long[] pending =
        onLoop(
            () -> {
              long before = client.channel().unsafe().outboundBuffer().totalPendingWriteBytes();
              client
                  .outbound()
                  .send(Mono.just(message(7)))
                  .subscribe(null, sent::completeExceptionally, () -> sent.complete(null));
              long after = client.channel().unsafe().outboundBuffer().totalPendingWriteBytes();
              return new long[] {before, after};
            });

    assertThat(pending[1])
        .as("bytes the channel holds to write, after subscribing (before: %d)", pending[0])
        .isGreaterThan(pending[0]);
    sent.get(10, TimeUnit.SECONDS);
    assertThat(received.poll(10, TimeUnit.SECONDS)).as("the message at the server").isEqualTo(7);
  }

  @Test
  void aSingleMessageQueuesBehindASendStillRunning() throws Exception {
    onLoop(
        () -> {
          // The first send writes only once its subscription's task has run on this loop.
          client.outbound().send(Flux.just(message(0), message(1), message(2))).subscribe();
          client.outbound().send(Mono.just(message(3))).subscribe();
          return null;
        });

    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Integer value = received.poll(10, TimeUnit.SECONDS);
      assertThat(value).as("message %d of 4 within 10 s (so far %s)", i + 1, order).isNotNull();
      order.add(value);
    }
    assertThat(order).as("order at the server").containsExactly(0, 1, 2, 3);
  }

  @Test
  void aRefusedMessageFailsTheSendAsTheGeneralSendDoes() throws Exception {
    SctpOutboundMessage beyondStreams =
        SctpOutboundMessage.builder(Unpooled.buffer(4).writeInt(9)).streamId(5).build();
    CompletableFuture<Throwable> failure = new CompletableFuture<>();
    onLoop(
        () ->
            client
                .outbound()
                .send(Mono.just(beyondStreams))
                .subscribe(
                    null,
                    failure::complete,
                    () -> failure.completeExceptionally(new AssertionError("sent"))));

    Throwable t = failure.get(10, TimeUnit.SECONDS);
    assertThat(t).isInstanceOf(SctpSendException.class);
    assertThat(t.getCause())
        .isInstanceOf(InvalidSctpMessageException.class)
        .hasMessageContaining("streamId");
    // The association is intact: the next message goes through.
    client.outbound().send(Mono.just(message(1))).block(Duration.ofSeconds(10));
    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(1);
  }

  @Test
  void aSubscriberThatSendsAgainOnEveryRefusalDoesNotOverflowTheStack() throws Exception {
    // Each refusal is reported inside the write that made it; answering it by sending again nests
    // one send inside the other unless the outcome is told from a task past some depth.
    int refusals = 20_000;
    CompletableFuture<Integer> done = new CompletableFuture<>();
    Runnable[] sendBeyondStreams = new Runnable[1];
    int[] seen = new int[1];
    sendBeyondStreams[0] =
        () ->
            client
                .outbound()
                .send(
                    Mono.just(
                        SctpOutboundMessage.builder(Unpooled.buffer(4).writeInt(0))
                            .streamId(5)
                            .build()))
                .subscribe(
                    null,
                    failure -> {
                      if (!(failure instanceof SctpSendException)) {
                        done.completeExceptionally(failure);
                      } else if (++seen[0] == refusals) {
                        done.complete(seen[0]);
                      } else {
                        sendBeyondStreams[0].run();
                      }
                    },
                    () -> done.completeExceptionally(new AssertionError("sent")));
    client.channel().eventLoop().execute(sendBeyondStreams[0]);

    assertThat(done.get(60, TimeUnit.SECONDS)).as("refusals reported").isEqualTo(refusals);
    client.outbound().send(Mono.just(message(4))).block(Duration.ofSeconds(10));
    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(4);
  }
}
