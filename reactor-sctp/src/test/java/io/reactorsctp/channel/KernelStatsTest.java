package io.reactorsctp.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.ChannelException;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SCTP_GET_ASSOC_STATS and SCTP_GET_PEER_ADDR_INFO on a real kernel, on both channel types. */
class KernelStatsTest {

  private final SctpTestKit kit = new SctpTestKit();

  @AfterEach
  void tearDown() {
    kit.close();
  }

  private static <T> T onLoop(io.netty.channel.Channel ch, Callable<T> call) throws Exception {
    return ch.eventLoop().submit(call).get();
  }

  @Test
  void oneToOneStatsCountWhatWasSentAndThePrimaryPathIsActive() throws Exception {
    var server = kit.server(new ChannelInboundHandlerAdapter());
    EpollSctpChannel client =
        kit.client(SctpTestKit.address(server), new ChannelInboundHandlerAdapter());
    for (int i = 0; i < 10; i++) {
      client.writeAndFlush(SctpOutboundMessage.builder("m" + i).build()).sync();
    }
    SctpAssociationStatus status = onLoop(client, client::status);
    assertThat(status.state()).isEqualTo(4); // ESTABLISHED
    long deadline = System.nanoTime() + 20_000_000_000L;
    SctpAssociationStats stats = onLoop(client, client::associationStats);
    while (stats.orderedDataChunksSent() < 10 && System.nanoTime() < deadline) {
      Thread.sleep(50);
      stats = onLoop(client, client::associationStats);
    }
    assertThat(stats.orderedDataChunksSent()).isEqualTo(10);
    assertThat(stats.packetsSent()).isPositive();
    assertThat(stats.controlChunksReceived()).isPositive(); // at least the COOKIE-ACK and SACKs

    InetSocketAddress peer = client.remoteAddress();
    SctpPeerAddressInfo path = onLoop(client, () -> client.peerAddressInfo(peer));
    assertThat(path.address()).isEqualTo(peer);
    assertThat(path.state()).isEqualTo(SctpPeerAddressInfo.PathState.ACTIVE);
    assertThat(path.rtoMillis()).isPositive();
    assertThat(path.mtu()).isPositive();
    assertThat(path.cwnd()).isPositive();
    assertThatThrownBy(
            () ->
                onLoop(client, () -> client.peerAddressInfo(new InetSocketAddress("127.0.0.9", 9))))
        .hasCauseInstanceOf(ChannelException.class);
    client.close().sync();
    server.close().sync();
  }

  @Test
  void oneToManyFindsTheAssociationOfAPeerAddress() throws Exception {
    EpollSctpMultiChannelTest.MultiCollector serverIn =
        new EpollSctpMultiChannelTest.MultiCollector();
    var server = kit.server(serverIn);
    EpollSctpMultiChannelTest.MultiCollector endpointIn =
        new EpollSctpMultiChannelTest.MultiCollector();
    EpollSctpMultiChannel endpoint =
        (EpollSctpMultiChannel)
            new io.netty.bootstrap.Bootstrap()
                .group(kit.group)
                .channel(EpollSctpMultiChannel.class)
                .handler(endpointIn)
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .sync()
                .channel();
    InetSocketAddress peer = SctpTestKit.address(server);
    endpoint.writeAndFlush(SctpOutboundMessage.builder("hello").peer(peer).build()).sync();
    SctpNotification up = endpointIn.notifications.poll(20, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(up).isInstanceOf(SctpNotification.AssociationChange.class);
    int id = up.associationId();

    SctpPeerAddressInfo found = onLoop(endpoint, () -> endpoint.peerAddressInfo(0, peer));
    assertThat(found.associationId()).isEqualTo(id);
    assertThat(found.address()).isEqualTo(peer);
    assertThat(onLoop(endpoint, () -> endpoint.status(id)).state()).isEqualTo(4);
    assertThat(onLoop(endpoint, () -> endpoint.associationStats(id)).associationId()).isEqualTo(id);
    assertThat(onLoop(endpoint, () -> endpoint.prStatus(id)).abandonedUnsent()).isZero();
    assertThatThrownBy(() -> onLoop(endpoint, () -> endpoint.status(id + 1000)))
        .hasCauseInstanceOf(ChannelException.class);
    endpoint.close().sync();
    server.close().sync();
  }
}
