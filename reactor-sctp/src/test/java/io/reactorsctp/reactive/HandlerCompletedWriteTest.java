package io.reactorsctp.reactive;

import static io.reactorsctp.reactive.Numbered.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.reactorsctp.channel.SctpOutboundMessage;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A handler in the pipeline may end a write itself, by any of a promise's ways (a filter drops a
 * message and calls {@code setSuccess()}, a handler cancels, a handler on its own executor
 * completes it later): the send hears of each, once, whether it is a single message's send or a
 * general one. The sends are told through their promises ({@link WritePromise}), not through
 * listeners, so each way a promise completes must reach them.
 */
class HandlerCompletedWriteTest {
  private final SctpLoopResources loops = SctpLoopResources.create("handler-write", 2);
  private final BlockingQueue<Integer> received = new LinkedBlockingQueue<>();
  private final ExecutorService elsewhere = Executors.newSingleThreadExecutor();
  private DisposableSctpServer server;
  private SctpConnection client;

  @BeforeEach
  void connect() {
    server =
        SctpServer.create()
            .bindAddress("127.0.0.1", 0)
            .runOn(loops)
            .handle(Numbered.recordingInto(received))
            .bindNow();
    client = SctpClient.create().remoteAddress(server.address()).runOn(loops).connectNow();
  }

  @AfterEach
  void tearDown() {
    client.dispose();
    server.disposeNow();
    loops.dispose();
    elsewhere.shutdownNow();
  }

  /** Puts a handler first in the client's pipeline that ends every write with {@code end}. */
  private void endWritesWith(Consumer<ChannelPromise> end) {
    client
        .channel()
        .pipeline()
        .addFirst(
            new ChannelOutboundHandlerAdapter() {
              @Override
              public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                ReferenceCountUtil.release(msg);
                end.accept(promise);
              }
            });
  }

  /**
   * Subscribes to {@code send} on the client's loop (where a single message is written at once) and
   * returns how it ended: {@code null} for completion, else the error.
   */
  private Throwable outcome(Publisher<? extends SctpOutboundMessage> messages) throws Exception {
    CompletableFuture<Throwable> ended = new CompletableFuture<>();
    client
        .channel()
        .eventLoop()
        .execute(
            () ->
                client
                    .outbound()
                    .send(messages)
                    .subscribe(null, ended::complete, () -> ended.complete(null)));
    return ended.get(10, TimeUnit.SECONDS);
  }

  @Test
  void aWriteAFilterDropsWithSetSuccessCompletesTheSend() throws Exception {
    endWritesWith(ChannelPromise::setSuccess);

    assertThat(outcome(Mono.just(message(1)))).as("single message's send").isNull();
    assertThat(outcome(Flux.just(message(2), message(3)))).as("general send").isNull();
    assertThat(received).as("nothing reached the server").isEmpty();
  }

  @Test
  void aWriteAHandlerCancelsFailsTheSend() throws Exception {
    endWritesWith(promise -> promise.cancel(false));

    for (Throwable failure :
        new Throwable[] {outcome(Mono.just(message(1))), outcome(Flux.just(message(2)))}) {
      assertThat(failure).isInstanceOf(SctpSendException.class);
      assertThat(failure.getCause()).isInstanceOf(CancellationException.class);
    }
  }

  @Test
  void aWriteFailedWithSetFailureFailsTheSendWithThatCause() throws Exception {
    IllegalStateException refused = new IllegalStateException("refused by a handler");
    endWritesWith(promise -> promise.setFailure(refused));

    for (Throwable failure :
        new Throwable[] {outcome(Mono.just(message(1))), outcome(Flux.just(message(2)))}) {
      assertThat(failure).isInstanceOf(SctpSendException.class).hasCause(refused);
    }
  }

  @Test
  void aWriteCompletedOnAnotherThreadCompletesTheSendOnce() throws Exception {
    endWritesWith(
        promise ->
            elsewhere.execute(
                () -> {
                  promise.trySuccess();
                  promise.tryFailure(new IllegalStateException("too late: already complete"));
                }));

    assertThat(outcome(Mono.just(message(1)))).as("single message's send").isNull();
    assertThat(outcome(Flux.just(message(2), message(3), message(4)))).as("general send").isNull();
  }
}
