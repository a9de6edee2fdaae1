package io.reactorsctp.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.reactorsctp.LeakWatch;
import io.reactorsctp.SctpNativeException;
import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpOutboundMessage;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A server restarted again and again on the same port: each client sees its association end with a
 * typed error, reconnects with {@link SctpReconnect}'s backoff while nothing listens, and exchanges
 * messages with the new server. File descriptors are counted before and after; Netty's leak
 * detector runs at PARANOID and any leak it reports fails the test.
 */
class ServerRestartTest {

  static final int RESTARTS = 20;

  private LeakWatch watch;

  @BeforeEach
  void paranoid() {
    watch = LeakWatch.at(ResourceLeakDetector.Level.PARANOID);
  }

  @AfterEach
  void restore() {
    watch.close();
  }

  /**
   * Server-side associations of the running server, aborted on "restart" as a dying process's
   * kernel would.
   */
  private final java.util.Queue<SctpAssociation> serverSide =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  private DisposableSctpServer echo(SctpLoopResources loops, int port) {
    return SctpServer.create()
        .bindAddress(new InetSocketAddress("127.0.0.1", port))
        .runOn(loops)
        .handle(
            (in, out) -> {
              serverSide.add(in.connection());
              return out.send(
                  in.receive()
                      .map(
                          m ->
                              SctpOutboundMessage.builder(m.content())
                                  .streamId(m.streamId())
                                  .build()));
            })
        .bindNow();
  }

  /**
   * Stops the server as a crash would: the listening socket closes and every association is
   * aborted.
   */
  private void crash(DisposableSctpServer server) {
    server.disposeNow(Duration.ofSeconds(30));
    for (SctpAssociation c; (c = serverSide.poll()) != null; ) {
      c.abort();
    }
  }

  private static String roundTrip(SctpConnection c, String text) {
    c.outbound()
        .send(Mono.just(SctpOutboundMessage.builder(text).build()))
        .block(Duration.ofSeconds(30));
    SctpInboundMessage reply = c.inbound().receive().next().block(Duration.ofSeconds(30));
    try {
      return reply.content().toString(StandardCharsets.UTF_8);
    } finally {
      reply.release();
    }
  }

  @Test
  void clientsReconnectAfterEachRestartWithoutLeaks() throws Exception {
    SctpLoopResources loops = SctpLoopResources.create("restart", 1);
    try {
      DisposableSctpServer server = echo(loops, 0);
      int port = server.port();
      SctpClient client =
          SctpClient.create().remoteAddress(new InetSocketAddress("127.0.0.1", port)).runOn(loops);
      Mono<SctpConnection> reconnecting =
          client
              .connect()
              .retryWhen(SctpReconnect.backoff(50, Duration.ofMillis(20), Duration.ofMillis(500)));
      // Warm up (event loop, pools, classes), then count.
      SctpConnection warm = reconnecting.block(Duration.ofSeconds(30));
      assertThat(roundTrip(warm, "warm")).isEqualTo("warm");
      warm.dispose();
      warm.onDispose().block(Duration.ofSeconds(30));
      long fdsBefore = LeakWatch.openFileDescriptors();

      int typedEndings = 0;
      int refusedAttempts = 0;
      for (int r = 0; r < RESTARTS; r++) {
        SctpConnection c = reconnecting.block(Duration.ofSeconds(60));
        assertThat(roundTrip(c, "before restart " + r)).isEqualTo("before restart " + r);

        crash(server);
        c.onDispose().block(Duration.ofSeconds(30));
        // The association is gone: a send fails at once with a typed error, and nothing hangs.
        Throwable sendError =
            c.outbound()
                .send(Mono.just(SctpOutboundMessage.builder("after").build()))
                .then(Mono.<Throwable>empty())
                .onErrorResume(Mono::just)
                .block(Duration.ofSeconds(30));
        assertThat(sendError)
            .isInstanceOfAny(
                ClosedChannelException.class, SctpSendException.class, SctpNativeException.class);
        typedEndings++;
        // Nothing listens now: a plain connect is refused with a typed, transient error.
        Throwable refused =
            client
                .connect()
                .then(Mono.<Throwable>empty())
                .onErrorResume(Mono::just)
                .block(Duration.ofSeconds(30));
        assertThat(refused).isInstanceOf(SctpNativeException.class);
        assertThat(SctpReconnect.isTransient(refused)).isTrue();
        refusedAttempts++;

        // Restart a little later; meanwhile the reconnecting client backs off and retries.
        Mono<SctpConnection> next = reconnecting.subscribeOn(Schedulers.boundedElastic()).cache();
        next.subscribe(x -> {}, e -> {});
        Thread.sleep(300);
        server = echo(loops, port);
        SctpConnection again = next.block(Duration.ofSeconds(60));
        assertThat(roundTrip(again, "after restart " + r)).isEqualTo("after restart " + r);
        again.dispose();
        again.onDispose().block(Duration.ofSeconds(30));
      }
      crash(server);

      for (int i = 0; i < 5; i++) {
        System.gc();
        Thread.sleep(100);
        PooledByteBufAllocator.DEFAULT
            .directBuffer(64)
            .release(); // leak reports come with later allocations
      }
      long fdsAfter = LeakWatch.openFileDescriptors();
      System.err.printf(
          "ServerRestartTest: %d restarts, %d typed endings, %d refused connects, fds %d -> %d,"
              + " leaks %d%n",
          RESTARTS, typedEndings, refusedAttempts, fdsBefore, fdsAfter, watch.leaks().size());
      // One listening socket fewer than when counting began (the server is down now).
      assertThat(fdsAfter).as("file descriptors").isLessThanOrEqualTo(fdsBefore);
      assertThat(watch.leaks()).as("buffers Netty's leak detector reported").isEmpty();
    } finally {
      loops.disposeLater().block(Duration.ofSeconds(30));
    }
  }
}
