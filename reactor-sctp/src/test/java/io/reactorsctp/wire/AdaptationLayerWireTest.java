package io.reactorsctp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.EpollSctpServerChannel;
import io.reactorsctp.channel.SctpChannelOptions;
import io.reactorsctp.channel.SctpNotification.AdaptationIndication;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link SctpChannelOptions#SCTP_ADAPTATION_LAYER}: the client's indication travels in its INIT,
 * the server's in its INIT-ACK, as the Adaptation Layer Indication parameter (type 0xC006, RFC 5061
 * §4.2.7), and each end's kernel reports the other's as {@link AdaptationIndication}. Values with
 * the top bit set check that the unsigned 32 bits pass unchanged.
 */
class AdaptationLayerWireTest {
  private static final int CLIENT_INDICATION = 0xC1_1E_47_01;
  private static final int SERVER_INDICATION = 0x5E_4E_40_02;
  private static final long ADAPTATION_LAYER_INDICATION = 0xC006;

  @Test
  void indicationsAreInInitAndInitAckAndReachThePeer() throws Exception {
    try (WireKit kit = new WireKit()) {
      WireKit.Collector atServer = new WireKit.Collector();
      WireKit.Collector atClient = new WireKit.Collector();
      Channel server =
          new ServerBootstrap()
              .group(kit.group)
              .channel(EpollSctpServerChannel.class)
              .option(SctpChannelOptions.SCTP_ADAPTATION_LAYER, SERVER_INDICATION)
              .childHandler(atServer)
              .bind(new InetSocketAddress("127.0.0.1", 0))
              .sync()
              .channel();
      try (WireCapture wire =
          WireCapture.start("adaptation", "lo", "sctp port " + WireKit.port(server))) {
        Channel client =
            new Bootstrap()
                .group(kit.group)
                .channel(EpollSctpChannel.class)
                .option(SctpChannelOptions.SCTP_ADAPTATION_LAYER, CLIENT_INDICATION)
                .handler(atClient)
                .connect(server.localAddress())
                .sync()
                .channel();
        assertThat(atServer.next(AdaptationIndication.class, a -> true).indication())
            .isEqualTo(CLIENT_INDICATION);
        assertThat(atClient.next(AdaptationIndication.class, a -> true).indication())
            .isEqualTo(SERVER_INDICATION);

        List<WireChunk> chunks = wire.stop();
        assertIndication(chunks, WireChunk.INIT, CLIENT_INDICATION);
        assertIndication(chunks, WireChunk.INIT_ACK, SERVER_INDICATION);
        assertThat(server.config().getOption(SctpChannelOptions.SCTP_ADAPTATION_LAYER))
            .as("read back")
            .isEqualTo(SERVER_INDICATION);
        assertThat(client.config().getOption(SctpChannelOptions.SCTP_ADAPTATION_LAYER))
            .as("read back")
            .isEqualTo(CLIENT_INDICATION);
      }
    }
  }

  private static void assertIndication(List<WireChunk> chunks, int type, int indication) {
    List<WireChunk> of = chunks.stream().filter(c -> c.type() == type).toList();
    assertThat(of).as("chunk type %d", type).isNotEmpty();
    for (WireChunk c : of) {
      assertThat(c.all("sctp.parameter_type"))
          .extracting(Long::decode)
          .as("%s", c)
          .contains(ADAPTATION_LAYER_INDICATION);
      assertThat(c.number("sctp.adaptation_layer_indication"))
          .isEqualTo(Integer.toUnsignedLong(indication));
    }
  }
}
