package io.reactorsctp.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.MultiHomedAddress;
import io.reactorsctp.channel.SctpChannelOptions;
import io.reactorsctp.channel.SctpNotification.PeerAddressChange;
import io.reactorsctp.channel.SctpNotification.PeerAddressState;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.channel.SctpPeerAddrParams;
import io.reactorsctp.channel.SctpRtoInfo;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Multi-homing failover over two real paths: two veth pairs between this network namespace and
 * another, the receiver (a {@link Peer} JVM) in the other one listening on both of its addresses,
 * this side sending over an association with both. In the middle of the stream the primary path's
 * link goes down ({@code ip link set down}, both directions lost), then comes back: the sender is
 * told the primary address became unreachable, the data goes over the other path meanwhile (its
 * veth counts the bytes), the sender is told the address is available again and the data goes back
 * to it, and the receiver gets every message once, in order. The loopback variant is {@link
 * PathFailoverTest}.
 */
class VethFailoverTest {

  private static final int MESSAGES = 600;

  /**
   * Messages per round once the primary is back: 100 are left then, so up to 10 rounds, a second
   * apart.
   */
  private static final int ROUND = 10;

  private static final int SIZE = 1000;
  private static final int PORT = 9899; // the namespace is new: nothing else listens there
  private static final String PRIMARY_LINK = "rsa0";
  private static final String OTHER_LINK = "rsb0";

