package io.reactorsctp.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.ChannelOutputShutdownException;
import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.EpollSctpMultiChannel;
import io.reactorsctp.channel.InvalidSctpMessageException;
import io.reactorsctp.channel.SctpChannelOptions;
import io.reactorsctp.channel.SctpNotification;
import io.reactorsctp.channel.SctpNotification.AssociationState;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.channel.SctpRtoInfo;
import io.reactorsctp.reactive.SctpClient;
import io.reactorsctp.reactive.SctpConnection;
import io.reactorsctp.reactive.SctpLoopResources;
import io.reactorsctp.reactive.SendResult;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * An association ended by its sender in the middle of a large send, into a receiver that reads
 * nothing, then slowly: closed, shut down after what is queued (EOF), aborted (one-to-one and
 * one-to-many with a reason), and the reactive {@code shutdown()} of a connection whose receiver is
 * slow. Messages of 1 KiB to 64 KiB (up to 45 chunks each), each checked byte for byte; every
 * message gets exactly one outcome and nothing hangs:
 *
 * <ul>
 *   <li>close: the kernel's (a prefix) delivered in order, the channel's failed with
 *       ClosedChannelException;
 *   <li>EOF: every message before it delivered in order, those after it failed with
 *       ChannelOutputShutdownException, the sender's channel closed at SHUTDOWN_COMPLETE;
 *   <li>abort, one-to-one: the channel's failed; of the kernel's, a prefix delivered and the rest
 *       dropped by the ABORT (the socket is closed: nothing can report them); the peer told of
 *       cause 12, User-Initiated Abort;
 *   <li>abort with a reason, one-to-many: each message exactly one of delivered, reported
 *       SEND_FAILED with its context, or failed naming {@code associationId};
 *   <li>reactive shutdown() mid-send: ACKNOWLEDGED before it, FAILED after it, all results in when
 *       it completes.
 * </ul>
 */
class EndMidSendTest {

  static final int MESSAGES = 60;

  /** The slow receiver reads one piece ({@link SlowReceiver#READ_PIECE}), then waits this long. */
  static final long SLOW_READ_PAUSE_MILLIS = 1;

  static final int[] SIZES = SlowReceiver.sizes(MESSAGES, 11);

  /** The receiver's kernel holds at most this much for it while it reads nothing. */
  static final int RECEIVE_BUFFER = 64 * 1024;

  /** The sender's kernel takes at most this much before the rest waits in the channel. */
  static final int SEND_BUFFER = 256 * 1024;

  /** User-Initiated Abort (RFC 9260 §3.3.10.12): the cause the peer of an ABORT is told of. */
  static final int USER_INITIATED_ABORT = 12;

  static final int AFTER_EOF = 5;

