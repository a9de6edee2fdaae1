package io.reactorsctp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.EpollSctpMultiChannel;
import io.reactorsctp.channel.InvalidSctpMessageException;
import io.reactorsctp.channel.SctpNotification.AssociationChange;
import io.reactorsctp.channel.SctpNotification.AssociationState;
import io.reactorsctp.channel.SctpOutboundMessage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * ABORT with a reason (RFC 6458 §5.3.4 SCTP_ABORT, RFC 9260 §3.3.10.12): on the wire an ABORT chunk
 * whose User-Initiated Abort cause (12) carries the reason's bytes, and on the receiving side the
 * reason read back from the notification's {@code sac_info}, by a one-to-many peer and by a
 * one-to-one peer. A one-to-one channel, where Linux cannot carry a reason, refuses one with a
 * typed error instead of aborting silently without it.
 */
class AbortReasonWireTest {
  private static final String REASON = "operator: maintenance window";

  @Test
  void aReasonTravelsInTheAbortChunkAndReachesBothKindsOfPeer() throws Exception {
    try (WireKit kit = new WireKit()) {
      WireKit.Collector multiPeerIn = new WireKit.Collector();
      EpollSctpMultiChannel multiPeer =
          kit.endpoint(new InetSocketAddress("127.0.0.1", 0), multiPeerIn);
      WireKit.Collector oneToOneIn = new WireKit.Collector();
      Channel oneToOneServer =
          kit.server(
              new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                  ch.pipeline().addLast(oneToOneIn);
                }
              });
      WireKit.Collector aborterIn = new WireKit.Collector();
      EpollSctpMultiChannel aborter =
          kit.endpoint(new InetSocketAddress("127.0.0.1", 0), aborterIn);
      try (WireCapture wire =
          WireCapture.start("abort-reason", "lo", "sctp port " + WireKit.port(aborter))) {
        for (Channel peer : List.of(multiPeer, oneToOneServer)) {
          aborter
              .writeAndFlush(SctpOutboundMessage.builder("hello").peer(peer.localAddress()).build())
              .sync();
        }
        multiPeerIn.next();
        oneToOneIn.next();
        for (Channel peer : List.of(multiPeer, oneToOneServer)) {
          int association = aborter.associationId(peer.localAddress()).orElseThrow();
          aborter
              .writeAndFlush(
                  SctpOutboundMessage.builder(REASON)
                      .associationId(association)
                      .abort(true)
                      .build())
              .sync();
        }
        for (WireKit.Collector in : List.of(multiPeerIn, oneToOneIn)) {
          AssociationChange lost =
              in.next(
                  AssociationChange.class, c -> c.state() == AssociationState.COMMUNICATION_LOST);
          assertThat(lost.error()).isEqualTo(AssociationChange.USER_INITIATED_ABORT);
          assertThat(lost.abortReason())
              .hasValueSatisfying(
                  r -> assertThat(new String(r, StandardCharsets.UTF_8)).isEqualTo(REASON));
        }
        List<WireChunk> aborts = wire.chunks(c -> c.type() == WireChunk.ABORT);
        assertThat(aborts).as("one ABORT per association").hasSize(2);
        for (WireChunk abort : aborts) {
          assertThat(abort.number("sctp.cause_code"))
              .isEqualTo(WireChunk.CAUSE_USER_INITIATED_ABORT);
          assertThat(new String(abort.bytes("sctp.cause_information"), StandardCharsets.UTF_8))
              .isEqualTo(REASON);
        }
      }
    }
  }

  @Test
  void aOneToOneChannelRefusesAReasonAndAbortsWithoutOne() throws Exception {
    try (WireKit kit = new WireKit()) {
      WireKit.Collector serverIn = new WireKit.Collector();
      Channel server =
          kit.server(
              new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                  ch.pipeline().addLast(serverIn);
                }
              });
      try (WireCapture wire =
          WireCapture.start("abort-one-to-one", "lo", "sctp port " + WireKit.port(server))) {
        EpollSctpChannel client = kit.client(server.localAddress(), new WireKit.Collector());
        ChannelFuture refused =
            client.writeAndFlush(SctpOutboundMessage.builder(REASON).abort(true).build());
        assertThat(refused.await(WireKit.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(refused.cause())
            .isInstanceOf(InvalidSctpMessageException.class)
            .hasMessageContaining("abort")
            .hasMessageContaining("one-to-many");
        client.writeAndFlush(SctpOutboundMessage.builder("still up").build()).sync();
        assertThat(serverIn.next().text())
            .as("the refused abort left the association up")
            .isEqualTo("still up");

        client
            .writeAndFlush(SctpOutboundMessage.builder(Unpooled.EMPTY_BUFFER).abort(true).build())
            .sync();
        AssociationChange lost =
            serverIn.next(
                AssociationChange.class, c -> c.state() == AssociationState.COMMUNICATION_LOST);
        assertThat(lost.abortReason()).isEmpty();
        assertThat(wire.chunks(c -> c.type() == WireChunk.ABORT))
            .as("an empty abort still aborts")
            .hasSize(1);
      }
    }
  }
}
