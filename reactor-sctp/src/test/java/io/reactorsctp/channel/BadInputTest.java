package io.reactorsctp.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Invalid values at every entry point of the channel layer, on a real kernel: each answers with a
 * typed error naming the field, the channel stays up, and the valid messages written around the
 * invalid ones all arrive, in order.
 */
class BadInputTest {

  private final SctpTestKit kit = new SctpTestKit();

  @AfterEach
  void tearDown() {
    kit.close();
  }

  private record Pair(
      EpollSctpChannel client, EpollSctpChannel accepted, EpollSctpChannelTest.Collector in) {}

  /** An association with 3 outbound streams from the client. */
  private Pair pair(InetSocketAddress serverAddress) throws Exception {
    EpollSctpChannelTest.Collector in = new EpollSctpChannelTest.Collector();
    LinkedBlockingQueue<EpollSctpChannel> accepted = new LinkedBlockingQueue<>();
    Channel server =
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
            .bind(serverAddress)
            .sync()
            .channel();
    EpollSctpChannel client =
        (EpollSctpChannel)
            new Bootstrap()
                .group(kit.group)
                .channel(EpollSctpChannel.class)
                .option(SctpChannelOptions.SCTP_INITMSG, new SctpInitMsg(3, 3, 0, 0))
                .handler(new EpollSctpChannelTest.Collector())
                .connect(SctpTestKit.address(server))
                .sync()
                .channel();
    return new Pair(client, accepted.poll(20, TimeUnit.SECONDS), in);
  }

  private static SctpOutboundMessage numbered(int n) {
    return SctpOutboundMessage.builder("m" + n).streamId(n % 3).build();
  }

  /** Writes good messages 0..N with a bad one after each; returns the bad ones' futures. */
  private static List<ChannelFuture> interleave(
      Channel ch, int good, java.util.function.IntFunction<Object> bad) {
    List<ChannelFuture> failures = new ArrayList<>();
    for (int i = 0; i < good; i++) {
      ch.write(numbered(i));
      failures.add(ch.write(bad.apply(i)));
    }
    ch.flush();
    return failures;
  }

  private static void assertAllArrivedInOrder(EpollSctpChannelTest.Collector in, int good)
      throws Exception {
    int[] next = new int[3];
    for (int i = 0; i < good; i++) {
      EpollSctpChannelTest.Seen s = in.next();
      int n = Integer.parseInt(s.text().substring(1));
      assertThat(n % 3).isEqualTo(s.stream());
      assertThat(n)
          .as("in order on stream %d", s.stream())
          .isGreaterThanOrEqualTo(next[s.stream()]);
      next[s.stream()] = n + 1;
    }
    assertThat(in.messages.poll(200, TimeUnit.MILLISECONDS))
        .as("nothing beyond the valid messages")
        .isNull();
  }

  private static Throwable failureOf(ChannelFuture f) {
    assertThat(f.awaitUninterruptibly(20, TimeUnit.SECONDS)).as("an outcome within 20 s").isTrue();
    assertThat(f.isSuccess()).as("the invalid message fails").isFalse();
    return f.cause();
  }

  @Test
  void streamBeyondTheNegotiatedOnesFailsAloneNamingStreamId() throws Exception {
    Pair p = pair(new InetSocketAddress("127.0.0.1", 0));
    assertThat(p.client().outboundStreams()).isEqualTo(3);
    List<ChannelFuture> bad =
        interleave(p.client(), 30, i -> SctpOutboundMessage.builder("bad").streamId(3 + i).build());
    for (ChannelFuture f : bad) {
      assertThat(failureOf(f))
          .isInstanceOf(InvalidSctpMessageException.class)
          .hasMessageContaining("streamId")
          .hasMessageContaining("3 negotiated outbound streams");
    }
    assertAllArrivedInOrder(p.in(), 30);
    assertThat(p.client().isActive()).isTrue();
  }

