package io.reactorsctp.wire;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.EpollSctpMultiChannel;
import io.reactorsctp.channel.EpollSctpServerChannel;
import io.reactorsctp.channel.SctpChannelOptions;
import io.reactorsctp.channel.SctpNotification;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.channel.SctpPrStatus;
import io.reactorsctp.channel.SctpRtoInfo;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A sender and a receiver that reads nothing until {@link #startReading()}, on one-to-one channels
 * or one-to-many endpoints: the two ends of the PR-SCTP wire tests. The sender's retransmission
 * timeout is short (300 ms to 2 s, where Linux starts at 3 s) so that abandonment by retransmission
 * comes within the tests' deadlines.
 */
abstract class PrLink {
  /**
   * Linux's RTO from 300 ms to 2 s: a lost message is retransmitted after 0.5, 1 and 2 s, then
   * every 2 s.
   */
  static final SctpRtoInfo FAST_RTO = new SctpRtoInfo(500, 2000, 300);

  /** The kinds of link, for parameterized tests. */
  enum Kind {
    ONE_TO_ONE,
    ONE_TO_MANY;

    PrLink open(WireKit kit, int receiveBuffer, int sendBuffer) throws Exception {
      return this == ONE_TO_ONE
          ? new OneToOne(kit, receiveBuffer, sendBuffer)
          : new OneToMany(kit, receiveBuffer, sendBuffer);
    }
  }

  /** What the receiver read. */
  final WireKit.Collector received = new WireKit.Collector();

  /** The sender's notifications (and anything it reads). */
  final WireKit.Collector senderEvents = new WireKit.Collector();

  /** {@return the sending channel} */
  abstract Channel sender();

  /** {@return the receiver's port, for the capture filter} */
  abstract int receiverPort();

  /** {@return the message addressed to the receiver (the association, on one-to-many)} */
  abstract SctpOutboundMessage to(SctpOutboundMessage.Builder message);

  /** The receiver reads everything from now on. */
  abstract void startReading();

  /** {@return the sender's PR-SCTP abandonment counters for the association} */
  abstract SctpPrStatus prStatus();

  /**
   * Waits for a write or connect; fails the test after {@link WireKit#WAIT_SECONDS} or on failure.
   */
  static void done(ChannelFuture f) throws InterruptedException {
    if (!f.await(WireKit.WAIT_SECONDS, TimeUnit.SECONDS)) {
      throw new AssertionError("not done within " + WireKit.WAIT_SECONDS + " s: " + f);
    }
    if (!f.isSuccess()) {
      throw new AssertionError("failed: " + f, f.cause());
    }
  }

  static final class OneToOne extends PrLink {
    private final EpollSctpServerChannel server;
    private final EpollSctpChannel client;
    private final Channel child;

    OneToOne(WireKit kit, int receiveBuffer, int sendBuffer) throws Exception {
      CompletableFuture<Channel> accepted = new CompletableFuture<>();
      ChannelFuture bound =
          new ServerBootstrap()
              .group(kit.group)
              .channel(EpollSctpServerChannel.class)
              // The window advertised in INIT-ACK comes from the listening socket's buffer.
              .option(ChannelOption.SO_RCVBUF, receiveBuffer)
              .childOption(ChannelOption.SO_RCVBUF, receiveBuffer)
              .childOption(ChannelOption.AUTO_READ, false)
              .childHandler(
                  new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                      ch.pipeline().addLast(received);
                      accepted.complete(ch);
                    }
                  })
              .bind(new InetSocketAddress("127.0.0.1", 0));
      done(bound);
      server = (EpollSctpServerChannel) bound.channel();
      ChannelFuture connected =
          new Bootstrap()
              .group(kit.group)
              .channel(EpollSctpChannel.class)
              .option(ChannelOption.SO_SNDBUF, sendBuffer)
              .option(SctpChannelOptions.SCTP_RTOINFO, FAST_RTO)
              .handler(senderEvents)
              .connect(server.localAddress());
      done(connected);
      client = (EpollSctpChannel) connected.channel();
      child = accepted.get(WireKit.WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    Channel sender() {
      return client;
    }

    @Override
    int receiverPort() {
      return WireKit.port(server);
    }

    @Override
    SctpOutboundMessage to(SctpOutboundMessage.Builder message) {
      return message.build();
    }

    @Override
    void startReading() {
      child.eventLoop().execute(() -> child.config().setAutoRead(true));
    }

    @Override
    SctpPrStatus prStatus() {
      return client.prStatus();
    }
  }

  static final class OneToMany extends PrLink {
    /**
     * The ppid of the first message, which sets up the association (read by the receiver once it
     * reads).
     */
    static final int HELLO_PPID = 9;

    private final EpollSctpMultiChannel receiver;
    private final EpollSctpMultiChannel sender;
    private final int associationId;

    OneToMany(WireKit kit, int receiveBuffer, int sendBuffer) throws Exception {
      ChannelFuture r =
          new Bootstrap()
              .group(kit.group)
              .channel(EpollSctpMultiChannel.class)
              .option(ChannelOption.SO_RCVBUF, receiveBuffer)
              .option(ChannelOption.AUTO_READ, false)
              .handler(received)
              .bind(new InetSocketAddress("127.0.0.1", 0));
      done(r);
      receiver = (EpollSctpMultiChannel) r.channel();
      ChannelFuture s =
          new Bootstrap()
              .group(kit.group)
              .channel(EpollSctpMultiChannel.class)
              .option(ChannelOption.SO_SNDBUF, sendBuffer)
              .option(SctpChannelOptions.SCTP_RTOINFO, FAST_RTO)
              .handler(senderEvents)
              .bind(new InetSocketAddress("127.0.0.1", 0));
      done(s);
      sender = (EpollSctpMultiChannel) s.channel();
      done(
          sender.writeAndFlush(
              SctpOutboundMessage.builder("hello")
                  .ppid(HELLO_PPID)
                  .peer(receiver.localAddress())
                  .build()));
      associationId =
          senderEvents
              .next(
                  SctpNotification.AssociationChange.class,
                  c -> c.state() == SctpNotification.AssociationState.COMMUNICATION_UP)
              .associationId();
    }

    @Override
    Channel sender() {
      return sender;
    }

    @Override
    int receiverPort() {
      return WireKit.port(receiver);
    }

    @Override
    SctpOutboundMessage to(SctpOutboundMessage.Builder message) {
      return message.associationId(associationId).build();
    }

    @Override
    void startReading() {
      receiver.eventLoop().execute(() -> receiver.config().setAutoRead(true));
    }

    @Override
    SctpPrStatus prStatus() {
      return sender.prStatus(associationId);
    }
  }
}
