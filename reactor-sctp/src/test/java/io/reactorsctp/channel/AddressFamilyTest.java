package io.reactorsctp.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** IPv6, IPv4 and both on one socket, on a real kernel over loopback (127.0.0.1 and ::1). */
class AddressFamilyTest {

  private static final InetAddress V4 = address("127.0.0.1");
  private static final InetAddress V6 = address("::1");

  private final SctpTestKit kit = new SctpTestKit();

  @AfterEach
  void tearDown() {
    kit.close();
  }

  /** A server whose accepted channels' collectors land in a queue, with the channel. */
  private record Server(
      EpollSctpServerChannel channel,
      LinkedBlockingQueue<EpollSctpChannel> accepted,
      EpollSctpChannelTest.Collector in) {}

  private Server server(java.net.SocketAddress bindTo) throws InterruptedException {
    LinkedBlockingQueue<EpollSctpChannel> accepted = new LinkedBlockingQueue<>();
    EpollSctpChannelTest.Collector in = new EpollSctpChannelTest.Collector();
    EpollSctpServerChannel server =
        (EpollSctpServerChannel)
            new ServerBootstrap()
                .group(kit.group)
                .channel(EpollSctpServerChannel.class)
                .childHandler(
                    new ChannelInitializer<Channel>() {
                      @Override
                      protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(in);
                        accepted.add((EpollSctpChannel) ch);
                      }
                    })
                .bind(bindTo)
                .sync()
                .channel();
    return new Server(server, accepted, in);
  }

  @Test
  void oneToOneOverIpv6() throws Exception {
    Server server = server(new InetSocketAddress(V6, 0));
    assertThat(server.channel().localAddress().getAddress()).isEqualTo(V6);
    EpollSctpChannel client =
        kit.client(server.channel().localAddress(), new ChannelInboundHandlerAdapter());
    client
        .writeAndFlush(SctpOutboundMessage.builder("over ::1").streamId(2).ppid(46).build())
        .sync();
    assertThat(server.in().next())
        .isEqualTo(new EpollSctpChannelTest.Seen(2, 46, false, "over ::1"));
    assertThat(client.remoteAddress().getAddress()).isInstanceOf(Inet6Address.class).isEqualTo(V6);
    EpollSctpChannel accepted = server.accepted().poll(10, TimeUnit.SECONDS);
    assertThat(accepted.remoteAddress().getAddress()).isEqualTo(V6);
    assertThat(accepted.status().primaryAddress().getAddress()).isEqualTo(V6);
  }

  @Test
  void wildcardServerAcceptsBothFamilies() throws Exception {
    Server server = server(new InetSocketAddress(address("::"), 0));
    int port = server.channel().localAddress().getPort();
    EpollSctpChannel overV4 =
        kit.client(new InetSocketAddress(V4, port), new ChannelInboundHandlerAdapter());
    overV4.writeAndFlush(SctpOutboundMessage.builder("from IPv4").build()).sync();
    assertThat(server.in().next().text()).isEqualTo("from IPv4");
    EpollSctpChannel acceptedV4 = server.accepted().poll(10, TimeUnit.SECONDS);
    // An IPv4 peer of an IPv6 socket reads as IPv4, not as ::ffff:127.0.0.1.
    assertThat(acceptedV4.remoteAddress().getAddress())
        .isInstanceOf(Inet4Address.class)
        .isEqualTo(V4);
    assertThat(overV4.localAddress().getAddress()).isEqualTo(V4);

    EpollSctpChannel overV6 =
        kit.client(new InetSocketAddress(V6, port), new ChannelInboundHandlerAdapter());
    overV6.writeAndFlush(SctpOutboundMessage.builder("from IPv6").build()).sync();
    assertThat(server.in().next().text()).isEqualTo("from IPv6");
    assertThat(server.accepted().poll(10, TimeUnit.SECONDS).remoteAddress().getAddress())
        .isEqualTo(V6);
  }

  @Test
  void mixedFamilyMultiHoming() throws Exception {
    Server server =
        server(MultiHomedAddress.of(new InetSocketAddress(V6, 0), new InetSocketAddress(V4, 0)));
    int port = server.channel().localAddress().getPort();
    assertThat(server.channel().allLocalAddresses())
        .containsExactlyInAnyOrder(
            new InetSocketAddress(V6, port), new InetSocketAddress(V4, port));

    // Both paths of one association, one per family.
    EpollSctpChannel client =
        (EpollSctpChannel)
            new Bootstrap()
                .group(kit.group)
                .channel(EpollSctpChannel.class)
                .handler(new ChannelInboundHandlerAdapter())
                .localAddress(
                    MultiHomedAddress.of(
                        new InetSocketAddress(V6, 0), new InetSocketAddress(V4, 0)))
                .connect(
                    MultiHomedAddress.of(
                        new InetSocketAddress(V4, port), new InetSocketAddress(V6, port)))
                .sync()
                .channel();
    assertThat(client.allRemoteAddresses())
        .containsExactlyInAnyOrder(
            new InetSocketAddress(V4, port), new InetSocketAddress(V6, port));
    EpollSctpChannel accepted = server.accepted().poll(10, TimeUnit.SECONDS);
    assertThat(accepted.allRemoteAddresses())
        .extracting(InetSocketAddress::getAddress)
        .containsExactlyInAnyOrder(V4, V6);

    client.setPrimaryAddress(new InetSocketAddress(V6, port));
    assertThat(client.status().primaryAddress()).isEqualTo(new InetSocketAddress(V6, port));
    client.writeAndFlush(SctpOutboundMessage.builder("over the IPv6 path").build()).sync();
    assertThat(server.in().next().text()).isEqualTo("over the IPv6 path");
    client.setPrimaryAddress(new InetSocketAddress(V4, port));
    client.writeAndFlush(SctpOutboundMessage.builder("over the IPv4 path").build()).sync();
    assertThat(server.in().next().text()).isEqualTo("over the IPv4 path");
  }

  @Test
  void oneToManyOverIpv6WithImplicitSetUp() throws Exception {
    EpollSctpMultiChannelTest.MultiCollector aIn = new EpollSctpMultiChannelTest.MultiCollector();
    EpollSctpMultiChannelTest.MultiCollector bIn = new EpollSctpMultiChannelTest.MultiCollector();
    EpollSctpMultiChannel a =
        (EpollSctpMultiChannel)
            new Bootstrap()
                .group(kit.group)
                .channel(EpollSctpMultiChannel.class)
                .handler(aIn)
                .bind(new InetSocketAddress(V6, 0))
                .sync()
                .channel();
    EpollSctpMultiChannel b =
        (EpollSctpMultiChannel)
            new Bootstrap()
                .group(kit.group)
                .channel(EpollSctpMultiChannel.class)
                .handler(bIn)
                .bind(new InetSocketAddress(V6, 0))
                .sync()
                .channel();
    a.writeAndFlush(SctpOutboundMessage.builder("implicit over ::1").peer(b.localAddress()).build())
        .sync();
    EpollSctpMultiChannelTest.FromAssociation atB = bIn.next();
    assertThat(atB.text()).isEqualTo("implicit over ::1");
    assertThat(b.remoteAddresses(atB.associationId())).containsExactly(a.localAddress());
    b.writeAndFlush(SctpOutboundMessage.builder("reply").associationId(atB.associationId()).build())
        .sync();
    assertThat(aIn.next().text()).isEqualTo("reply");
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
