package io.reactorsctp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.channel.SctpReconfigRequest;
import io.reactorsctp.channel.SctpResetDirection;
import io.reactorsctp.reactive.DisposableSctpServer;
import io.reactorsctp.reactive.SctpClient;
import io.reactorsctp.reactive.SctpConnection;
import io.reactorsctp.reactive.SctpLoopResources;
import io.reactorsctp.reactive.SctpServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * Stream reconfiguration (RFC 6525) through the reactive API, on the wire: an outgoing stream reset
 * is a RE-CONFIG chunk (type 130) carrying an Outgoing SSN Reset Request (parameter 13) that lists
 * the stream, the peer answers "Success - Performed", and the stream's next DATA carries SSN 0
 * again; adding streams is a RE-CONFIG with an Add Outgoing Streams Request (parameter 17), and the
 * new stream carries a message as soon as the Mono completes.
 */
class StreamReconfigWireTest {
  private static final Duration WAIT = Duration.ofSeconds(WireKit.WAIT_SECONDS);
  private static final int RE_CONFIG = 130;
  private static final long OUTGOING_SSN_RESET_REQUEST = 13;
  private static final long RECONFIG_RESPONSE = 16;
  private static final long ADD_OUTGOING_STREAMS_REQUEST = 17;
  private static final long SUCCESS_PERFORMED = 1;
  private static final int STREAM = 1;
  private static final int OUTBOUND = 4;
  private static final int ADDED = 2;

  /** What the server received: stream and ppid. */
  private record Got(int stream, int ppid) {}

  @Test
  void resetStreamRestartsItsSsnAndAddedStreamCarriesAMessageAtOnce() throws Exception {
    SctpLoopResources loops = SctpLoopResources.create("reconfig-wire", 2);
    BlockingQueue<Got> received = new LinkedBlockingQueue<>();
    DisposableSctpServer server =
        SctpServer.create()
            .bindAddress("127.0.0.1", 0)
            .runOn(loops)
            .streamReconfiguration(SctpReconfigRequest.values())
            .handle(
                (in, out) ->
                    in.receive()
                        .doOnNext(
                            m -> {
                              received.add(new Got(m.streamId(), m.ppid()));
                              m.release();
                            })
                        .then())
            .bindNow(WAIT);
    try (WireCapture wire =
        WireCapture.start("reconfig", "lo", "sctp port " + server.address().getPort())) {
      SctpConnection c =
          SctpClient.create()
              .remoteAddress(server.address())
              .runOn(loops)
              .streams(OUTBOUND, OUTBOUND)
              .streamReconfiguration(SctpReconfigRequest.values())
              .connectNow(WAIT);
      // The peer's answers are notifications, read with the messages: the client keeps reading.
      c.inbound().receive().subscribe(SctpInboundMessage::release);
      send(c, STREAM, 1);
      send(c, STREAM, 2);
      assertThat(next(received)).isEqualTo(new Got(STREAM, 1));
      assertThat(next(received)).isEqualTo(new Got(STREAM, 2));

      c.resetStreams(SctpResetDirection.OUTGOING, STREAM).block(WAIT);
      send(c, STREAM, 3);
      assertThat(next(received)).isEqualTo(new Got(STREAM, 3));

      c.addStreams(ADDED, 0).block(WAIT);
      assertThat(c.channel().outboundStreams()).isEqualTo(OUTBOUND + ADDED);
      send(c, OUTBOUND + ADDED - 1, 4);
      assertThat(next(received)).isEqualTo(new Got(OUTBOUND + ADDED - 1, 4));

      int client = c.localAddress().getPort();
      List<WireChunk> chunks = wire.stop();
      c.dispose();

      List<WireChunk> data =
          chunks.stream()
              .filter(k -> k.type() == WireChunk.DATA && k.sourcePort() == client)
              .toList();
      assertThat(data)
          .as("DATA on stream %d: SSN 0, 1, then 0 after the reset", STREAM)
          .filteredOn(k -> k.stream() == STREAM)
          .extracting(k -> List.of(k.ppid(), (long) k.ssn()))
          .containsExactly(List.of(1L, 0L), List.of(2L, 1L), List.of(3L, 0L));
      assertThat(data)
          .as("the added stream's first DATA")
          .filteredOn(k -> k.stream() == OUTBOUND + ADDED - 1)
          .extracting(k -> List.of(k.ppid(), (long) k.ssn()))
          .containsExactly(List.of(4L, 0L));

      List<WireChunk> requests = reconfig(chunks, client, true);
      assertThat(requests)
          .as("the client's RE-CONFIG: an Outgoing SSN Reset Request listing stream %d", STREAM)
          .anySatisfy(
              k -> {
                assertThat(parameters(k)).contains(OUTGOING_SSN_RESET_REQUEST);
                assertThat(k.all("sctp.parameter_reconfig_sid"))
                    .extracting(Long::decode)
                    .containsExactly((long) STREAM);
              });
      assertThat(requests)
          .as("the client's RE-CONFIG: an Add Outgoing Streams Request for %d", ADDED)
          .anySatisfy(
              k -> {
                assertThat(parameters(k)).contains(ADD_OUTGOING_STREAMS_REQUEST);
                assertThat(k.number("sctp.parameter_add_outgoing_streams_number")).isEqualTo(ADDED);
              });
      List<WireChunk> answers = reconfig(chunks, client, false);
      assertThat(answers)
          .as("the server's RE-CONFIG responses")
          .filteredOn(k -> parameters(k).contains(RECONFIG_RESPONSE))
          .hasSizeGreaterThanOrEqualTo(2)
          .allSatisfy(
              k ->
                  assertThat(k.number("sctp.parameter_reconfig_response_result"))
                      .isEqualTo(SUCCESS_PERFORMED));
    } finally {
      server.disposeNow();
      loops.dispose();
    }
  }

  private static void send(SctpConnection c, int stream, int ppid) {
    c.outbound()
        .send(
            Mono.just(SctpOutboundMessage.builder("m" + ppid).streamId(stream).ppid(ppid).build()))
        .block(WAIT);
  }

  private static Got next(BlockingQueue<Got> received) throws InterruptedException {
    Got got = received.poll(WireKit.WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(got).as("a message within %d s", WireKit.WAIT_SECONDS).isNotNull();
    return got;
  }

  private static List<WireChunk> reconfig(List<WireChunk> chunks, int client, boolean fromClient) {
    return chunks.stream()
        .filter(k -> k.type() == RE_CONFIG && (k.sourcePort() == client) == fromClient)
        .toList();
  }

  private static List<Long> parameters(WireChunk k) {
    return k.all("sctp.parameter_type").stream().map(Long::decode).toList();
  }
}
