package io.reactorsctp.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.sctp.SctpChannelOption;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Messages the kernel hands on in pieces (partial delivery, RFC 6458 §8.1.20/§8.1.21): gathered per
 * association and stream when the pieces of several associations interleave
 * (SCTP_FRAGMENT_INTERLEAVE 1), and dropped, with the PARTIAL_DELIVERY notification fired, when the
 * association ends in the middle of one.
 */
class ReassemblyTest {
  private static final int MESSAGE = 24 * 1024;
  private static final int SEGMENT = 1000;

  private final SctpTestKit kit = new SctpTestKit();

  @AfterEach
  void tearDown() {
    kit.close();
  }

  /**
   * Records each message as (association, length, whether every byte equals the first, the first
   * byte).
   */
  record Whole(int associationId, int length, boolean uniform, int fill) {}

  static final class Wholes extends ChannelInboundHandlerAdapter {
    final BlockingQueue<Object> seen = new LinkedBlockingQueue<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      SctpInboundMessage m = (SctpInboundMessage) msg;
      try {
        ByteBuf b = m.content();
        byte fill = b.getByte(b.readerIndex());
        boolean uniform = b.forEachByte(v -> v == fill) == -1;
        seen.add(new Whole(m.associationId(), b.readableBytes(), uniform, fill));
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      seen.add(evt);
    }

    Object next() throws InterruptedException {
      Object o = seen.poll(60, TimeUnit.SECONDS);
      assertThat(o).as("something within 60 s").isNotNull();
      return o;
    }
  }

  @Test
  void piecesOfTwoAssociationsInterleavedAreGatheredApart() throws Exception {
    Wholes in = new Wholes();
    EpollSctpMultiChannel receiver =
        (EpollSctpMultiChannel)
            new Bootstrap()
                .group(kit.group)
                .channel(EpollSctpMultiChannel.class)
                .handler(in)
                .option(SctpChannelOption.SCTP_FRAGMENT_INTERLEAVE, 1)
                .option(SctpChannelOptions.SCTP_PARTIAL_DELIVERY_POINT, 2 * SEGMENT)
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .sync()
                .channel();
    int perSender = 12;
    // Each sender keeps at most 32 KiB (Linux doubles SO_SNDBUF) unacknowledged: the two together
    // stay within what the receiving socket holds. With 1 MiB each, both filled their window
    // (half the receiver's shared SO_RCVBUF each), Linux dropped whole packets arriving while the
    // loop was in recvmsg (SctpInPktDiscards), and the rest of a message in partial delivery
    // arrived out of order: in a loaded guest the kernel then acknowledged every chunk yet never
    // handed on the last ~96 KB of one association (its window stayed shut; nothing for 90 s).
    int sendBuffer = 16 * 1024;
    List<EpollSctpChannel> senders = new ArrayList<>();
    for (int s = 0; s < 2; s++) {
      senders.add(
          (EpollSctpChannel)
              new Bootstrap()
                  .group(kit.group)
                  .channel(EpollSctpChannel.class)
                  .option(SctpChannelOptions.SCTP_MAXSEG, SEGMENT)
                  .option(ChannelOption.SO_SNDBUF, sendBuffer)
                  .handler(new ChannelInboundHandlerAdapter())
                  .connect(receiver.localAddress())
                  .sync()
                  .channel());
    }
    // Both associations send at once, in segments of 1000 B: the receiver delivers each message in
    // pieces once 2000 B of it are there, and with interleaving on, the two associations' pieces
    // alternate in its queue.
    for (int i = 0; i < perSender; i++) {
      for (int s = 0; s < 2; s++) {
        ByteBuf payload = senders.get(s).alloc().directBuffer(MESSAGE);
        for (int k = 0; k < MESSAGE; k++) {
          payload.writeByte(s * 16 + i);
        }
        senders.get(s).write(SctpOutboundMessage.builder(payload).build());
      }
    }
    senders.forEach(Channel::flush);
    int[] next = new int[2];
    int whole = 0;
    while (whole < 2 * perSender) {
      if (in.next() instanceof Whole w) {
        assertThat(w.length()).as("message length").isEqualTo(MESSAGE);
        assertThat(w.uniform()).as("every byte from one message").isTrue();
        int sender = w.fill() / 16;
        assertThat(w.fill() % 16)
            .as("sender " + sender + "'s messages in order")
            .isEqualTo(next[sender]++);
        whole++;
      }
    }
  }

  @Test
  void aMessageCutShortByAnAbortIsDroppedAndReported() throws Exception {
    Wholes in = new Wholes();
    CompletableFuture<EpollSctpChannel> accepted = new CompletableFuture<>();
    Channel server =
        new ServerBootstrap()
            .group(kit.group)
            .channel(EpollSctpServerChannel.class)
            .childOption(ChannelOption.AUTO_READ, false)
            .childOption(ChannelOption.SO_RCVBUF, 32 * 1024)
            .childOption(SctpChannelOptions.SCTP_PARTIAL_DELIVERY_POINT, 2 * SEGMENT)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(in);
                    accepted.complete((EpollSctpChannel) ch);
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .sync()
            .channel();
    EpollSctpChannel sender =
        (EpollSctpChannel)
            new Bootstrap()
                .group(kit.group)
                .channel(EpollSctpChannel.class)
                .option(SctpChannelOptions.SCTP_MAXSEG, SEGMENT)
                .option(ChannelOption.SO_SNDBUF, 4 << 20)
                .handler(new ChannelInboundHandlerAdapter())
                .connect(server.localAddress())
                .sync()
                .channel();
    EpollSctpChannel receiver = accepted.get(30, TimeUnit.SECONDS);
    int window = sender.status().peerReceiveWindow();
    // Larger than the receiver's window (within the sender's buffer, which Linux caps at
    // net.core.wmem_max): the receiver, reading nothing, holds the first part of it in partial
    // delivery.
    int size = 3 * window / 2;
    ByteBuf big = sender.alloc().directBuffer(size).writeZero(size);
    io.netty.channel.ChannelFuture sent =
        sender.writeAndFlush(SctpOutboundMessage.builder(big).streamId(1).build());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (sender.status().peerReceiveWindow() > window / 2) {
      assertThat(System.nanoTime())
          .as(
              "the receiver holds part of the message within 60 s (write: %s)",
              sent.isDone() ? String.valueOf(sent.cause()) : "pending")
          .isLessThan(deadline);
      Thread.sleep(20);
    }
    receiver.read();
    sender.abortNow();

    SctpNotification.PartialDelivery cut = null;
    for (Object o = in.next(); !isLost(o); o = in.next()) {
      assertThat(o).as("no message is made of the pieces").isNotInstanceOf(Whole.class);
      if (o instanceof SctpNotification.PartialDelivery p) {
        cut = p;
      }
    }
    assertThat(cut).as("PARTIAL_DELIVERY_EVENT before the association's end").isNotNull();
    assertThat(cut.indication()).as("SCTP_PARTIAL_DELIVERY_ABORTED").isZero();
    // Linux names stream 0 in this event for messages sent in DATA chunks (only I-DATA carries the
    // real one).
  }

  private static boolean isLost(Object event) {
    return event instanceof SctpNotification.AssociationChange c
        && c.state() == SctpNotification.AssociationState.COMMUNICATION_LOST;
  }
}