  /**
   * The sender's RTO bounds: a receiver that reads slowly keeps its window nearly closed, and what
   * the sender probes it with comes again after an RTO; Linux's RTO.Min of 1 s made the slow-reader
   * runs 3 to 4 times longer.
   */
  static final SctpRtoInfo QUICK_RTO = new SctpRtoInfo(200, 1000, 100);

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());

  @AfterEach
  void tearDown() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void closeMidSendDeliversWhatTheKernelTookAndFailsTheRest() throws Exception {
    try (SlowReceiver receiver = new SlowReceiver(group, RECEIVE_BUFFER)) {
      List<SctpNotification> senderEvents = new CopyOnWriteArrayList<>();
      EpollSctpChannel sender = connect(receiver.address(), senderEvents);
      List<ChannelFuture> writes = writeAll(sender, 0, MESSAGES);
      int taken = awaitTakenStable(writes);

      assertThat(sender.close().await(30, TimeUnit.SECONDS)).as("close completes").isTrue();
      Map<String, Integer> outcomes = outcomes(writes);
      assertThat(successes(writes)).as("the kernel took a prefix").isEqualTo(range(0, taken));
      for (int i = taken; i < MESSAGES; i++) {
        assertThat(writes.get(i).cause())
            .as("write %d, still queued in the channel", i)
            .isInstanceOf(ClosedChannelException.class);
      }

      receiver.read(0);
      assertThat(receiver.child().closeFuture().await(60, TimeUnit.SECONDS))
          .as("the receiver's end")
          .isTrue();
      assertThat(receiver.corrupt()).isEmpty();
      assertThat(receiver.received())
          .as("what the kernel took, once each, in order")
          .isEqualTo(range(0, taken));
      assertThat(receiver.notifications()).anyMatch(SctpNotification.Shutdown.class::isInstance);
      assertThat(receiver.associationChanges()).contains(AssociationState.SHUTDOWN_COMPLETE);
      System.err.printf(
          "EndMidSendTest close: %d messages, %d taken by the kernel and delivered in order, %s;"
              + " receiver events %s%n",
          MESSAGES, taken, outcomes, kinds(receiver.notifications()));
    }
  }

  @Test
  void eofMidSendDeliversEverythingBeforeItAndRefusesWhatComesAfter() throws Exception {
    try (SlowReceiver receiver = new SlowReceiver(group, RECEIVE_BUFFER)) {
      List<SctpNotification> senderEvents = new CopyOnWriteArrayList<>();
      EpollSctpChannel sender = connect(receiver.address(), senderEvents);
      List<ChannelFuture> writes = writeAll(sender, 0, MESSAGES);
      int taken = awaitTakenStable(writes);
      ChannelFuture eof =
          sender.writeAndFlush(
              SctpOutboundMessage.builder(Unpooled.EMPTY_BUFFER).eof(true).build());
      List<ChannelFuture> after = writeAll(sender, MESSAGES, AFTER_EOF);

      AtomicInteger readWhenSenderClosed = new AtomicInteger(-1);
      sender.closeFuture().addListener(f -> readWhenSenderClosed.set(receiver.received().size()));
      receiver.read(SLOW_READ_PAUSE_MILLIS);
      assertThat(sender.closeFuture().await(120, TimeUnit.SECONDS))
          .as("the sender's channel closes")
          .isTrue();
      assertThat(receiver.child().closeFuture().await(60, TimeUnit.SECONDS))
          .as("the receiver's end")
          .isTrue();

      assertThat(successes(writes))
          .as("every message before the EOF")
          .isEqualTo(range(0, MESSAGES));
      assertThat(eof.isSuccess()).as("the EOF: %s", eof.cause()).isTrue();
      for (ChannelFuture f : after) {
        assertThat(f.isDone()).isTrue();
        assertThat(f.cause())
            .as("a message after the EOF")
            .isInstanceOf(ChannelOutputShutdownException.class);
      }
      assertThat(receiver.corrupt()).isEmpty();
      assertThat(receiver.received()).as("once each, in order").isEqualTo(range(0, MESSAGES));
      assertThat(receiver.notifications()).anyMatch(SctpNotification.Shutdown.class::isInstance);
      assertThat(receiver.associationChanges()).contains(AssociationState.SHUTDOWN_COMPLETE);
      assertThat(senderEvents)
          .anyMatch(
              n ->
                  n instanceof SctpNotification.AssociationChange c
                      && c.state() == AssociationState.SHUTDOWN_COMPLETE);
      System.err.printf(
          "EndMidSendTest eof: %d messages (%d taken when the EOF was written) delivered in order;"
              + " %d after the EOF: %s; read when the sender closed: %d; sender events %s; receiver events %s%n",
          MESSAGES,
          taken,
          AFTER_EOF,
          outcomes(after),
          readWhenSenderClosed.get(),
          kinds(senderEvents),
          kinds(receiver.notifications()));
    }
  }

  @Test
  void abortMidSendOnOneToOne() throws Exception {
    try (SlowReceiver receiver = new SlowReceiver(group, RECEIVE_BUFFER)) {
      List<SctpNotification> senderEvents = new CopyOnWriteArrayList<>();
      EpollSctpChannel sender = connect(receiver.address(), senderEvents);
      List<ChannelFuture> writes = writeAll(sender, 0, MESSAGES);
      int taken = awaitTakenStable(writes);
      sender.abortNow();
      assertThat(sender.closeFuture().await(30, TimeUnit.SECONDS)).isTrue();
      Map<String, Integer> outcomes = outcomes(writes);
      assertThat(successes(writes)).as("the kernel took a prefix").isEqualTo(range(0, taken));
      for (int i = taken; i < MESSAGES; i++) {
        assertThat(writes.get(i).cause())
            .as("write %d, still queued in the channel", i)
            .isInstanceOf(ClosedChannelException.class);
      }
      // The receiver still reads nothing: its association has ended all the same, so its channel
      // hands on what the kernel holds (data and COMMUNICATION_LOST) and closes, rather than wait
      // for a read() (or spin).
      assertThat(receiver.child().closeFuture().await(60, TimeUnit.SECONDS))
          .as("the stalled receiver's channel closes on its own")
          .isTrue();
      assertThat(receiver.corrupt()).isEmpty();
      int delivered = receiver.received().size();
      assertThat(receiver.received())
          .as("a prefix of what was taken, once each, in order")
          .isEqualTo(range(0, delivered));
      assertThat(delivered).isLessThanOrEqualTo(taken);
      assertThat(receiver.notifications())
          .anyMatch(
              n ->
                  n instanceof SctpNotification.AssociationChange c
                      && c.state() == AssociationState.COMMUNICATION_LOST
                      && c.error() == USER_INITIATED_ABORT);
      System.err.printf(
          "EndMidSendTest abort (one-to-one): %d messages, %d taken, %d delivered in order before the"
              + " ABORT, %s; receiver events %s%n",
          MESSAGES, taken, delivered, outcomes, kinds(receiver.notifications()));
    }
  }

  @Test
  void abortWithReasonMidSendOnOneToMany() throws Exception {
    try (SlowReceiver receiver = new SlowReceiver(group, RECEIVE_BUFFER)) {
      List<SctpNotification> senderEvents = new CopyOnWriteArrayList<>();
      CompletableFuture<Integer> up = new CompletableFuture<>();
      EpollSctpMultiChannel endpoint =
          (EpollSctpMultiChannel)
              new Bootstrap()
                  .group(group)
                  .channel(EpollSctpMultiChannel.class)
                  .option(SctpChannelOptions.SCTP_RTOINFO, QUICK_RTO)
                  .option(ChannelOption.SO_SNDBUF, SEND_BUFFER)
                  .handler(
                      new ChannelInboundHandlerAdapter() {
                        @Override
                        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                          if (evt instanceof SctpNotification n) {
                            senderEvents.add(n);
                            if (n instanceof SctpNotification.AssociationChange c
                                && c.state() == AssociationState.COMMUNICATION_UP) {
                              up.complete(c.associationId());
                            }
                          }
                        }
                      })
                  .bind(new InetSocketAddress("127.0.0.1", 0))
                  .sync()
                  .channel();
      try {
        List<ChannelFuture> writes = new ArrayList<>();
        writes.add(
            endpoint.writeAndFlush(
                SctpOutboundMessage.builder(SlowReceiver.message(0, SIZES[0]))
                    .peer(receiver.address())
                    .context(0)
                    .build()));
        int association = up.get(30, TimeUnit.SECONDS);
        for (int i = 1; i < MESSAGES; i++) {
          writes.add(
              endpoint.write(
                  SctpOutboundMessage.builder(SlowReceiver.message(i, SIZES[i]))
                      .associationId(association)
                      .context(i)
                      .build()));
        }
        endpoint.flush();
        int taken = awaitTakenStable(writes);
        ChannelFuture abort =
            endpoint.writeAndFlush(
                SctpOutboundMessage.builder("end of test")
                    .associationId(association)
                    .abort(true)
                    .build());
        assertThat(abort.await(30, TimeUnit.SECONDS))
            .as("the ABORT is sent, whatever waits for the association")
            .isTrue();
        assertThat(abort.isSuccess()).as("the ABORT: %s", abort.cause()).isTrue();
        for (ChannelFuture w : writes) {
          assertThat(w.await(30, TimeUnit.SECONDS)).as("every write has an outcome").isTrue();
        }

        assertThat(receiver.child().closeFuture().await(60, TimeUnit.SECONDS))
            .as("the stalled receiver's channel closes on its own")
            .isTrue();
        // The kernel queues the send-failed reports behind the association's COMMUNICATION_LOST.
        waitFor(
            () ->
                IntStream.range(0, MESSAGES)
                    .allMatch(
                        i ->
                            i < receiver.received().size()
                                || !writes.get(i).isSuccess()
                                || senderEvents.stream()
                                    .anyMatch(
                                        n ->
                                            n instanceof SctpNotification.SendFailed f
                                                && f.context() == i)));
        assertThat(senderEvents)
            .anyMatch(
                n ->
                    n instanceof SctpNotification.AssociationChange c
                        && c.state() == AssociationState.COMMUNICATION_LOST
                        && c.error() == USER_INITIATED_ABORT);

        assertThat(receiver.corrupt()).isEmpty();
        int delivered = receiver.received().size();
        assertThat(receiver.received())
            .as("a prefix, once each, in order")
            .isEqualTo(range(0, delivered));
        assertThat(receiver.notifications())
            .anyMatch(
                n ->
                    n instanceof SctpNotification.AssociationChange c
                        && c.state() == AssociationState.COMMUNICATION_LOST
                        && c.error() == USER_INITIATED_ABORT);
        Map<Integer, Integer> reportedChunks = new TreeMap<>();
        Map<Integer, Integer> reportErrors = new TreeMap<>();
        for (SctpNotification n : senderEvents) {
          if (n instanceof SctpNotification.SendFailed f) {
            reportedChunks.merge(f.context(), 1, Integer::sum);
            reportErrors.merge(f.error(), 1, Integer::sum);
          }
        }
        assertThat(reportErrors.keySet())
            .as("send-failed reports name the cause")
            .containsOnly(USER_INITIATED_ABORT);
        int reported = 0;
        int refused = 0;
        Map<String, Integer> refusedBy = new TreeMap<>();
        for (int i = 0; i < MESSAGES; i++) {
          boolean got = i < delivered;
          boolean isReported = reportedChunks.containsKey(i);
          boolean failed = !writes.get(i).isSuccess();
          assertThat((got ? 1 : 0) + (isReported ? 1 : 0) + (failed ? 1 : 0))
              .as(
                  "message %d: delivered %s, reported %s, write failed %s",
                  i, got, isReported, failed)
              .isEqualTo(1);
          reported += isReported ? 1 : 0;
          if (failed) {
            assertThat(writes.get(i).cause())
                .as("message %d, waiting for room when its association ended", i)
                .isInstanceOfSatisfying(
                    InvalidSctpMessageException.class,
                    e -> assertThat(e.field()).isEqualTo("associationId"));
            refused++;
            refusedBy.merge(writes.get(i).cause().getClass().getSimpleName(), 1, Integer::sum);
          }
        }
        System.err.printf(
            "EndMidSendTest abort (one-to-many, with reason): %d messages, %d taken when aborted,"
                + " %d delivered in order, %d reported SEND_FAILED (%d chunk reports), %d refused %s;"
                + " receiver events %s; sender events %s%n",
            MESSAGES,
            taken,
            delivered,
            reported,
            reportedChunks.values().stream().mapToInt(Integer::intValue).sum(),
            refused,
            refusedBy,
            kinds(receiver.notifications()),
            kinds(senderEvents));
      } finally {
        endpoint.close().sync();
      }
    }
  }

  @Test
  void reactiveShutdownMidSendWhileTheReceiverIsSlow() throws Exception {
    SctpLoopResources loops = SctpLoopResources.of(group);
    try (SlowReceiver receiver = new SlowReceiver(group, RECEIVE_BUFFER)) {
      SctpConnection c =
          SctpClient.create()
              .remoteAddress(receiver.address())
              .runOn(loops)
              .option(SctpChannelOptions.SCTP_RTOINFO, QUICK_RTO)
              .option(ChannelOption.SO_SNDBUF, SEND_BUFFER)
              .connectNow();
      receiver.read(SLOW_READ_PAUSE_MILLIS);
      // No receive() subscriber: the connection reads nothing on its own, and must still learn of
      // its end.
      int shutdownAt = MESSAGES / 2;
      List<SendResult> results = new CopyOnWriteArrayList<>();
      CompletableFuture<Throwable> resultsEnded = new CompletableFuture<>();
      CompletableFuture<Void> shutdown = new CompletableFuture<>();
      AtomicInteger resultsWhenShutDown = new AtomicInteger(-1);
      AtomicInteger readWhenShutDown = new AtomicInteger(-1);
      shutdown.whenComplete(
          (v, e) -> {
            resultsWhenShutDown.set(results.size());
            readWhenShutDown.set(receiver.received().size());
          });
      // shutdown() is called by the publisher, on the event loop, just before it emits message
      // shutdownAt: its EOF lands between messages shutdownAt - 1 and shutdownAt, while the
      // receiver has read almost nothing.
      Flux<SctpOutboundMessage> source =
          Flux.range(0, MESSAGES)
              .map(
                  i -> {
                    if (i == shutdownAt) {
                      c.shutdown()
                          .subscribe(
                              null, shutdown::completeExceptionally, () -> shutdown.complete(null));
                    }
                    return SctpOutboundMessage.builder(SlowReceiver.message(i, SIZES[i]))
                        .context(i)
                        .build();
                  });
      c.outbound()
          .sendWithReceipts(source)
          .subscribe(results::add, resultsEnded::complete, () -> resultsEnded.complete(null));
      shutdown.get(120, TimeUnit.SECONDS);
      assertThat(resultsEnded.get(30, TimeUnit.SECONDS)).as("the results end normally").isNull();
      assertThat(receiver.child().closeFuture().await(60, TimeUnit.SECONDS))
          .as("the receiver's end")
          .isTrue();

      assertThat(results.stream().map(SendResult::index).sorted().toList())
          .as("one result per message")
          .isEqualTo(LongStream.range(0, MESSAGES).boxed().toList());
      for (SendResult r : results) {
        if (r.index() < shutdownAt) {
          assertThat(r.outcome())
              .as("message %d, before the shutdown", r.index())
              .isEqualTo(SendResult.Outcome.ACKNOWLEDGED);
        } else {
          assertThat(r.outcome())
              .as("message %d, after the shutdown", r.index())
              .isEqualTo(SendResult.Outcome.FAILED);
          assertThat(r.error()).isInstanceOf(ChannelOutputShutdownException.class);
        }
        assertThat(r.context()).isEqualTo((int) r.index());
      }
      assertThat(resultsWhenShutDown.get())
          .as("every result is in when shutdown() completes")
          .isEqualTo(MESSAGES);
      assertThat(receiver.corrupt()).isEmpty();
      assertThat(receiver.received()).as("once each, in order").isEqualTo(range(0, shutdownAt));
      assertThat(receiver.notifications()).anyMatch(SctpNotification.Shutdown.class::isInstance);
      assertThat(receiver.associationChanges()).contains(AssociationState.SHUTDOWN_COMPLETE);
      assertThat(c.channel().isOpen()).isFalse();
      Map<SendResult.Outcome, Long> byOutcome =
          results.stream()
              .collect(
                  Collectors.groupingBy(SendResult::outcome, TreeMap::new, Collectors.counting()));
      System.err.printf(
          "EndMidSendTest reactive shutdown mid-send, slow receiver: %d messages, shutdown() before #%d;"
              + " results %s; received %d in order; the receiver had read %d when shutdown() completed;"
              + " receiver events %s%n",
          MESSAGES,
          shutdownAt,
          byOutcome,
          receiver.received().size(),
          readWhenShutDown.get(),
          kinds(receiver.notifications()));
    }
  }

  private EpollSctpChannel connect(InetSocketAddress server, List<SctpNotification> events)
      throws InterruptedException {
    return (EpollSctpChannel)
        new Bootstrap()
            .group(group)
            .channel(EpollSctpChannel.class)
            .option(SctpChannelOptions.SCTP_RTOINFO, QUICK_RTO)
            .option(ChannelOption.SO_SNDBUF, SEND_BUFFER)
            .handler(
                new ChannelInboundHandlerAdapter() {
                  @Override
                  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                    if (evt instanceof SctpNotification n) {
                      events.add(n);
                    }
                  }
                })
            .connect(server)
            .sync()
            .channel();
  }

  private static List<ChannelFuture> writeAll(Channel ch, int from, int count) {
    List<ChannelFuture> writes = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      int size = i < SIZES.length ? SIZES[i] : 1024;
      writes.add(
          ch.write(SctpOutboundMessage.builder(SlowReceiver.message(i, size)).context(i).build()));
    }
    ch.flush();
    return writes;
  }

  /**
   * The receiver reads nothing: waits until the kernel takes no more (its buffers full), returns
   * how many.
   */
  private static int awaitTakenStable(List<ChannelFuture> writes) throws InterruptedException {
    int taken = 0;
    for (int stable = 0; stable < 20 || taken == 0; ) {
      Thread.sleep(50);
      int now = (int) writes.stream().filter(ChannelFuture::isSuccess).count();
      stable = now == taken ? stable + 1 : 0;
      taken = now;
    }
    return taken;
  }

  private static List<Integer> successes(List<ChannelFuture> writes) {
    return IntStream.range(0, writes.size())
        .filter(i -> writes.get(i).isSuccess())
        .boxed()
        .toList();
  }

  private static Map<String, Integer> outcomes(List<ChannelFuture> writes)
      throws InterruptedException {
    Map<String, Integer> out = new TreeMap<>();
    for (ChannelFuture w : writes) {
      assertThat(w.await(30, TimeUnit.SECONDS)).as("every write has an outcome").isTrue();
      out.merge(w.isSuccess() ? "taken" : w.cause().getClass().getSimpleName(), 1, Integer::sum);
    }
    return out;
  }

  private static List<Integer> range(int from, int to) {
    return IntStream.range(from, to).boxed().toList();
  }

  private static String kinds(List<SctpNotification> events) {
    return events.stream()
        .map(
            n ->
                n instanceof SctpNotification.AssociationChange c
                    ? c.state() + (c.error() != 0 ? "(error " + c.error() + ")" : "")
                    : n.getClass().getSimpleName())
        .collect(Collectors.groupingBy(s -> s, java.util.LinkedHashMap::new, Collectors.counting()))
        .toString();
  }

  private static void waitFor(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    for (int i = 0; i < 600 && !condition.getAsBoolean(); i++) {
      Thread.sleep(50);
    }
    assertThat(condition.getAsBoolean()).as("every message accounted for within 30 s").isTrue();
  }
}
