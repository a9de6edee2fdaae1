package io.reactorsctp.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.reactorsctp.GuestShell;
import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.EpollSctpServerChannel;
import io.reactorsctp.channel.MultiHomedAddress;
import io.reactorsctp.channel.SctpChannelOptions;
import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpNotification;
import io.reactorsctp.channel.SctpNotification.PeerAddressChange;
import io.reactorsctp.channel.SctpNotification.PeerAddressState;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.channel.SctpPeerAddrParams;
import io.reactorsctp.channel.SctpRtoInfo;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Multi-homing failover on a real kernel: an association over two paths (server 127.0.0.2 as
 * primary and 127.0.0.1), the primary path cut in the middle of a stream (a {@code tc} filter
 * dropping everything sent to 127.0.0.2 on the loopback device), then restored: the sender is told
 * the address became unreachable and then available again, traffic moves to the other path and
 * back, and every message arrives once, in order.
 */
class PathFailoverTest {

  private static final int MESSAGES = 600;
  private static final String CUT =
      "modprobe sch_prio; modprobe cls_u32; modprobe act_gact;"
          + " tc qdisc add dev lo root handle 1: prio;"
          + " tc filter add dev lo parent 1: protocol ip prio 1 u32 match ip dst 127.0.0.2/32 action drop";
  private static final String RESTORE = "tc qdisc del dev lo root";

  @Test
  void trafficMovesToTheOtherPathAndBackWithoutLoss() throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
    InetAddress one = InetAddress.getByName("127.0.0.1");
    InetAddress two = InetAddress.getByName("127.0.0.2");
    List<Integer> received = new ArrayList<>();
    CountDownLatch all = new CountDownLatch(MESSAGES);
    BlockingQueue<PeerAddressChange> changes = new LinkedBlockingQueue<>();
    try {
      Channel server =
          new ServerBootstrap()
              .group(group)
              .channel(EpollSctpServerChannel.class)
              .childHandler(
                  new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                      ch.pipeline()
                          .addLast(
                              new SimpleChannelInboundHandler<SctpInboundMessage>() {
                                @Override
                                protected void channelRead0(
                                    ChannelHandlerContext ctx, SctpInboundMessage m) {
                                  synchronized (received) {
                                    received.add(
                                        Integer.parseInt(
                                            m.content().toString(StandardCharsets.US_ASCII)));
                                  }
                                  all.countDown();
                                }
                              });
                    }
                  })
              .bind(
                  MultiHomedAddress.of(
                      new InetSocketAddress(two, 0), new InetSocketAddress(one, 0)))
              .sync()
              .channel();
      int port = ((InetSocketAddress) server.localAddress()).getPort();

      // Quick failure detection: heartbeats every 100 ms, a path is unreachable after 1
      // retransmission.
      EpollSctpChannel client =
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
                  .connect(
                      MultiHomedAddress.of(
                          new InetSocketAddress(two, port), new InetSocketAddress(one, port)))
                  .sync()
                  .channel();
      InetSocketAddress primary = new InetSocketAddress(two, port);
      client.setPrimaryAddress(primary);
      assertThat(client.allRemoteAddresses())
          .containsExactlyInAnyOrder(primary, new InetSocketAddress(one, port));

      int next = send(client, 0, MESSAGES / 3);
      GuestShell.run(CUT);
      try {
        next = send(client, next, MESSAGES / 3);
        PeerAddressChange down = awaitChange(changes, primary, PeerAddressState.UNREACHABLE);
        assertThat(down.address()).isEqualTo(primary);
        next = send(client, next, MESSAGES / 6);
      } finally {
        GuestShell.run(RESTORE);
      }
      PeerAddressChange up = awaitChange(changes, primary, PeerAddressState.AVAILABLE);
      assertThat(up.address()).isEqualTo(primary);
      next = send(client, next, MESSAGES - next);

      assertThat(all.await(120, TimeUnit.SECONDS)).as("all %d messages arrived", MESSAGES).isTrue();
      synchronized (received) {
        assertThat(received)
            .as("each message once, in order")
            .isEqualTo(java.util.stream.IntStream.range(0, MESSAGES).boxed().toList());
      }
      client.close().sync();
      server.close().sync();
    } finally {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
    }
  }

  /**
   * Sends {@code count} messages numbered from {@code from}, paced so the path checks happen
   * meanwhile.
   */
  private static int send(EpollSctpChannel client, int from, int count)
      throws InterruptedException {
    for (int i = from; i < from + count; i++) {
      client.writeAndFlush(SctpOutboundMessage.builder(Integer.toString(i)).build());
      if (i % 20 == 0) {
        Thread.sleep(20);
      }
    }
    return from + count;
  }

  private static PeerAddressChange awaitChange(
      BlockingQueue<PeerAddressChange> changes, InetSocketAddress address, PeerAddressState state)
      throws InterruptedException {
    List<SctpNotification> seen = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      PeerAddressChange c = changes.poll(1, TimeUnit.SECONDS);
      if (c == null) {
        continue;
      }
      seen.add(c);
      if (c.address().equals(address) && c.state() == state) {
        return c;
      }
    }
    throw new AssertionError("no " + state + " for " + address + " within 60 s; seen: " + seen);
  }
}
