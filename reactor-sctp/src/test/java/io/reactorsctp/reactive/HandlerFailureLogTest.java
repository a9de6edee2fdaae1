package io.reactorsctp.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactorsctp.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;

/**
 * A peer's ABORT ends the server's handler in error (ECONNRESET): one INFO line, no stack trace; a
 * handler's own failure stays a WARN with its trace.
 */
class HandlerFailureLogTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private final SctpLoopResources loops = SctpLoopResources.create("handler-failure-log", 1);
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Logger log = Logger.getLogger(SctpServer.class.getName());
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          if (r.getMessage() != null && r.getMessage().contains("handler of")) {
            records.add(r);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @AfterEach
  void close() {
    log.removeHandler(capture);
    loops.dispose();
  }

  @Test
  void aPeersAbortIsOneInfoLineWithoutATrace() throws Exception {
    LogRecord r = handlerEndsAfterPeerAbort(c -> c.receive().then());
    assertThat(r.getLevel()).isEqualTo(Level.INFO);
    assertThat(r.getThrown()).isNull();
    assertThat(r.getMessage()).contains("ended, the association is closed");
    assertThat(r.getMessage()).contains("ECONNRESET");
  }

  @Test
  void aHandlersOwnFailureIsAWarningWithItsTrace() throws Exception {
    LogRecord r =
        handlerEndsAfterPeerAbort(
            c ->
                c.receive()
                    .take(1)
                    .then(reactor.core.publisher.Mono.error(new IllegalStateException("bug"))));
    assertThat(r.getLevel()).isEqualTo(Level.WARNING);
    assertThat(r.getThrown()).isInstanceOf(IllegalStateException.class).hasMessage("bug");
  }

  /**
   * Runs a server with that handler, and a client that sends one message, then aborts; returns the
   * first line the server logs about its handler.
   */
  private LogRecord handlerEndsAfterPeerAbort(Function<SctpInbound, Publisher<Void>> handler)
      throws InterruptedException {
    log.addHandler(capture);
    DisposableSctpServer server =
        SctpServer.create()
            .bindAddress("127.0.0.1", 0)
            .runOn(loops)
            .handle((in, out) -> handler.apply(in))
            .bindNow();
    try {
      SctpConnection client =
          SctpClient.create().runOn(loops).remoteAddress(server.address()).connectNow(DEADLINE);
      client.outbound().sendString(reactor.core.publisher.Mono.just("hello")).block(DEADLINE);
      client.abort();
      Await.until(
          "the server logged its handler's end", DEADLINE.toSeconds(), () -> !records.isEmpty());
      return records.getFirst();
    } finally {
      server.disposeNow();
    }
  }
}
