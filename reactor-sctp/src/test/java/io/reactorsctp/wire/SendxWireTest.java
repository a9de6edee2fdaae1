package io.reactorsctp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelFuture;
import io.reactorsctp.channel.EpollSctpMultiChannel;
import io.reactorsctp.channel.MultiHomedAddress;
import io.reactorsctp.channel.SctpChannelOptions;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.channel.SctpRtoInfo;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code sctp_sendx(3)} on a one-to-many endpoint: messages addressed to a multi-address peer. The
 * first sets the association up with every address of the peer (connectx), the later ones go on
 * that same association, each write completes once the kernel has taken its message, and the writer
 * learns the association's id.
 */
class SendxWireTest {

  @Test
  void everyMessageToAMultiAddressPeerGoesOnOneAssociation() throws Exception {
    try (WireKit kit = new WireKit()) {
      WireKit.Collector received = new WireKit.Collector();
      int port = WireKit.port(kit.endpoint(twoAddresses("127.0.0.1", "127.0.0.2", 0), received));
      MultiHomedAddress peer = twoAddresses("127.0.0.1", "127.0.0.2", port);
      EpollSctpMultiChannel sender =
          kit.endpoint(new InetSocketAddress("127.0.0.1", 0), new WireKit.Collector());
      try (WireCapture wire = WireCapture.start("sendx", "lo", "sctp port " + port)) {
        List<ChannelFuture> writes = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
          writes.add(
              sender.writeAndFlush(SctpOutboundMessage.builder("message " + i).peer(peer).build()));
        }
        for (ChannelFuture write : writes) {
          assertThat(write.await(WireKit.WAIT_SECONDS, TimeUnit.SECONDS))
              .as("write completed")
              .isTrue();
          assertThat(write.cause()).isNull();
        }
        List<WireKit.Received> got = List.of(received.next(), received.next(), received.next());
        assertThat(got)
            .extracting(WireKit.Received::text)
            .containsExactly("message 1", "message 2", "message 3");
        assertThat(got)
            .extracting(WireKit.Received::associationId)
            .as("one association at the receiver")
            .containsOnly(got.getFirst().associationId());

        int association = sender.associationId(peer).orElseThrow();
        assertThat(sender.remoteAddresses(association))
            .as("the association knows every address given")
            .containsExactlyInAnyOrderElementsOf(peer.addresses());
        // A later message named by that id goes on the same association.
        sender
            .writeAndFlush(SctpOutboundMessage.builder("by id").associationId(association).build())
            .sync();
        assertThat(received.next().associationId()).isEqualTo(got.getFirst().associationId());

        assertThat(wire.chunks(c -> c.type() == WireChunk.INIT))
            .as("one association set up")
            .hasSize(1);
        List<WireChunk> data = wire.chunks(c -> c.type() == WireChunk.DATA);
        assertThat(data).hasSize(4);
        assertThat(data)
            .extracting(WireChunk::verificationTag)
            .as("all DATA on one association")
            .containsOnly(data.getFirst().verificationTag());
      }
    }
  }

  /**
   * The association has the peer's every address from the first INIT on: with the first address
   * unreachable, the INIT is sent again to the second and the association comes up over it. A
   * message to the first address alone could never set it up.
   */
  @Test
  void theSetUpUsesTheOtherAddressWhenTheFirstIsUnreachable() throws Exception {
    try (WireKit kit = new WireKit()) {
      WireKit.Collector received = new WireKit.Collector();
      int port = WireKit.port(kit.endpoint(twoAddresses("127.0.0.2", "127.0.0.3", 0), received));
      // The first address given is .3, cut; the receiver answers from .2, its first bound address,
      // which works.
      MultiHomedAddress peer = twoAddresses("127.0.0.3", "127.0.0.2", port);
      EpollSctpMultiChannel sender =
          kit.endpoint(new InetSocketAddress("127.0.0.1", 0), new WireKit.Collector());
      // A short initial RTO so that the INIT's retransmission comes soon.
      sender.config().setOption(SctpChannelOptions.SCTP_RTOINFO, new SctpRtoInfo(200, 1000, 100));
      try (WireCapture wire =
              WireCapture.start("sendx-first-unreachable", "lo", "sctp port " + port);
          LoopbackFilter cut = LoopbackFilter.drop("ip dst 127.0.0.3/32")) {
        ChannelFuture write =
            sender.writeAndFlush(SctpOutboundMessage.builder("over .2").peer(peer).build());
        assertThat(received.next().text()).isEqualTo("over .2");
        assertThat(write.await(WireKit.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(write.cause()).isNull();
        // Packets to .3 are dropped before the capture point: what is seen is the INIT sent again,
        // to .2.
        List<WireChunk> inits = wire.chunks(c -> c.type() == WireChunk.INIT);
        assertThat(inits)
            .as("the INIT went (again) to the second address")
            .anyMatch(c -> c.destination().equals("127.0.0.2"));
      }
    }
  }

  private static MultiHomedAddress twoAddresses(String first, String second, int port) {
    return MultiHomedAddress.of(
        new InetSocketAddress(first, port), new InetSocketAddress(second, port));
  }
}
