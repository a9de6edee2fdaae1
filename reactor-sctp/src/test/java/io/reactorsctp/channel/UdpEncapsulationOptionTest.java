package io.reactorsctp.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.ChannelInboundHandlerAdapter;
import io.reactorsctp.SctpUdpPort;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SCTP over UDP port (RFC 6951) as an option and per association and path, on a real kernel: it
 * reads back as set (and, on an association, as Linux uses it); a host whose {@code
 * net.sctp.udp_port} is 0, a port beyond 65535, an association or a path that does not exist are
 * typed errors naming the sysctl or the field. The packets themselves: {@code
 * UdpEncapsulationWireTest}.
 */
class UdpEncapsulationOptionTest {
  private final SctpTestKit kit = new SctpTestKit();

  @AfterEach
  void tearDown() {
    kit.close();
  }

  @Test
  void withTheSysctlOffTheOptionIsRefusedNamingIt() throws Exception {
    try (SctpUdpPort off = SctpUdpPort.set(0)) {
      EpollSctpChannel channel = new EpollSctpChannel();
      try {
        assertThatThrownBy(
                () ->
                    channel
                        .config()
                        .setOption(SctpChannelOptions.SCTP_REMOTE_UDP_ENCAPS_PORT, 9899))
            .isInstanceOf(SctpUdpEncapsulationUnavailableException.class)
            .hasMessageContaining("net.sctp.udp_port = 0");
        channel.config().setOption(SctpChannelOptions.SCTP_REMOTE_UDP_ENCAPS_PORT, 0);
        assertThat(channel.config().getOption(SctpChannelOptions.SCTP_REMOTE_UDP_ENCAPS_PORT))
            .as("0, plain SCTP, needs no sysctl")
            .isZero();
      } finally {
        channel.unsafe().closeForcibly();
      }
    }
  }

  @Test
  void portsReadBackPerSocketAssociationAndPathAndBadOnesAreNamed() throws Exception {
    try (SctpUdpPort udp = SctpUdpPort.set(SctpUdpPort.IANA)) {
      EpollSctpChannel unconnected = new EpollSctpChannel();
      try {
        EpollSctpChannelConfig c = unconnected.config();
        assertThat(c.getOption(SctpChannelOptions.SCTP_REMOTE_UDP_ENCAPS_PORT))
            .as("net.sctp.encap_port's default")
            .isZero();
        c.setOption(SctpChannelOptions.SCTP_REMOTE_UDP_ENCAPS_PORT, 9900);
        assertThat(c.getOption(SctpChannelOptions.SCTP_REMOTE_UDP_ENCAPS_PORT)).isEqualTo(9900);
        assertThatThrownBy(
                () -> c.setOption(SctpChannelOptions.SCTP_REMOTE_UDP_ENCAPS_PORT, 65_536))
            .isInstanceOf(InvalidSctpMessageException.class)
            .hasMessageContaining("SCTP_REMOTE_UDP_ENCAPS_PORT: 65536");
      } finally {
        unconnected.unsafe().closeForcibly();
      }

      EpollSctpMultiChannelTest.MultiCollector in = new EpollSctpMultiChannelTest.MultiCollector();
      EpollSctpMultiChannel endpoint =
          (EpollSctpMultiChannel)
              new io.netty.bootstrap.Bootstrap()
                  .group(kit.group)
                  .channel(EpollSctpMultiChannel.class)
                  .handler(in)
                  .bind(new InetSocketAddress("127.0.0.1", 0))
                  .sync()
                  .channel();
      EpollSctpChannel client =
          kit.client(endpoint.localAddress(), new ChannelInboundHandlerAdapter());
      client.writeAndFlush(SctpOutboundMessage.builder("hello").build()).sync();
      InetSocketAddress clientAddress = client.localAddress();
      int association = in.next().associationId();

      InetSocketAddress peer = client.remoteAddress();
      client.setUdpEncapsulationPort(peer, 9901);
      assertThat(client.udpEncapsulationPort(peer)).as("one path").isEqualTo(9901);
      InetSocketAddress notPeer = new InetSocketAddress("127.0.0.1", 9);
      assertThatThrownBy(() -> client.setUdpEncapsulationPort(notPeer, 9901))
          .isInstanceOf(InvalidSctpMessageException.class)
          .extracting(e -> ((InvalidSctpMessageException) e).field())
          .isEqualTo("peerAddress");

      endpoint.setUdpEncapsulationPort(association, null, 9902);
      assertThat(endpoint.udpEncapsulationPort(association, null)).isEqualTo(9902);
      assertThat(endpoint.udpEncapsulationPort(association, clientAddress))
          .as("the association's port goes to each of its paths")
          .isEqualTo(9902);
      assertThatThrownBy(() -> endpoint.setUdpEncapsulationPort(association + 1000, null, 9902))
          .isInstanceOf(InvalidSctpMessageException.class)
          .extracting(e -> ((InvalidSctpMessageException) e).field())
          .isEqualTo("associationId");
      client.setUdpEncapsulationPort(peer, 0);
      endpoint.setUdpEncapsulationPort(association, null, 0);
      client.close().sync();
      endpoint.close().sync();
    }
  }
}