  @Test
  void oneToManyFieldsOnAOneToOneChannelFailAlone() throws Exception {
    Pair p = pair(new InetSocketAddress("127.0.0.1", 0));
    List<ChannelFuture> bad =
        interleave(
            p.client(),
            9,
            i ->
                switch (i % 3) {
                  case 0 -> SctpOutboundMessage.builder("bad").associationId(7).build();
                  case 1 ->
                      SctpOutboundMessage.builder("bad")
                          .peer(new InetSocketAddress("127.0.0.1", 9))
                          .build();
                  default -> SctpOutboundMessage.builder("bad").sendAll(true).build();
                });
    String[] fields = {"associationId", "peer", "sendAll"};
    for (int i = 0; i < bad.size(); i++) {
      assertThat(failureOf(bad.get(i)))
          .isInstanceOf(InvalidSctpMessageException.class)
          .extracting(t -> ((InvalidSctpMessageException) t).field())
          .isEqualTo(fields[i % 3]);
    }
    assertAllArrivedInOrder(p.in(), 9);
  }

  @Test
  void unsupportedMessageTypesFailAlone() throws Exception {
    Pair p = pair(new InetSocketAddress("127.0.0.1", 0));
    List<ChannelFuture> bad = interleave(p.client(), 5, i -> "a String is no message");
    for (ChannelFuture f : bad) {
      assertThat(failureOf(f))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("SctpOutboundMessage");
    }
    assertAllArrivedInOrder(p.in(), 5);
  }

  @Test
  void addressOverrideToAnAddressOutsideTheAssociationFailsAlone() throws Exception {
    Pair p = pair(new InetSocketAddress("127.0.0.1", 0));
    int port = p.client().remoteAddress().getPort();
    List<InetSocketAddress> strangers =
        List.of(
            new InetSocketAddress("127.0.0.9", port),
            new InetSocketAddress(InetAddress.getByName("::1"), port));
    List<ChannelFuture> bad =
        interleave(
            p.client(),
            6,
            i -> SctpOutboundMessage.builder("bad").addressOverride(strangers.get(i % 2)).build());
    for (ChannelFuture f : bad) {
      assertThat(failureOf(f))
          .isInstanceOf(InvalidSctpMessageException.class)
          .hasMessageContaining("addressOverride")
          .hasMessageContaining("not a peer address");
    }
    assertAllArrivedInOrder(p.in(), 6);
    assertThat(p.client().isActive()).isTrue();
  }

  @Test
  void bindingAnotherFamilysAddressOrAForeignAddressIsATypedError() throws Exception {
    Pair p = pair(new InetSocketAddress("127.0.0.1", 0));
    // A connected client socket is bound to the wildcard: Linux refuses bindx on it (EINVAL),
    // naming the address.
    ChannelFuture v6 = p.client().bindAddress(InetAddress.getByName("::1"));
    assertThat(v6.awaitUninterruptibly(20, TimeUnit.SECONDS)).isTrue();
    assertThat(v6.cause())
        .isInstanceOf(io.reactorsctp.SctpNativeException.class)
        .hasMessageContaining("bindx")
        .hasMessageContaining("0:0:0:0:0:0:0:1")
        .hasMessageContaining("EINVAL");
    ChannelFuture foreign = p.client().bindAddress(InetAddress.getByName("192.0.2.1"));
    assertThat(foreign.awaitUninterruptibly(20, TimeUnit.SECONDS)).isTrue();
    assertThat(foreign.cause())
        .isInstanceOf(io.reactorsctp.SctpNativeException.class)
        .hasMessageContaining("192.0.2.1")
        .hasMessageContaining("EADDRNOTAVAIL");
    ChannelFuture unbindUnknown = p.client().unbindAddress(InetAddress.getByName("127.0.0.7"));
    assertThat(unbindUnknown.awaitUninterruptibly(20, TimeUnit.SECONDS)).isTrue();
    assertThat(unbindUnknown.cause())
        .isInstanceOf(io.reactorsctp.SctpNativeException.class)
        .hasMessageContaining("127.0.0.7");
    assertThatThrownBy(() -> p.client().setPrimaryAddress(new InetSocketAddress("127.0.0.9", 1)))
        .hasMessageContaining("SCTP_PRIMARY_ADDR")
        .hasMessageContaining("127.0.0.9");
    // The association is untouched by all of this.
    p.client().writeAndFlush(numbered(0)).sync();
    assertAllArrivedInOrder(p.in(), 1);
  }