  @Test
  void trafficMovesToTheOtherPathWhileThePrimaryLinkIsDownAndNothingIsLost() throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    BlockingQueue<PeerAddressChange> changes = new LinkedBlockingQueue<>();
    List<PeerAddressChange> seen = new ArrayList<>();
    long start = System.nanoTime();
    try (Netns ns = new Netns()) {
      ns.sh(
          "modprobe veth;"
              + " ip link add rsa0 type veth peer name rsa1 netns $NS; ip addr add 10.78.1.1/24 dev rsa0;"
              + " ip link set rsa0 up;"
              + " ip link add rsb0 type veth peer name rsb1 netns $NS; ip addr add 10.78.2.1/24 dev rsb0;"
              + " ip link set rsb0 up");
      ns.shInside(
          "ip link set lo up; ip addr add 10.78.1.2/24 dev rsa1; ip link set rsa1 up;"
              + " ip addr add 10.78.2.2/24 dev rsb1; ip link set rsb1 up");
      InetSocketAddress primary = new InetSocketAddress("10.78.1.2", PORT);
      InetSocketAddress other = new InetSocketAddress("10.78.2.2", PORT);

      try (PeerProcess receiver =
          new PeerProcess(
              ns.pid(),
              "receive",
              "10.78.1.2,10.78.2.2",
              Integer.toString(PORT),
              Integer.toString(MESSAGES))) {
        receiver.awaitLine("READY", 90);
        // Quick failure detection: heartbeats every 100 ms, a path is unreachable after 1
        // retransmission.
        EpollSctpChannel sender =
            (EpollSctpChannel)
                new Bootstrap()
                    .group(group)
                    .channel(EpollSctpChannel.class)
                    .option(SctpChannelOptions.SCTP_RTOINFO, new SctpRtoInfo(200, 400, 100))
                    .option(
                        SctpChannelOptions.SCTP_PEER_ADDR_PARAMS,
                        new SctpPeerAddrParams(100, true, 1))
                    .handler(
                        new ChannelInboundHandlerAdapter() {
                          @Override
                          public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                            if (evt instanceof PeerAddressChange c) {
                              changes.add(c);
                            }
                          }
                        })
                    .connect(MultiHomedAddress.of(primary, other))
                    .sync()
                    .channel();
        sender.setPrimaryAddress(primary);
        assertThat(sender.allRemoteAddresses()).containsExactlyInAnyOrder(primary, other);

        int next = send(sender, 0, MESSAGES / 3);
        long otherBytesBeforeCut = txBytes(OTHER_LINK);
        ns.sh("ip link set " + PRIMARY_LINK + " down");
        long otherBytesDuringCut;
        try {
          int cutFrom = next;
          next = send(sender, next, MESSAGES / 3);
          awaitChange(changes, seen, primary, PeerAddressState.UNREACHABLE);
          next = send(sender, next, MESSAGES / 6);
          sender.flush();
          // What was sent while the primary link was down went over the other one.
          waitUntilSent(sender);
          otherBytesDuringCut = txBytes(OTHER_LINK) - otherBytesBeforeCut;
          assertThat(otherBytesDuringCut)
              .as("bytes over %s while %s was down", OTHER_LINK, PRIMARY_LINK)
              .isGreaterThanOrEqualTo((long) (next - cutFrom) * SIZE);
        } finally {
          ns.sh("ip link set " + PRIMARY_LINK + " up");
        }
        awaitChange(changes, seen, primary, PeerAddressState.AVAILABLE);
        // Linux returns to the primary once it is active again. With one retransmission allowed per
        // path, a loaded machine can fail it once more (a late heartbeat ack) before it settles:
        // the rest goes in rounds, a pause between them, until one round has gone over the primary.
        long primaryBytesAtEnd = 0;
        boolean backOnPrimary = false;
        while (next < MESSAGES) {
          long before = txBytes(PRIMARY_LINK);
          int count = Math.min(ROUND, MESSAGES - next);
          next = send(sender, next, count);
          waitUntilSent(sender);
          long carried = txBytes(PRIMARY_LINK) - before;
          primaryBytesAtEnd += carried;
          if (carried >= (long) count * SIZE) {
            backOnPrimary = true;
            long rest = txBytes(PRIMARY_LINK);
            next = send(sender, next, MESSAGES - next);
            waitUntilSent(sender);
            primaryBytesAtEnd += txBytes(PRIMARY_LINK) - rest;
          } else {
            Thread.sleep(1000);
          }
        }
        changes.drainTo(seen);
        assertThat(backOnPrimary)
            .as(
                "a round of %d messages wholly over %s once it was back (Linux returns to an"
                    + " active primary); %d B over it in all; peer address changes %s",
                ROUND,
                PRIMARY_LINK,
                primaryBytesAtEnd,
                seen.stream().map(c -> c.address().getHostString() + " " + c.state()).toList())
            .isTrue();

        Map<String, Long> got = receiver.results(120);
        assertThat(got.get("duplicates")).as("duplicates").isZero();
        assertThat(got.get("outOfOrder")).as("messages out of order").isZero();
        assertThat(got.get("received")).as("messages received").isEqualTo(MESSAGES);
        changes.drainTo(seen);
        System.err.printf(
            "VethFailoverTest: %d messages of %d B over two veth paths, each once in order; %s down"
                + " then up: %d B over %s meanwhile, %d B over %s once it was back; peer address changes %s; %d s%n",
            MESSAGES,
            SIZE,
            PRIMARY_LINK,
            otherBytesDuringCut,
            OTHER_LINK,
            primaryBytesAtEnd,
            PRIMARY_LINK,
            seen.stream().map(c -> c.address().getHostString() + " " + c.state()).toList(),
            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
        sender.close().sync();
      }
    } finally {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
    }
  }

  /**
   * Sends {@code count} messages numbered from {@code from}, paced so the path checks happen
   * meanwhile.
   */
  private static int send(EpollSctpChannel sender, int from, int count)
      throws InterruptedException {
    for (int i = from; i < from + count; i++) {
      ByteBuf payload =
          PooledByteBufAllocator.DEFAULT.directBuffer(SIZE).writeInt(i).writeZero(SIZE - 4);
      sender.writeAndFlush(SctpOutboundMessage.builder(payload).build());
      if (i % 20 == 0) {
        Thread.sleep(20);
      }
    }
    return from + count;
  }

  /** Waits until the kernel has nothing left to send or unacknowledged on the association. */
  private static void waitUntilSent(EpollSctpChannel sender) throws Exception {
    for (int i = 0; i < 600; i++) {
      boolean queued =
          sender.eventLoop().submit(() -> !sender.unsafe().outboundBuffer().isEmpty()).get();
      var s = sender.status();
      if (!queued && s.unackedData() == 0 && s.pendingData() == 0) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        "the association still had data to send after 30 s: " + sender.status());
  }

  private static void awaitChange(
      BlockingQueue<PeerAddressChange> changes,
      List<PeerAddressChange> seen,
      InetSocketAddress address,
      PeerAddressState state)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      PeerAddressChange c = changes.poll(1, TimeUnit.SECONDS);
      if (c == null) {
        continue;
      }
      seen.add(c);
      if (c.address().equals(address) && c.state() == state) {
        return;
      }
    }
    throw new AssertionError("no " + state + " for " + address + " within 60 s; seen: " + seen);
  }

  private static long txBytes(String link) throws Exception {
    return Long.parseLong(
        Files.readString(Path.of("/sys/class/net", link, "statistics", "tx_bytes")).trim());
  }
}
