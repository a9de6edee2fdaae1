package io.reactorsctp.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.reactorsctp.channel.EpollSctpServerChannel;
import io.reactorsctp.channel.SctpChannelOptions;
import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpInitMsg;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A sender in another network namespace, over a veth pair with {@code tc netem} on both ends (5 %
 * loss, 5 ms ± 2 ms delay, 10 % reordering): every reliable message arrives exactly once and in
 * order per stream, none is reported unsent, and one reported failed after sending (Linux's
 * teardown report) was delivered; each PR-SCTP message (RTX 0 or TTL 30 ms) is delivered at most
 * once, none reported abandoned before sending is delivered, and every report names a message that
 * was sent. The rest is what Linux abandons after a first transmission without notifying
 * (docs/transport.md, "PR-SCTP accounting on Linux"); the figures are printed and recorded in
 * docs/reliability.md.
 */
class LossAndReorderingTest {

  static final int RELIABLE = 2_000;
  static final int PR = 400;
  static final int STREAMS = 5;
  static final String NETEM = "netem delay 5ms 2ms loss 5% reorder 10% 50%";

  @Test
  void reliableMessagesArriveOnceInOrderAndPrMessagesAreAccountedFor() throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    try (Netns ns = new Netns()) {
      ns.sh(
          "modprobe veth; modprobe sch_netem; ip link add rsv0 type veth peer name rsv1 netns $NS;"
              + " ip addr add 10.77.0.1/24 dev rsv0; ip link set rsv0 up; tc qdisc add dev rsv0 root "
              + NETEM);
      ns.shInside(
          "ip link set lo up; ip addr add 10.77.0.2/24 dev rsv1; ip link set rsv1 up;"
              + " tc qdisc add dev rsv1 root "
              + NETEM);

      int[] nextSequence = new int[STREAMS];
      List<String> violations = new ArrayList<>();
      BitSet prDelivered = new BitSet();
      BitSet reliableDelivered = new BitSet();
      int[] prDuplicates = {0};
      int[] reliableReceived = {0};
      CompletableFuture<Void> ended = new CompletableFuture<>();
      Channel server =
          new ServerBootstrap()
              .group(group)
              .channel(EpollSctpServerChannel.class)
              .childOption(SctpChannelOptions.SCTP_INITMSG, new SctpInitMsg(16, 16, 0, 0))
              .childHandler(
                  new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                      ch.closeFuture().addListener(f -> ended.complete(null));
                      ch.pipeline()
                          .addLast(
                              new SimpleChannelInboundHandler<SctpInboundMessage>() {
                                @Override
                                protected void channelRead0(
                                    ChannelHandlerContext ctx, SctpInboundMessage m) {
                                  ByteBuf c = m.content();
                                  int first = c.getInt(c.readerIndex());
                                  int index = c.getInt(c.readerIndex() + 4);
                                  if (first == Peer.PR_MARK) {
                                    if (prDelivered.get(index)) {
                                      prDuplicates[0]++;
                                    }
                                    prDelivered.set(index);
                                  } else {
                                    reliableReceived[0]++;
                                    reliableDelivered.set(index);
                                    if (first != nextSequence[m.streamId()]) {
                                      violations.add(
                                          "stream "
                                              + m.streamId()
                                              + ": got "
                                              + first
                                              + ", expected "
                                              + nextSequence[m.streamId()]);
                                    }
                                    nextSequence[m.streamId()] = first + 1;
                                  }
                                }
                              });
                    }
                  })
              .bind(new InetSocketAddress("10.77.0.1", 0))
              .sync()
              .channel();
      int port = ((InetSocketAddress) server.localAddress()).getPort();

      try (PeerProcess peer =
          new PeerProcess(
              ns.pid(),
              "send",
              "10.77.0.1",
              Integer.toString(port),
              Integer.toString(RELIABLE),
              Integer.toString(PR),
              Integer.toString(STREAMS))) {
        peer.awaitLine("READY", 90);
        Map<String, Long> sender = peer.results(150);
        ended.get(30, TimeUnit.SECONDS);
        String netemStats = statsOf(ns);
        long prSent = sender.get("prSent");
        // Reports split by their SCTP_DATA_SENT flag. Unsent: never on the wire, so never
        // delivered. Sent: Linux fails whatever still sits in its abandoned (and retransmit) lists
        // when the association is freed (__sctp_outq_teardown), e.g. a message abandoned after its
        // first transmission whose FORWARD-TSN was not yet acknowledged; the receiver may well have
        // it. Adding "delivered" and "reported" counted such a message twice: the one run that saw
        // 482 > 400 (docs/reliability.md). So count distinct indices.
        List<Integer> unsent = contexts(peer.text("abandonedUnsentContexts"));
        List<Integer> sent = contexts(peer.text("abandonedSentContexts"));
        List<Integer> unsentButDelivered = unsent.stream().filter(prDelivered::get).toList();
        List<Integer> prReportedSent = sent.stream().filter(LossAndReorderingTest::isPr).toList();
        List<Integer> sentAndDelivered = prReportedSent.stream().filter(prDelivered::get).toList();
        // A fully reliable message is never abandoned, so its report can only be the teardown's:
        // Linux frees the association once nothing is outstanding, and a message the peer
        // acknowledged only by a gap report (behind an abandoned PR message whose FORWARD-TSN was
        // not yet acknowledged) still sits in the kernel's "sacked" list, which
        // __sctp_outq_teardown fails with SCTP_DATA_SENT. Such a report is allowed only for a
        // message that was sent and delivered; a reliable one reported unsent, or reported and
        // missing, was lost.
        List<Integer> reliableReportedUnsent = unsent.stream().filter(i -> !isPr(i)).toList();
        List<Integer> reportedReliable = sent.stream().filter(i -> !isPr(i)).toList();
        List<Integer> reliableReportedButMissing =
            reportedReliable.stream().filter(i -> !reliableDelivered.get(i)).toList();
        // Printed, not asserted: over distinct PR indices it cannot exceed what was sent. Counting
        // a reliable message's teardown report here made one CI run see 462 of 400.
        BitSet accounted = (BitSet) prDelivered.clone();
        unsent.stream().filter(LossAndReorderingTest::isPr).forEach(accounted::set);
        prReportedSent.forEach(accounted::set);
        System.err.printf(
            "LossAndReorderingTest: %d reliable sent, %d received once in order; PR-SCTP: %d sent,"
                + " %d delivered, %d reported abandoned unsent, %d reported after sending (%d of those delivered: %s),"
                + " %d neither delivered nor reported; unsent yet delivered %s, reliable reported after sending (teardown) %s, reliable reported unsent %s; netem: %s%n",
            RELIABLE,
            reliableReceived[0],
            prSent,
            prDelivered.cardinality(),
            unsent.size(),
            prReportedSent.size(),
            sentAndDelivered.size(),
            sentAndDelivered,
            prSent - accounted.cardinality(),
            unsentButDelivered,
            reportedReliable,
            reliableReportedUnsent,
            netemStats);
        assertThat(violations).as("order and exactly-once per stream").isEmpty();
        assertThat((long) reliableReceived[0])
            .isEqualTo(sender.get("reliableSent"))
            .isEqualTo(RELIABLE);
        assertThat(prDuplicates[0]).isZero();
        assertThat(prSent).isEqualTo(PR);
        assertThat(reliableReportedUnsent)
            .as("fully reliable messages reported abandoned before sending")
            .isEmpty();
        assertThat(reliableReportedButMissing)
            .as("fully reliable messages reported failed after sending and not delivered")
            .isEmpty();
        assertThat(unsentButDelivered)
            .as("messages reported abandoned before sending that were delivered")
            .isEmpty();
        assertThat(java.util.stream.Stream.concat(unsent.stream(), sent.stream()))
            .as("every reported context is the index of a message sent")
            .allMatch(i -> i >= 0 && i < RELIABLE + PR);
      }
      server.close().sync();
    } finally {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
    }
  }

  /** The indices of a comma-separated list the Peer printed ("" when none). */
  private static List<Integer> contexts(String list) {
    return list.isEmpty()
        ? List.of()
        : java.util.Arrays.stream(list.split(",")).map(Integer::valueOf).toList();
  }

  /** The Peer's choice of PR-SCTP messages among the numbered ones ({@code send} mode). */
  private static boolean isPr(int index) {
    int every = (RELIABLE + PR) / PR;
    return index % every == every - 1 && index / every < PR;
  }

  private static String statsOf(Netns ns) throws Exception {
    java.nio.file.Path out = java.nio.file.Files.createTempFile("netem", ".txt");
    ns.sh(
        "tc -s qdisc show dev rsv0 | tr '\\n' ' ' > "
            + out
            + "; nsenter -t $NS -n tc -s qdisc show dev rsv1"
            + " | tr '\\n' ' ' >> "
            + out);
    return java.nio.file.Files.readString(out).replaceAll("\\s+", " ");
  }
}
