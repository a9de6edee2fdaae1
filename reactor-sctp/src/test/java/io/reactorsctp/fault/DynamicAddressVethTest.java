package io.reactorsctp.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.MultiHomedAddress;
import io.reactorsctp.channel.SctpChannelOptions;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.channel.SctpPeerAddrParams;
import io.reactorsctp.channel.SctpRtoInfo;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Dynamic addresses (ASCONF, RFC 5061) over two real paths: two veth pairs between this network
 * namespace and another, where the receiver (a {@link Peer} JVM with ASCONF on) listens on both of
 * its addresses. This side starts bound to its first address only and, while messages flow, adds
 * its second address (the peer is told: ADDED), asks the peer to make it its primary (MADE_PRIMARY)
 * and makes the peer's second address its own primary, then removes its first address (REMOVED).
 * The last messages leave over the second link, and the receiver gets every message once, in order.
 */
class DynamicAddressVethTest {

  private static final int MESSAGES = 300;
  private static final int SIZE = 1000;
  private static final int PORT = 9899; // the namespace is new: nothing else listens there
  private static final String FIRST_LINK = "rda0";
  private static final String SECOND_LINK = "rdb0";
  private static final long WAIT_SECONDS = 60;

  @Test
  void addSetPrimaryRemoveWhileSendingLosesNothing() throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    long start = System.nanoTime();
    try (Netns ns = new Netns()) {
      ns.sh(
          "modprobe veth;"
              + " ip link add rda0 type veth peer name rda1 netns $NS; ip addr add 10.79.1.1/24 dev rda0;"
              + " ip link set rda0 up;"
              + " ip link add rdb0 type veth peer name rdb1 netns $NS; ip addr add 10.79.2.1/24 dev rdb0;"
              + " ip link set rdb0 up");
      ns.shInside(
          "ip link set lo up; ip addr add 10.79.1.2/24 dev rda1; ip link set rda1 up;"
              + " ip addr add 10.79.2.2/24 dev rdb1; ip link set rdb1 up");
      InetAddress firstLocal = InetAddress.getByName("10.79.1.1");
      InetAddress secondLocal = InetAddress.getByName("10.79.2.1");
      InetSocketAddress firstPeer = new InetSocketAddress("10.79.1.2", PORT);
      InetSocketAddress secondPeer = new InetSocketAddress("10.79.2.2", PORT);

      try (PeerProcess receiver =
          new PeerProcess(
              ns.pid(),
              "receive",
              "10.79.1.2,10.79.2.2",
              Integer.toString(PORT),
              Integer.toString(MESSAGES),
              "asconf")) {
        receiver.awaitLine("READY", 90);
        EpollSctpChannel sender =
            (EpollSctpChannel)
                new Bootstrap()
                    .group(group)
                    .channel(EpollSctpChannel.class)
                    .option(SctpChannelOptions.SCTP_ASCONF_SUPPORTED, true)
                    .option(SctpChannelOptions.SCTP_RTOINFO, new SctpRtoInfo(200, 400, 100))
                    .option(
                        SctpChannelOptions.SCTP_PEER_ADDR_PARAMS,
                        new SctpPeerAddrParams(100, true, 2))
                    .handler(new ChannelInboundHandlerAdapter())
                    // Bound to one specific address: the wildcard cannot add or remove one.
                    .localAddress(new InetSocketAddress(firstLocal, 0))
                    .connect(MultiHomedAddress.of(firstPeer, secondPeer))
                    .sync()
                    .channel();
        assertThat(sender.config().getOption(SctpChannelOptions.SCTP_ASCONF_SUPPORTED))
            .as("ASCONF negotiated")
            .isTrue();
        int port = sender.localAddress().getPort();

        int next = send(sender, 0, MESSAGES / 3);
        sender.bindAddress(secondLocal).sync();
        receiver.awaitLine("PEER_ADDR 10.79.2.1 ADDED", WAIT_SECONDS);
        next = send(sender, next, MESSAGES / 6);
        sender.setPeerPrimaryAddress(new InetSocketAddress(secondLocal, port));
        sender.setPrimaryAddress(secondPeer);
        receiver.awaitLine("PEER_ADDR 10.79.2.1 MADE_PRIMARY", WAIT_SECONDS);
        next = send(sender, next, MESSAGES / 6);
        sender.unbindAddress(firstLocal).sync();
        receiver.awaitLine("PEER_ADDR 10.79.1.1 REMOVED", WAIT_SECONDS);
        assertThat(sender.allLocalAddresses())
            .containsExactly(new InetSocketAddress(secondLocal, port));

        long secondBefore = txBytes(SECOND_LINK);
        int rest = MESSAGES - next;
        next = send(sender, next, rest);
        Map<String, Long> got = receiver.results(120);
        long overSecond = txBytes(SECOND_LINK) - secondBefore;
        assertThat(got.get("duplicates")).as("duplicates").isZero();
        assertThat(got.get("outOfOrder")).as("messages out of order").isZero();
        assertThat(got.get("received")).as("messages received").isEqualTo(MESSAGES);
        assertThat(overSecond)
            .as("bytes over %s once %s was removed", SECOND_LINK, firstLocal)
            .isGreaterThanOrEqualTo((long) rest * SIZE);
        System.err.printf(
            "DynamicAddressVethTest: %d messages of %d B, each once in order, across add %s,"
                + " set-primary, remove %s; %d B over %s afterwards; %d s%n",
            MESSAGES,
            SIZE,
            secondLocal.getHostAddress(),
            firstLocal.getHostAddress(),
            overSecond,
            SECOND_LINK,
            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
        sender.close().sync();
      }
    } finally {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
    }
  }

  /** Sends {@code count} messages numbered from {@code from}; they are in flight on return. */
  private static int send(EpollSctpChannel sender, int from, int count) {
    for (int i = from; i < from + count; i++) {
      ByteBuf payload =
          PooledByteBufAllocator.DEFAULT.directBuffer(SIZE).writeInt(i).writeZero(SIZE - 4);
      sender.write(SctpOutboundMessage.builder(payload).build());
    }
    sender.flush();
    return from + count;
  }

  private static long txBytes(String link) throws Exception {
    return Long.parseLong(
        Files.readString(Path.of("/sys/class/net", link, "statistics", "tx_bytes")).trim());
  }
}