  @Test
  void ipv6AddedToAnIpv4BoundServerSocket() throws Exception {
    Channel server =
        new ServerBootstrap()
            .group(kit.group)
            .channel(EpollSctpServerChannel.class)
            .childHandler(new EpollSctpChannelTest.Collector())
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .sync()
            .channel();
    EpollSctpServerChannel s = (EpollSctpServerChannel) server;
    ChannelFuture v6 = s.bindAddress(InetAddress.getByName("::1"));
    assertThat(v6.awaitUninterruptibly(20, TimeUnit.SECONDS)).isTrue();
    // Our sockets are dual-stack (AF_INET6 without V6ONLY): the kernel accepts both families on one
    // socket.
    assertThat(v6.isSuccess()).isTrue();
    assertThat(s.allLocalAddresses())
        .extracting(InetSocketAddress::getAddress)
        .contains(InetAddress.getByName("::1"), InetAddress.getByName("127.0.0.1"));
  }

  @Test
  void anIpv6PeerForAnIpv4OnlyServerIsATypedConnectError() throws Exception {
    Pair p = pair(new InetSocketAddress("127.0.0.1", 0));
    int port = p.client().remoteAddress().getPort();
    ChannelFuture f =
        new Bootstrap()
            .group(kit.group)
            .channel(EpollSctpChannel.class)
            .handler(new EpollSctpChannelTest.Collector())
            .connect(new InetSocketAddress(InetAddress.getByName("::1"), port));
    assertThat(f.awaitUninterruptibly(30, TimeUnit.SECONDS)).isTrue();
    assertThat(f.cause())
        .isInstanceOf(io.reactorsctp.SctpNativeException.class)
        .hasMessageContaining("ECONNREFUSED")
        .hasMessageContaining("0:0:0:0:0:0:0:1");
    ChannelFuture mixed =
        new Bootstrap()
            .group(kit.group)
            .channel(EpollSctpChannel.class)
            .handler(new EpollSctpChannelTest.Collector())
            .connect(
                MultiHomedAddress.of(
                    new InetSocketAddress("127.0.0.1", port),
                    new InetSocketAddress(InetAddress.getByName("::1"), port)));
    assertThat(mixed.awaitUninterruptibly(30, TimeUnit.SECONDS)).isTrue();
    // The IPv4 server answers the INIT for both; the association has only the address the server
    // has.
    assertThat(mixed.isSuccess()).isTrue();
    assertThat(((EpollSctpChannel) mixed.channel()).allRemoteAddresses())
        .containsExactly(new InetSocketAddress("127.0.0.1", port));
  }

  @Test
  void sendsAfterCloseFailWithClosedChannelException() throws Exception {
    Pair p = pair(new InetSocketAddress("127.0.0.1", 0));
    p.client().close().sync();
    for (int i = 0; i < 10; i++) {
      SctpOutboundMessage m = numbered(i);
      assertThat(failureOf(p.client().writeAndFlush(m))).isInstanceOf(ClosedChannelException.class);
      assertThat(m.refCnt()).as("released").isZero();
    }
  }

