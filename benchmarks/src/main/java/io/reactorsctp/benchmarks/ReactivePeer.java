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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * reactor-sctp's reactive API: an {@link SctpServer} whose handler consumes {@code receive()} (or
 * echoes it) and an {@link SctpClient} whose batches are one {@code send(Flux)} each, with
 * backpressure from the channel's writability. Server and client each on their own single-threaded
 * loop resources.
 */
final class ReactivePeer implements Peer {
  private final Scenario scenario;
  private final SctpLoopResources serverLoops = SctpLoopResources.create("bench-server", 1);
  private final SctpLoopResources clientLoops = SctpLoopResources.create("bench-client", 1);
  private final DisposableSctpServer server;
  private final SctpConnection connection;
  private final ByteBuf payload;
  private final Receipts receipts = new Receipts();
  // The server's end of the association, for the report of a batch that does not arrive.
  private volatile SctpConnection serverSide;
  private long sent;
  private volatile PingPong pingPong;

  private ReactivePeer(Scenario scenario, boolean echo) {
    this.scenario = scenario;
    payload =
        PooledByteBufAllocator.DEFAULT.directBuffer(scenario.size()).writeZero(scenario.size());
    // bindNow() creates the server's socket in this thread: inside the path's server namespace.
    server =
        NetworkPath.server(
            scenario,
            () ->
                SctpServer.create()
                    .bindAddress(NetworkPath.serverAddress(scenario).getHostString(), 0)
                    .streams(scenario.streams(), scenario.streams())
                    .runOn(serverLoops)
                    .doOnConnection(c -> serverSide = c)
                    .handle(
                        (in, out) ->
                            echo
                                ? out.send(
                                    in.receive().map(m -> message(m.content(), m.streamId())))
                                : in.receive()
                                    .doOnNext(
                                        m -> {
                                          m.release();
                                          receipts.arrived();
                                        })
                                    .then())
                    .bindNow());
    connection =
        SctpClient.create()
            .remoteAddress(server.address())
            .streams(scenario.streams(), scenario.streams())
            .runOn(clientLoops)
            .connectNow();
    if (echo) {
      connection
          .inbound()
          .receive()
          .subscribe(
              m -> {
                m.release();
                pingPong.replied();
              });
    }
  }

  static ReactivePeer open(Scenario scenario, boolean echo) {
    return new ReactivePeer(scenario, echo);
  }

  private SctpOutboundMessage message(ByteBuf content, int stream) {
    SctpOutboundMessage.Builder b =
        SctpOutboundMessage.builder(content)
            .streamId(stream)
            .ppid(Scenario.PPID)
            .unordered(scenario.unordered());
    return (scenario.ttlMillis() > 0 ? b.ttl(scenario.ttlMillis()) : b).build();
  }

  private SctpOutboundMessage nextMessage() {
    return message(payload.retainedDuplicate(), (int) (sent++ % scenario.streams()));
  }

  @Override
  public void sendBatch(int messages) throws Exception {
    long target = receipts.expect(messages);
    connection
        .outbound()
        .send(Flux.range(0, messages).map(i -> nextMessage()))
        .block(Duration.ofMinutes(5));
    try {
      receipts.await(target);
    } catch (TimeoutException e) {
      // The send completed, so the sender's kernel took every message: say where they wait.
      TimeoutException t = new TimeoutException(e.getMessage() + "; " + associationState());
      t.initCause(e);
      throw t;
    }
  }

  /**
   * Both ends' SCTP_STATUS (unacknowledged and pending chunks, the peer's window) and the sender's
   * EAGAIN count.
   */
  private String associationState() {
    SctpConnection server = serverSide;
    return "client "
        + status(connection)
        + ", EAGAINs "
        + connection.channel().eagainCount()
        + ", writable "
        + connection.channel().isWritable()
        + "; server "
        + (server == null ? "none" : status(server));
  }

  private static String status(SctpConnection c) {
    try {
      return c.channel().status().toString();
    } catch (RuntimeException e) {
      return e.toString();
    }
  }

  @Override
  public void pingPong(int rounds, Histogram roundTripNanos) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    // Started on the client's event loop, as every other peer's round trips are: from this thread,
    // the first round trip of each call also timed the hand-off to the loop (a wake-up), 1 % of
    // them, right at the p99.
    connection
        .channel()
        .eventLoop()
        .execute(
            () -> {
              pingPong = new PingPong(rounds, roundTripNanos, done);
              pingPong.next();
            });
    done.get(300, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    connection
        .shutdown()
        .block(Duration.ofSeconds(10)); // an abort would be logged as the server's error
    server.disposeNow(Duration.ofSeconds(10));
    clientLoops.dispose();
    serverLoops.dispose();
    payload.release();
  }

  /** One round trip at a time: each reply sends the next request, on the client's event loop. */
  private final class PingPong {
    private final Histogram roundTripNanos;
    private final CompletableFuture<Void> done;
    private int remaining;
    private long start;

    PingPong(int rounds, Histogram roundTripNanos, CompletableFuture<Void> done) {
      this.remaining = rounds;
      this.roundTripNanos = roundTripNanos;
      this.done = done;
    }

    void next() {
      start = System.nanoTime();
      connection
          .outbound()
          .send(Mono.just(nextMessage()))
          .subscribe(null, done::completeExceptionally);
    }

    void replied() {
      roundTripNanos.recordValue(System.nanoTime() - start);
      if (--remaining > 0) {
        next();
      } else {
        done.complete(null);
      }
    }
  }
}
