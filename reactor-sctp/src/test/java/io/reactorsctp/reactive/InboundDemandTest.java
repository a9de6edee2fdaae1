package io.reactorsctp.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactorsctp.channel.SctpInboundMessage;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code receive()} reads only what its subscriber asked for: once the demand is met, reading is
 * off and the rest stays in the kernel (whose window then holds the peer back) rather than in a
 * queue of ours; asking again reads on, and every message arrives once, in order.
 */
class InboundDemandTest {
  static final int SENT = 60;
  static final int FIRST = 5;

  private final SctpLoopResources loops = SctpLoopResources.create("inbound-demand", 2);

  @AfterEach
  void tearDown() {
    loops.dispose();
  }

  /** Takes what it is given; asks only when told to. */
  static final class Taker extends BaseSubscriber<SctpInboundMessage> {
    final BlockingQueue<Integer> taken = new LinkedBlockingQueue<>();

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
      subscription.request(FIRST);
    }

    @Override
    protected void hookOnNext(SctpInboundMessage m) {
      taken.add(Numbered.take(m));
    }

    int next() throws InterruptedException {
      Integer i = taken.poll(20, TimeUnit.SECONDS);
      assertThat(i).as("a message within 20 s").isNotNull();
      return i;
    }
  }

  @Test
  void readingStopsWhenTheDemandIsMetAndResumesWhenAskedAgain() throws Exception {
    CompletableFuture<SctpConnection> serverSide = new CompletableFuture<>();
    Taker taker = new Taker();
    DisposableSctpServer server =
        SctpServer.create()
            .bindAddress("127.0.0.1", 0)
            .runOn(loops)
            .doOnConnection(serverSide::complete)
            .handle(
                (in, out) -> {
                  in.receive().subscribe(taker);
                  return Mono.never();
                })
            .bindNow();
    SctpConnection client =
        SctpClient.create().remoteAddress(server.address()).runOn(loops).connectNow();
    client
        .outbound()
        .send(Flux.range(0, SENT).map(Numbered::message))
        .block(Duration.ofSeconds(20));

    for (int i = 0; i < FIRST; i++) {
      assertThat(taker.next()).isEqualTo(i);
    }
    SctpConnection association = serverSide.get(20, TimeUnit.SECONDS);
    // The fifth message was handed on in an event-loop turn that also turns reading off once the
    // demand is met; a task queued now runs after that turn and reads the setting it left.
    boolean readingOn =
        association
            .channel()
            .eventLoop()
            .submit(() -> association.channel().config().isAutoRead())
            .get(20, TimeUnit.SECONDS);
    assertThat(readingOn)
        .as("reading on after the %d messages asked for were taken", FIRST)
        .isFalse();
    assertThat(taker.taken).as("messages beyond the demand handed on").isEmpty();

    taker.request(SENT - FIRST);
    for (int i = FIRST; i < SENT; i++) {
      assertThat(taker.next()).isEqualTo(i);
    }
    client.shutdown().block(Duration.ofSeconds(20));
    server.disposeNow(Duration.ofSeconds(20));
  }
}
