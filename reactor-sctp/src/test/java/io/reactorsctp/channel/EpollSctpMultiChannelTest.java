package io.reactorsctp.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The one-to-many channel on a real kernel: routing by association id, implicit set-up, SENDALL,
 * EOF, ABORT, peel-off.
 */
class EpollSctpMultiChannelTest {

  private final SctpTestKit kit = new SctpTestKit();

  @AfterEach
  void tearDown() {
    kit.close();
  }

  /** What a one-to-many endpoint reads: text and the association it came on. */
  record FromAssociation(int associationId, int stream, String text) {}

  /** Collects a one-to-many endpoint's messages and notifications. */
  static final class MultiCollector extends ChannelInboundHandlerAdapter {
    final BlockingQueue<FromAssociation> messages = new LinkedBlockingQueue<>();
    final BlockingQueue<SctpNotification> notifications = new LinkedBlockingQueue<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      SctpInboundMessage m = (SctpInboundMessage) msg;
      try {
        messages.add(
            new FromAssociation(
                m.associationId(), m.streamId(), m.content().toString(StandardCharsets.UTF_8)));
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof SctpNotification n) {
        notifications.add(n);
      }
    }

    FromAssociation next() throws InterruptedException {
      FromAssociation f = messages.poll(20, TimeUnit.SECONDS);
      assertThat(f).as("a message within 20 s").isNotNull();
      return f;
    }
  }

  private EpollSctpMultiChannel endpoint(MultiCollector collector) throws InterruptedException {
    return (EpollSctpMultiChannel)
        new Bootstrap()
            .group(kit.group)
            .channel(EpollSctpMultiChannel.class)
            .handler(collector)
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .sync()
            .channel();
  }

  @Test
  void oneToOneClientsAreAnsweredOnTheirOwnAssociation() throws Exception {
    MultiCollector serverIn = new MultiCollector();
    EpollSctpMultiChannel server = endpoint(serverIn);
    int clients = 20;
    List<EpollSctpChannelTest.Collector> inboxes = new ArrayList<>();
    List<EpollSctpChannel> channels = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      EpollSctpChannelTest.Collector inbox = new EpollSctpChannelTest.Collector();
      EpollSctpChannel c = kit.client(server.localAddress(), inbox);
      c.writeAndFlush(SctpOutboundMessage.builder("client " + i).streamId(1).build()).sync();
      inboxes.add(inbox);
      channels.add(c);
    }
    List<Integer> associations = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      FromAssociation f = serverIn.next();
      assertThat(f.associationId()).isPositive();
      associations.add(f.associationId());
      server
          .writeAndFlush(
              SctpOutboundMessage.builder("answer to " + f.text())
                  .streamId(1)
                  .associationId(f.associationId())
                  .build())
          .sync();
    }
    assertThat(associations).doesNotHaveDuplicates();
    for (int i = 0; i < clients; i++) {
      assertThat(inboxes.get(i).next().text()).isEqualTo("answer to client " + i);
    }

    // SENDALL: one write, a copy on every association.
    server
        .writeAndFlush(SctpOutboundMessage.builder("to all").streamId(0).sendAll(true).build())
        .sync();
    for (int i = 0; i < clients; i++) {
      assertThat(inboxes.get(i).next().text()).isEqualTo("to all");
    }

    // An unknown association fails that write alone, naming the field.
    ChannelFuture unknown =
        server.writeAndFlush(SctpOutboundMessage.builder("nobody").associationId(999_999).build());
    assertThat(unknown.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(unknown.cause())
        .isInstanceOf(InvalidSctpMessageException.class)
        .hasMessageContaining("associationId");
    assertThat(server.isActive()).isTrue();

    // EOF on one association ends only that one.
    CountDownLatchHandler closed = new CountDownLatchHandler();
    channels.get(0).pipeline().addLast(closed);
    server
        .writeAndFlush(
            SctpOutboundMessage.builder(io.netty.buffer.Unpooled.EMPTY_BUFFER)
                .associationId(associations.get(0))
                .eof(true)
                .build())
        .sync();
    assertThat(closed.inactive.await(20, TimeUnit.SECONDS)).as("client 0 closed by EOF").isTrue();

    // ABORT with a reason on another: its peer sees COMMUNICATION_LOST.
    server
        .writeAndFlush(
            SctpOutboundMessage.builder("operator abort")
                .associationId(associations.get(1))
                .abort(true)
                .build())
        .sync();
    SctpNotification.AssociationChange lost =
        inboxes.get(1).next(SctpNotification.AssociationChange.class);
    while (lost.state() == SctpNotification.AssociationState.COMMUNICATION_UP) {
      lost = inboxes.get(1).next(SctpNotification.AssociationChange.class);
    }
    assertThat(lost.state()).isEqualTo(SctpNotification.AssociationState.COMMUNICATION_LOST);
    assertThat(lost.abortReason())
        .as("the reason, read from sac_info")
        .hasValueSatisfying(
            r -> assertThat(new String(r, StandardCharsets.UTF_8)).isEqualTo("operator abort"));

    // A stream beyond the association's outbound streams fails that write alone, naming the stream.
    ChannelFuture beyond =
        server.writeAndFlush(
            SctpOutboundMessage.builder("too far")
                .streamId(100)
                .associationId(associations.get(2))
                .build());
    assertThat(beyond.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(beyond.cause())
        .isInstanceOf(InvalidSctpMessageException.class)
        .hasMessageContaining("streamId")
        .hasMessageContaining("100");

    // The others still work.
    server
        .writeAndFlush(
            SctpOutboundMessage.builder("still here").associationId(associations.get(2)).build())
        .sync();
    assertThat(inboxes.get(2).next().text()).isEqualTo("still here");
  }

  @Test
  void implicitAssociationSetUpAndPeelOff() throws Exception {
    MultiCollector aIn = new MultiCollector();
    MultiCollector bIn = new MultiCollector();
    EpollSctpMultiChannel a = endpoint(aIn);
    EpollSctpMultiChannel b = endpoint(bIn);

    a.writeAndFlush(
            SctpOutboundMessage.builder("first message sets the association up")
                .ppid(46)
                .peer(b.localAddress())
                .build())
        .sync();
    FromAssociation atB = bIn.next();
    assertThat(atB.text()).isEqualTo("first message sets the association up");
    b.writeAndFlush(
            SctpOutboundMessage.builder("reply by id").associationId(atB.associationId()).build())
        .sync();
    FromAssociation atA = aIn.next();
    assertThat(atA.text()).isEqualTo("reply by id");
    assertThat(b.remoteAddresses(atB.associationId())).contains(a.localAddress());

    // Multi-homed implicit set-up (sctp_sendx: connectx) to C's two addresses; the second message
    // reuses it.
    MultiCollector cIn = new MultiCollector();
    EpollSctpMultiChannel c =
        (EpollSctpMultiChannel)
            new Bootstrap()
                .group(kit.group)
                .channel(EpollSctpMultiChannel.class)
                .handler(cIn)
                .bind(
                    MultiHomedAddress.of(
                        new InetSocketAddress("127.0.0.1", 0),
                        new InetSocketAddress("127.0.0.2", 0)))
                .sync()
                .channel();
    MultiHomedAddress cAddresses =
        MultiHomedAddress.of(
            new InetSocketAddress("127.0.0.1", c.localAddress().getPort()),
            new InetSocketAddress("127.0.0.2", c.localAddress().getPort()));
    a.writeAndFlush(SctpOutboundMessage.builder("via connectx").peer(cAddresses).build()).sync();
    a.writeAndFlush(SctpOutboundMessage.builder("again").peer(cAddresses).build()).sync();
    FromAssociation first = cIn.next();
    assertThat(first.text()).isEqualTo("via connectx");
    assertThat(cIn.next()).isEqualTo(new FromAssociation(first.associationId(), 0, "again"));
    assertThat(a.associationId(cAddresses)).isPresent();

    // Peel B's association off into its own one-to-one channel and keep talking on it.
    EpollSctpChannel peeled = b.peelOff(atB.associationId());
    EpollSctpChannelTest.Collector peeledIn = new EpollSctpChannelTest.Collector();
    peeled.pipeline().addLast(peeledIn);
    kit.group.register(peeled).sync();
    peeled.writeAndFlush(SctpOutboundMessage.builder("from the peeled channel").build()).sync();
    assertThat(aIn.next().text()).isEqualTo("from the peeled channel");
    a.writeAndFlush(
            SctpOutboundMessage.builder("to the peeled channel")
                .associationId(atA.associationId())
                .build())
        .sync();
    assertThat(peeledIn.next().text()).isEqualTo("to the peeled channel");
  }

  @Test
  void autocloseEndsIdleAssociations() throws Exception {
    MultiCollector serverIn = new MultiCollector();
    EpollSctpMultiChannel server =
        (EpollSctpMultiChannel)
            new Bootstrap()
                .group(kit.group)
                .channel(EpollSctpMultiChannel.class)
                .option(SctpChannelOptions.SCTP_AUTOCLOSE, 1)
                .handler(serverIn)
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .sync()
                .channel();
    assertThat(server.config().getOption(SctpChannelOptions.SCTP_AUTOCLOSE)).isEqualTo(1);
    CountDownLatchHandler closed = new CountDownLatchHandler();
    EpollSctpChannel client = kit.client(server.localAddress(), closed);
    client.writeAndFlush(SctpOutboundMessage.builder("then idle").build()).sync();
    assertThat(serverIn.next().text()).isEqualTo("then idle");
    assertThat(closed.inactive.await(30, TimeUnit.SECONDS))
        .as("the idle association was shut down")
        .isTrue();
  }

  /** Counts a channel's end. */
  static final class CountDownLatchHandler extends ChannelInboundHandlerAdapter {
    final java.util.concurrent.CountDownLatch inactive = new java.util.concurrent.CountDownLatch(1);

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      inactive.countDown();
      ctx.fireChannelInactive();
    }
  }
}
