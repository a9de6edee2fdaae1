package io.reactorsctp.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Multi-homed one-to-one associations over loopback aliases (127.0.0.1, .2, .3) on a real kernel.
 */
class MultiHomingTest {

  @Test
  void bindxConnectxAddressListsAndPrimaryPath() throws Exception {
    try (SctpTestKit kit = new SctpTestKit()) {
      InetAddress one = InetAddress.getByName("127.0.0.1");
      InetAddress two = InetAddress.getByName("127.0.0.2");
      InetAddress three = InetAddress.getByName("127.0.0.3");
      CompletableFuture<EpollSctpChannel> accepted = new CompletableFuture<>();
      EpollSctpChannelTest.Collector child = new EpollSctpChannelTest.Collector();
      EpollSctpServerChannel server =
          (EpollSctpServerChannel)
              new ServerBootstrap()
                  .group(kit.group)
                  .channel(EpollSctpServerChannel.class)
                  .childHandler(
                      new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                          ch.pipeline().addLast(child);
                          accepted.complete((EpollSctpChannel) ch);
                        }
                      })
                  .bind(
                      MultiHomedAddress.of(
                          new InetSocketAddress(one, 0), new InetSocketAddress(two, 0)))
                  .sync()
                  .channel();
      int port = server.localAddress().getPort();
      assertThat(server.allLocalAddresses())
          .extracting(InetSocketAddress::getAddress)
          .containsExactlyInAnyOrder(one, two);
      assertThat(server.allLocalAddresses())
          .extracting(InetSocketAddress::getPort)
          .containsOnly(port);

      EpollSctpChannel client =
          (EpollSctpChannel)
              new Bootstrap()
                  .group(kit.group)
                  .channel(EpollSctpChannel.class)
                  .handler(new ChannelInboundHandlerAdapter())
                  .localAddress(
                      MultiHomedAddress.of(
                          new InetSocketAddress(one, 0), new InetSocketAddress(three, 0)))
                  .connect(
                      MultiHomedAddress.of(
                          new InetSocketAddress(one, port), new InetSocketAddress(two, port)))
                  .sync()
                  .channel();
      assertThat(client.allRemoteAddresses())
          .containsExactlyInAnyOrder(
              new InetSocketAddress(one, port), new InetSocketAddress(two, port));
      assertThat(client.allLocalAddresses())
          .extracting(InetSocketAddress::getAddress)
          .containsExactlyInAnyOrder(one, three);
      EpollSctpChannel serverSide = accepted.get(10, TimeUnit.SECONDS);
      assertThat(serverSide.allRemoteAddresses())
          .extracting(InetSocketAddress::getAddress)
          .containsExactlyInAnyOrder(one, three);

      client.setPrimaryAddress(new InetSocketAddress(two, port));
      assertThat(client.status().primaryAddress()).isEqualTo(new InetSocketAddress(two, port));
      client
          .writeAndFlush(SctpOutboundMessage.builder("over the second path").streamId(1).build())
          .sync();
      assertThat(child.next())
          .isEqualTo(new EpollSctpChannelTest.Seen(1, 0, false, "over the second path"));

      client
          .writeAndFlush(
              SctpOutboundMessage.builder("override to .1")
                  .addressOverride(new InetSocketAddress(one, port))
                  .build())
          .sync();
      assertThat(child.next())
          .isEqualTo(new EpollSctpChannelTest.Seen(0, 0, false, "override to .1"));
      io.netty.channel.ChannelFuture notAPeer =
          client.writeAndFlush(
              SctpOutboundMessage.builder("nowhere")
                  .addressOverride(new InetSocketAddress(three, port))
                  .build());
      assertThat(notAPeer.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(notAPeer.cause())
          .as("an override to an address the association lacks fails")
          .isNotNull();

      assertThatThrownBy(() -> MultiHomedAddress.of(java.util.List.of()))
          .isInstanceOf(InvalidSctpMessageException.class)
          .hasMessageContaining("addresses");
      assertThatThrownBy(() -> client.setPrimaryAddress(new InetSocketAddress(three, port)))
          .hasMessageContaining("SCTP_PRIMARY_ADDR");
    }
  }
}
