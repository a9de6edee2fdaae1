package io.reactorsctp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.reactorsctp.GuestShell;
import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.EpollSctpServerChannel;
import io.reactorsctp.channel.SctpChannelOptions;
import io.reactorsctp.channel.SctpRtoInfo;
import io.reactorsctp.channel.SctpStreamScheduler;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One association for the scheduler and I-DATA tests: a server whose accepted association reads
 * nothing until told (so its window fills and the sender's kernel queues what follows), and a
 * client sending in 1000-byte fragments with the given scheduler, I-DATA announced at both ends or
 * at neither. Each option is read back, as Netty's bootstraps only log an option they could not
 * set.
 */
final class SchedulerRig implements AutoCloseable {
  static final int SEGMENT = 1000;
  private static final int RECEIVE_BUFFER = 16 * 1024;

  final EpollSctpServerChannel server;
  final EpollSctpChannel client;
  final EpollSctpChannel accepted;
  final WireKit.Collector received = new WireKit.Collector();

  private SchedulerRig(WireKit kit, boolean interleave, SctpStreamScheduler scheduler)
      throws Exception {
    CompletableFuture<EpollSctpChannel> child = new CompletableFuture<>();
    ServerBootstrap sb =
        new ServerBootstrap()
            .group(kit.group)
            .channel(EpollSctpServerChannel.class)
            .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER)
            .childOption(ChannelOption.AUTO_READ, false)
            .childOption(SctpChannelOptions.SCTP_PARTIAL_DELIVERY_POINT, 2 * SEGMENT)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(received);
                    child.complete((EpollSctpChannel) ch);
                  }
                });
    Bootstrap cb =
        new Bootstrap()
            .group(kit.group)
            .channel(EpollSctpChannel.class)
            .option(SctpChannelOptions.SCTP_MAXSEG, SEGMENT)
            .option(ChannelOption.SO_SNDBUF, 1 << 20)
            .option(SctpChannelOptions.SCTP_STREAM_SCHEDULER, scheduler)
            // The receiver's window reopens by less than loopback's 64 KiB MTU, so it sends no
            // window update (benchmarks/findings.md, 3) and the sender learns of it from its
            // zero-window probe, on the retransmission timer: a short RTO keeps that wait short.
            .option(SctpChannelOptions.SCTP_RTOINFO, new SctpRtoInfo(200, 400, 100))
            .handler(new ChannelInboundHandlerAdapter());
    if (interleave) {
      sb.option(SctpChannelOptions.SCTP_INTERLEAVING_SUPPORTED, true);
      cb.option(SctpChannelOptions.SCTP_INTERLEAVING_SUPPORTED, true);
    }
    server =
        (EpollSctpServerChannel) sb.bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    assertThat(server.config().getOption(SctpChannelOptions.SCTP_INTERLEAVING_SUPPORTED))
        .as("server announces I-DATA")
        .isEqualTo(interleave);
    client = (EpollSctpChannel) cb.connect(server.localAddress()).sync().channel();
    assertThat(client.config().getOption(SctpChannelOptions.SCTP_STREAM_SCHEDULER))
        .as("the association's scheduler")
        .isEqualTo(scheduler);
    accepted = child.get(WireKit.WAIT_SECONDS, TimeUnit.SECONDS);
  }

  static SchedulerRig start(WireKit kit, boolean interleave, SctpStreamScheduler scheduler)
      throws Exception {
    return new SchedulerRig(kit, interleave, scheduler);
  }

  /**
   * Sets the guest's {@code net.sctp.intl_enable}: Linux allows {@code SCTP_INTERLEAVING_SUPPORTED}
   * only while it is 1. It announces nothing by itself (an endpoint's I-DATA starts off whatever
   * the sysctl), so other tests are unaffected.
   */
  static void intlEnable(boolean on) throws Exception {
    GuestShell.run(
        "modprobe sctp 2>/dev/null || true; echo "
            + (on ? 1 : 0)
            + " > /proc/sys/net/sctp/intl_enable");
  }

  /** Waits until the receiver, reading nothing, has no room left for another fragment. */
  void awaitWindowFull() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WireKit.WAIT_SECONDS);
    while (client.status().peerReceiveWindow() >= SEGMENT) {
      assertThat(System.nanoTime())
          .as("the receiver's window fills within %d s", WireKit.WAIT_SECONDS)
          .isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** The receiver starts reading, and keeps reading. */
  void startReading() {
    accepted.config().setAutoRead(true);
  }

  @Override
  public void close() throws Exception {
    client.close().await(WireKit.WAIT_SECONDS, TimeUnit.SECONDS);
    server.close().await(WireKit.WAIT_SECONDS, TimeUnit.SECONDS);
  }
}