  @Test
  void invalidOptionValuesNameTheOption() throws Exception {
    Pair p = pair(new InetSocketAddress("127.0.0.1", 0));
    EpollSctpChannelConfig c = p.client().config();
    assertThatThrownBy(() -> c.setOption(ChannelOption.SO_SNDBUF, -1))
        .isInstanceOf(InvalidSctpMessageException.class)
        .hasMessageContaining("SO_SNDBUF");
    assertThatThrownBy(() -> c.setOption(ChannelOption.SO_RCVBUF, 0))
        .isInstanceOf(InvalidSctpMessageException.class)
        .hasMessageContaining("SO_RCVBUF");
    assertThatThrownBy(() -> c.setOption(SctpChannelOptions.MAX_MESSAGE_SIZE, 0))
        .isInstanceOf(InvalidSctpMessageException.class)
        .hasMessageContaining("SCTP_MAX_MESSAGE_SIZE");
    assertThatThrownBy(() -> c.setOption(SctpChannelOptions.SCTP_AUTOCLOSE, -3))
        .isInstanceOf(InvalidSctpMessageException.class)
        .hasMessageContaining("SCTP_AUTOCLOSE");
    assertThatThrownBy(() -> c.setOption(SctpChannelOptions.SCTP_DELAYED_SACK_TIME, -1))
        .isInstanceOf(InvalidSctpMessageException.class)
        .hasMessageContaining("SCTP_DELAYED_SACK_TIME");
    assertThatThrownBy(() -> c.setOption(SctpChannelOptions.SCTP_MAXSEG, -1))
        .isInstanceOf(InvalidSctpMessageException.class)
        .hasMessageContaining("SCTP_MAXSEG");
    assertThatThrownBy(() -> c.setOption(SctpChannelOptions.SCTP_PARTIAL_DELIVERY_POINT, 0))
        .isInstanceOf(InvalidSctpMessageException.class)
        .hasMessageContaining("SCTP_PARTIAL_DELIVERY_POINT");
    assertThatThrownBy(() -> new SctpInitMsg(70_000, 1, 0, 0))
        .isInstanceOf(InvalidSctpMessageException.class)
        .hasMessageContaining("outboundStreams")
        .hasMessageContaining("65535");
    assertThatThrownBy(() -> new SctpInitMsg(1, -1, 0, 0))
        .hasMessageContaining("maxInboundStreams");
    assertThatThrownBy(() -> new SctpRtoInfo(-1, 0, 0)).hasMessageContaining("initialMillis");
    assertThatThrownBy(() -> new SctpRtoInfo(0, 100, 200)).hasMessageContaining("minMillis");
    assertThatThrownBy(() -> new SctpAssocParams(70_000, 0))
        .hasMessageContaining("maxRetransmissions");
    assertThatThrownBy(() -> new SctpPeerAddrParams(0, true, -1))
        .hasMessageContaining("pathMaxRetransmissions");
    // Above the kernel's current RTO.Max (60 s): only the kernel knows, and its EINVAL is named.
    assertThatThrownBy(
            () -> c.setOption(SctpChannelOptions.SCTP_RTOINFO, new SctpRtoInfo(0, 0, 90_000)))
        .hasMessageContaining("SCTP_RTOINFO")
        .hasMessageContaining("EINVAL");
    p.client().writeAndFlush(numbered(1)).sync();
    assertAllArrivedInOrder(p.in(), 1);
  }

  @Test
  void emptyAddressListsAreRefusedNamingTheField() {
    assertThatThrownBy(() -> MultiHomedAddress.of(List.of()))
        .isInstanceOf(InvalidSctpMessageException.class)
        .hasMessageContaining("addresses");
    assertThatThrownBy(
            () ->
                SctpOutboundMessage.builder("x")
                    .peer(InetSocketAddress.createUnresolved("nowhere", 1)))
        .isInstanceOf(InvalidSctpMessageException.class)
        .hasMessageContaining("peer");
    assertThatThrownBy(
            () ->
                SctpOutboundMessage.builder("x")
                    .addressOverride(InetSocketAddress.createUnresolved("nowhere", 1)))
        .isInstanceOf(InvalidSctpMessageException.class)
        .hasMessageContaining("addressOverride");
  }

  @Test
  void oneToManyUnknownAssociationFailsAloneAndOthersArrive() throws Exception {
    EpollSctpMultiChannelTest.MultiCollector bIn = new EpollSctpMultiChannelTest.MultiCollector();
    EpollSctpMultiChannel a =
        (EpollSctpMultiChannel)
            new Bootstrap()
                .group(kit.group)
                .channel(EpollSctpMultiChannel.class)
                .handler(new EpollSctpMultiChannelTest.MultiCollector())
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .sync()
                .channel();
    EpollSctpMultiChannel b =
        (EpollSctpMultiChannel)
            new Bootstrap()
                .group(kit.group)
                .channel(EpollSctpMultiChannel.class)
                .handler(bIn)
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .sync()
                .channel();
    a.writeAndFlush(SctpOutboundMessage.builder("m-1").peer(b.localAddress()).build()).sync();
    assertThat(bIn.next().text()).isEqualTo("m-1");
    List<ChannelFuture> bad = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      a.write(SctpOutboundMessage.builder("m" + i).peer(b.localAddress()).build());
      bad.add(a.write(SctpOutboundMessage.builder("bad").associationId(999_999 + i).build()));
    }
    a.flush();
    for (ChannelFuture f : bad) {
      assertThat(failureOf(f))
          .isInstanceOf(InvalidSctpMessageException.class)
          .hasMessageContaining("associationId");
    }
    for (int i = 0; i < 20; i++) {
      assertThat(bIn.next().text()).isEqualTo("m" + i);
    }
  }
}
