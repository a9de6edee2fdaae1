package io.reactorsctp.wire;

import static io.reactorsctp.wire.PrSctpWireTest.LOST;
import static io.reactorsctp.wire.PrSctpWireTest.MARKER_PPID;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactorsctp.channel.SctpChannelOptions;
import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.reactive.DisposableSctpServer;
import io.reactorsctp.reactive.SctpClient;
import io.reactorsctp.reactive.SctpConnection;
import io.reactorsctp.reactive.SctpLoopResources;
import io.reactorsctp.reactive.SctpServer;
import io.reactorsctp.reactive.SendResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * PR-SCTP TTL through the reactive API: a message lost on every arrival and abandoned after its
 * lifetime gets one receipt with its own context, while the wire shows its TSN skipped by
 * FORWARD-TSN.
 */
class PrSctpReactiveWireTest {

  @Test
  void ttlMessageSkippedWithForwardTsnGetsOneReceiptWithItsContext() throws Exception {
    SctpLoopResources loops = SctpLoopResources.create("prsctp-wire", 2);
    BlockingQueue<Integer> receivedPpids = new LinkedBlockingQueue<>();
    DisposableSctpServer server =
        SctpServer.create()
            .bindAddress("127.0.0.1", 0)
            .runOn(loops)
            .handle(
                (in, out) ->
                    in.receive()
                        .doOnNext(
                            m -> {
                              receivedPpids.add(m.ppid());
                              m.release();
                            })
                        .then())
            .bindNow(Duration.ofSeconds(WireKit.WAIT_SECONDS));
    try (PpidDrop drop = new PpidDrop(LOST);
        WireCapture wire =
            WireCapture.start(
                "prsctp-ttl-reactive", "lo", "sctp port " + server.address().getPort())) {
      SctpConnection c =
          SctpClient.create()
              .remoteAddress(server.address())
              .runOn(loops)
              .option(SctpChannelOptions.SCTP_RTOINFO, PrLink.FAST_RTO)
              .connectNow(Duration.ofSeconds(WireKit.WAIT_SECONDS));
      // The kernel's reports reach the receipts through the inbound side: the client keeps reading.
      c.inbound().receive().subscribe(SctpInboundMessage::release);
      // The TTL message is lost on arrival; the reliable marker behind it on stream 1 is delivered
      // only once
      // FORWARD-TSN has skipped it.
      Flux<SctpOutboundMessage> source =
          Flux.just(
              SctpOutboundMessage.builder(new byte[100])
                  .streamId(1)
                  .ppid(LOST << 16)
                  .context(1000)
                  .ttl(500)
                  .build(),
              SctpOutboundMessage.builder("marker")
                  .streamId(1)
                  .ppid(MARKER_PPID)
                  .context(1001)
                  .build());
      List<SendResult> results =
          c.outbound()
              .sendWithReceipts(source)
              .collectList()
              .block(Duration.ofSeconds(2 * WireKit.WAIT_SECONDS));
      Integer first =
          receivedPpids.poll(WireKit.WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
      List<WireChunk> chunks = wire.stop();
      Map<Integer, List<Long>> tsns = PrSctpWireTest.dataTsnsByPpid(chunks);
      System.out.println(
          "PR-SCTP TTL reactive: "
              + results
              + ", TSNs by ppid "
              + PrSctpWireTest.hex(tsns)
              + ", FORWARD-TSN "
              + PrSctpWireTest.forwardTsns(chunks));

      assertThat(first).as("the marker is the first message delivered").isEqualTo(MARKER_PPID);
      assertThat(results).extracting(SendResult::context).containsExactlyInAnyOrder(1000, 1001);
      SendResult ttl = results.stream().filter(r -> r.context() == 1000).findFirst().orElseThrow();
      // Linux reports nothing for a message abandoned after being sent: the receipt can only say
      // so.
      assertThat(ttl.outcome()).isEqualTo(SendResult.Outcome.ACKNOWLEDGED_OR_ABANDONED);
      assertThat(ttl.index()).isZero();
      assertThat(
              results.stream().filter(r -> r.context() == 1001).findFirst().orElseThrow().outcome())
          .isEqualTo(SendResult.Outcome.ACKNOWLEDGED);
      assertThat(tsns).as("the TTL message was sent").containsKey(LOST << 16);
      long lost = tsns.get(LOST << 16).getFirst();
      assertThat(PrSctpWireTest.forwardTsns(chunks))
          .as("a FORWARD-TSN skips TSN %d", lost)
          .anyMatch(t -> PrSctpWireTest.covers(t, lost));
      c.dispose();
    } finally {
      server.disposeNow();
      loops.dispose();
    }
  }
}
