package io.reactorsctp.reactive;

import io.netty.util.ReferenceCountUtil;
import io.reactorsctp.channel.AbstractEpollSctpChannel;
import io.reactorsctp.channel.SctpOutboundMessage;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Operators;
import reactor.util.concurrent.Queues;
import reactor.util.context.Context;

/**
 * Writes a publisher's messages to a channel, requesting only while the channel is writable: at
 * most {@link #BATCH} outstanding, topped up to {@link #BATCH} once half of them have been written
 * and the channel is still (or again) writable. Writes made in one event-loop turn share one flush.
 * State is touched on the event loop only.
 */
final class OutboundSend implements CoreSubscriber<SctpOutboundMessage> {

  /** Hears of each write's outcome (the message's fields stay readable; its payload is gone). */
  interface WriteListener {
    /**
     * {@return whether the send goes on after this write failed (it always goes on after a
     * success)}
     */
    boolean written(SctpOutboundMessage message, Throwable failure);
  }

  /**
   * What a send writes for: an association that tracks its running sends and says when it takes
   * more.
   */
  interface SendOwner {
    void register(OutboundSend send);

    void unregister(OutboundSend send);

    /** {@return whether the association takes more messages now (event loop)} */
    boolean writable();
  }

  static final int BATCH = 64;

  /**
   * Outstanding demand at which the send asks for more. Topping up before demand runs out keeps an
   * echo's inbound from ever seeing none: at zero it turns reading off and on again (two epoll_ctl
   * calls and two tasks), which put every 64th round trip of a reactive echo into its p99.
   */
  static final int REPLENISH_AT = BATCH / 2;

  private static final AtomicIntegerFieldUpdater<OutboundSend> DRAINS =
      AtomicIntegerFieldUpdater.newUpdater(OutboundSend.class, "drains");

  private final AbstractEpollSctpChannel channel;
  private final MonoSink<Void> result;
  private final SendOwner connection;
  private final WriteListener listener;
  private final TurnFlush flush;
  private final Runnable drainTask = this::drain;
  private final Runnable requestMoreTask = this::requestMore;
  private final Queue<SctpOutboundMessage> arrived = Queues.<SctpOutboundMessage>get(BATCH).get();
  private volatile int drains;
  private Subscription upstream;
  private int outstandingDemand;
  private int pendingWrites;
  private boolean upstreamDone;
  private boolean failed;

  OutboundSend(AbstractEpollSctpChannel channel, MonoSink<Void> result, SendOwner connection) {
    this(channel, result, connection, null);
  }

  OutboundSend(
      AbstractEpollSctpChannel channel,
      MonoSink<Void> result,
      SendOwner connection,
      WriteListener listener) {
    this.channel = channel;
    this.flush = new TurnFlush(channel);
    this.result = result;
    this.connection = connection;
    this.listener = listener;
  }

  @Override
  public void onSubscribe(Subscription s) {
    if (Operators.validate(upstream, s)) {
      upstream = s;
      result.onCancel(() -> channel.eventLoop().execute(this::cancel));
      channel
          .eventLoop()
          .execute(
              () -> {
                connection.register(this);
                requestMore();
              });
    }
  }

  @Override
  public void onNext(SctpOutboundMessage message) {
    if (channel.eventLoop().inEventLoop() && arrived.isEmpty()) {
      write(message);
      return;
    }
    // Off the loop: one queue and at most one drain task in flight, rather than a task (and a
    // wake-up) per message. Demand is at most one batch, so the queue cannot overflow unless the
    // publisher breaks the protocol.
    if (!arrived.offer(message)) {
      ReferenceCountUtil.release(message);
      onError(
          Operators.onOperatorError(
              upstream, Exceptions.failWithOverflow(), message, Context.empty()));
      return;
    }
    if (DRAINS.getAndIncrement(this) == 0) {
      channel.eventLoop().execute(drainTask);
    }
  }

  private void drain() {
    int missed = 1;
    do {
      SctpOutboundMessage message;
      while ((message = arrived.poll()) != null) {
        write(message);
      }
      missed = DRAINS.addAndGet(this, -missed);
    } while (missed != 0);
  }

  private void write(SctpOutboundMessage message) {
    if (failed) {
      ReferenceCountUtil.release(message);
      return;
    }
    outstandingDemand--;
    pendingWrites++;
    // The channel owns the message from here and releases it; its fields stay readable for the
    // error report.
    channel.write(message, new Written(message));
    flush.schedule();
    if (outstandingDemand == REPLENISH_AT) {
      // Ask for more once what was written so far has been flushed, and only if the channel can
      // still take more.
      channel.eventLoop().execute(requestMoreTask);
    }
  }

  /** One write's promise, which reports its outcome to the send. */
  private final class Written extends WritePromise {
    private final SctpOutboundMessage message;

    Written(SctpOutboundMessage message) {
      super(channel);
      this.message = message;
    }

    @Override
    void written(Throwable failure) {
      pendingWrites--;
      // The listener hears of every write, sent or not.
      boolean goOn =
          listener == null
              ? failure == null
              : listener.written(message, failure) || failure == null;
      if (goOn) {
        maybeComplete();
      } else {
        fail(new SctpSendException(message, failure));
      }
    }
  }

  /** Called by the owner when its writability changes. */
  void writabilityChanged() {
    requestMore();
  }

  private void requestMore() {
    if (!failed && !upstreamDone && outstandingDemand <= REPLENISH_AT && connection.writable()) {
      int more = BATCH - outstandingDemand;
      outstandingDemand = BATCH;
      upstream.request(more);
    }
  }

  @Override
  public void onError(Throwable t) {
    channel.eventLoop().execute(() -> fail(t));
  }

  @Override
  public void onComplete() {
    // Inline on the event loop: an echo's inbound completes as the association ends, and the send
    // must learn it is done before it hears of the end (which fails a send still waiting for its
    // upstream).
    if (channel.eventLoop().inEventLoop()) {
      upstreamCompleted();
    } else {
      channel.eventLoop().execute(this::upstreamCompleted);
    }
  }

  private void upstreamCompleted() {
    upstreamDone = true;
    flush.run();
    maybeComplete();
  }

  private void maybeComplete() {
    if (upstreamDone && pendingWrites == 0 && !failed) {
      connection.unregister(this);
      result.success();
    }
  }

  private void fail(Throwable t) {
    if (failed) {
      return;
    }
    failed = true;
    connection.unregister(this);
    if (!upstreamDone) {
      upstream.cancel();
    }
    result.error(t);
  }

  private void cancel() {
    failed = true;
    connection.unregister(this);
    upstream.cancel();
  }

  /** The association ended while messages were still to be sent. */
  void channelInactive() {
    if (!upstreamDone || pendingWrites > 0) {
      fail(new java.nio.channels.ClosedChannelException());
    }
  }
}
