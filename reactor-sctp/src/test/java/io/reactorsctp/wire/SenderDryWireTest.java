package io.reactorsctp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.EpollSctpMultiChannel;
import io.reactorsctp.channel.SctpChannelOptions;
import io.reactorsctp.channel.SctpNotification.SenderDry;
import io.reactorsctp.channel.SctpOutboundMessage;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * {@code SCTP_SENDER_DRY_EVENT} on a real association: with {@link
 * SctpChannelOptions#SCTP_SENDER_DRY_EVENT} on, the kernel reports {@link SenderDry} once
 * everything written is acknowledged; the option reads back what the kernel has ({@code
 * getsockopt(SCTP_EVENT)}), and is off on a socket that did not ask for it.
 */
class SenderDryWireTest {

  @Test
  void kernelReportsSenderDryOnceTheMessageIsAcknowledged() throws Exception {
    try (WireKit kit = new WireKit()) {
      WireKit.Collector received = new WireKit.Collector();
      Channel server = kit.server(received);
      WireKit.Collector events = new WireKit.Collector();
      EpollSctpChannel client =
          (EpollSctpChannel)
              new Bootstrap()
                  .group(kit.group)
                  .channel(EpollSctpChannel.class)
                  .option(SctpChannelOptions.SCTP_SENDER_DRY_EVENT, true)
                  .handler(events)
                  .connect(server.localAddress())
                  .sync()
                  .channel();
      client.writeAndFlush(SctpOutboundMessage.builder("drain me").build()).sync();
      received.next();
      SenderDry dry = events.next(SenderDry.class, d -> true);
      assertThat(dry.associationId()).isEqualTo(client.status().associationId());

      assertThat(server.config().getOption(SctpChannelOptions.SCTP_SENDER_DRY_EVENT))
          .as("off by default")
          .isFalse();
      assertThat(client.config().getOption(SctpChannelOptions.SCTP_SENDER_DRY_EVENT))
          .as("read back")
          .isTrue();

      client.config().setOption(SctpChannelOptions.SCTP_SENDER_DRY_EVENT, false);
      assertThat(client.config().getOption(SctpChannelOptions.SCTP_SENDER_DRY_EVENT))
          .as("turned off")
          .isFalse();
    }
  }

  /**
   * Turned on while a one-to-many endpoint already has an association: that association reports it
   * too.
   */
  @Test
  void oneToManyAssociationsAlreadyUpReportSenderDry() throws Exception {
    try (WireKit kit = new WireKit()) {
      WireKit.Collector received = new WireKit.Collector();
      Channel server = kit.server(received);
      WireKit.Collector events = new WireKit.Collector();
      EpollSctpMultiChannel endpoint = kit.endpoint(new InetSocketAddress("127.0.0.1", 0), events);
      endpoint
          .writeAndFlush(SctpOutboundMessage.builder("set up").peer(server.localAddress()).build())
          .sync();
      received.next();
      int association = endpoint.associationId(server.localAddress()).orElseThrow();
      endpoint.config().setOption(SctpChannelOptions.SCTP_SENDER_DRY_EVENT, true);
      endpoint
          .writeAndFlush(SctpOutboundMessage.builder("drain me").associationId(association).build())
          .sync();
      received.next();
      assertThat(events.next(SenderDry.class, d -> true).associationId()).isEqualTo(association);
    }
  }
}
