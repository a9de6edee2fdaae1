package io.reactorsctp.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.EpollSctpServerChannel;
import io.reactorsctp.channel.SctpNotification;
import io.reactorsctp.channel.SctpOutboundMessage;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A peer process killed with SIGKILL while this side sends: its kernel aborts the association.
 * Every message gets exactly one outcome: taken and acknowledged, or taken and reported back by the
 * kernel ({@code SEND_FAILED} with its context), or refused before reaching the kernel (its write
 * fails); nothing hangs.
 */
class PeerDeathTest {

  static final int MESSAGES = 3_000;

  @Test
  void killedPeerFailsEveryUnacknowledgedMessageOnceWithItsContext() throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    try {
      CompletableFuture<EpollSctpChannel> accepted = new CompletableFuture<>();
      List<SctpNotification> notifications = new CopyOnWriteArrayList<>();
      List<Throwable> errors = new CopyOnWriteArrayList<>();
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
                              new ChannelInboundHandlerAdapter() {
                                @Override
                                public void userEventTriggered(
                                    ChannelHandlerContext ctx, Object evt) {
                                  if (evt instanceof SctpNotification n) {
                                    notifications.add(n);
                                  }
                                }

                                @Override
                                public void exceptionCaught(
                                    ChannelHandlerContext ctx, Throwable cause) {
                                  errors.add(cause);
                                }
                              });
                      accepted.complete((EpollSctpChannel) ch);
                    }
                  })
              .bind(new InetSocketAddress("127.0.0.1", 0))
              .sync()
              .channel();
      int port = ((InetSocketAddress) server.localAddress()).getPort();

      try (PeerProcess peer = new PeerProcess(0, "stall", "127.0.0.1", Integer.toString(port))) {
        peer.awaitLine("READY", 90);
        EpollSctpChannel ch = accepted.get(30, TimeUnit.SECONDS);
        List<ChannelFuture> writes = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
          writes.add(
              ch.write(
                  SctpOutboundMessage.builder(
                          PooledByteBufAllocator.DEFAULT.directBuffer(1000).writeZero(1000))
                      .context(i)
                      .build()));
        }
        ch.flush();
        // The peer reads nothing: its window closes, our kernel's buffer fills, the rest waits in
        // our queue.
        long taken = 0;
        for (int stable = 0; stable < 20 || taken == 0; ) {
          Thread.sleep(50);
          long now = writes.stream().filter(ChannelFuture::isSuccess).count();
          stable = now == taken ? stable + 1 : 0;
          taken = now;
        }
        peer.kill();

        assertThat(ch.closeFuture().await(60, TimeUnit.SECONDS))
            .as("the channel closes once aborted")
            .isTrue();
        Map<Integer, Integer> reported = new ConcurrentHashMap<>();
        taken = 0;
        int refused = 0;
        Map<String, Integer> refusedBy = new java.util.TreeMap<>();
        for (int i = 0; i < MESSAGES; i++) {
          ChannelFuture w = writes.get(i);
          assertThat(w.await(30, TimeUnit.SECONDS)).as("write %d has an outcome", i).isTrue();
          if (w.isSuccess()) {
            taken++;
          } else {
            refused++;
            // Refused by the kernel once the association is gone (ECONNRESET), or failed when the
            // channel closed.
            assertThat(w.cause())
                .satisfiesAnyOf(
                    c -> assertThat(c).isInstanceOf(ClosedChannelException.class),
                    c ->
                        assertThat(c)
                            .isInstanceOfSatisfying(
                                io.reactorsctp.SctpNativeException.class,
                                e -> assertThat(e.isConnectionLost()).isTrue()));
            refusedBy.merge(w.cause().getClass().getSimpleName(), 1, Integer::sum);
          }
        }
        boolean lost = false;
        for (SctpNotification n : notifications) {
          if (n instanceof SctpNotification.SendFailed f) {
            reported.merge(f.context(), 1, Integer::sum);
            assertThat(writes.get(f.context()).isSuccess())
                .as("reported %d was taken by the kernel", f.context())
                .isTrue();
            assertThat(f.payload()).hasSize(1000);
          }
          if (n instanceof SctpNotification.AssociationChange c
              && c.state() == SctpNotification.AssociationState.COMMUNICATION_LOST) {
            lost = true;
          }
        }
        System.err.printf(
            "PeerDeathTest: taken %d, refused %s, SEND_FAILED %d, notifications %d, lost %s%n",
            taken, refusedBy, reported.size(), notifications.size(), lost);
        assertThat(lost).as("COMMUNICATION_LOST reported").isTrue();
        assertThat(reported.values()).as("each reported once").allMatch(count -> count == 1);
        assertThat(reported).as("unacknowledged messages reported").isNotEmpty();
        // The kernel took messages in order: those it reports are the last ones it took.
        int firstReported = reported.keySet().stream().min(Integer::compare).orElseThrow();
        for (int i = firstReported; i < taken; i++) {
          assertThat(reported)
              .as("message %d, taken after the first reported one, is reported", i)
              .containsKey(i);
        }
        System.err.printf(
            "PeerDeathTest: %d messages, %d acknowledged, %d reported SEND_FAILED with context,"
                + " %d refused %s; errors %s%n",
            MESSAGES, taken - reported.size(), reported.size(), refused, refusedBy, errors);
      }
      server.close().sync();
    } finally {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
    }
  }
}
