package io.reactorsctp.reactive;

import io.netty.channel.Channel;
import io.netty.util.ReferenceCountUtil;
import io.reactorsctp.channel.SctpInboundMessage;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;

/**
 * The inbound messages as a publisher of one subscriber, and the subscription that turns its demand
 * into reading: autoRead is on while requests are outstanding and off as soon as they are met. The
 * read loop in progress then stops after its current message, so at most one message more than
 * requested waits in the queue; nothing is dropped. Without demand nothing is read and the kernel's
 * receive window closes, holding the peer's sender back.
 *
 * <p>A message read while there is demand and nothing waits goes straight to the subscriber, as in
 * reactor-netty's {@code FluxReceive}: no queue, no task, no atomic beyond counting the demand down
 * (a general-purpose {@code Flux.create} sink buffers and drains every message). Messages, demand
 * and the end all meet on the event loop; {@link #request} and {@link #cancel} hand over to it from
 * any other thread.
 */
final class InboundReceive extends Flux<SctpInboundMessage> implements Subscription {
  private static final AtomicIntegerFieldUpdater<InboundReceive> SUBSCRIBED =
      AtomicIntegerFieldUpdater.newUpdater(InboundReceive.class, "subscribed");
  private static final AtomicLongFieldUpdater<InboundReceive> REQUESTED =
      AtomicLongFieldUpdater.newUpdater(InboundReceive.class, "requested");

  private final Channel channel;
  private final SctpInboundFlux flux = new SctpInboundFlux(this);
  private final Runnable drainTask = this::drain;
  private volatile int subscribed;
  private volatile long requested;
  private volatile boolean cancelled;
  // Event loop only:
  private final ArrayDeque<SctpInboundMessage> waiting = new ArrayDeque<>(2);
  private CoreSubscriber<? super SctpInboundMessage> receiver;
  private boolean draining;
  private boolean drainAgain;
  private boolean terminated;
  private boolean terminalDelivered;
  private Throwable terminalError;

  InboundReceive(Channel channel) {
    this.channel = channel;
  }

  SctpInboundFlux flux() {
    return flux;
  }

  @Override
  public void subscribe(CoreSubscriber<? super SctpInboundMessage> actual) {
    if (!SUBSCRIBED.compareAndSet(this, 0, 1)) {
      Operators.error(
          actual, new IllegalStateException("inbound().receive() allows one subscriber"));
      return;
    }
    actual.onSubscribe(this);
    onLoop(() -> attach(actual));
  }

  private void attach(CoreSubscriber<? super SctpInboundMessage> actual) {
    receiver = actual;
    drain();
  }

  @Override
  public void request(long n) {
    if (Operators.validate(n)) {
      Operators.addCap(REQUESTED, this, n);
      onLoop(drainTask);
    }
  }

  /**
   * Cancelling stops reading: the kernel queue keeps what was not read, and the peer is held back.
   */
  @Override
  public void cancel() {
    cancelled = true;
    onLoop(drainTask);
  }

  void onMessage(SctpInboundMessage message) {
    if (cancelled) {
      ReferenceCountUtil.release(message);
      return;
    }
    CoreSubscriber<? super SctpInboundMessage> r = receiver;
    if (r != null && !draining && waiting.isEmpty() && requested > 0) {
      produced(1);
      draining = true;
      try {
        r.onNext(message);
      } finally {
        draining = false;
      }
      if (drainAgain || cancelled) {
        drain();
      } else {
        readWhileDemanded();
      }
      return;
    }
    waiting.add(message);
    drain();
  }

  /**
   * Any error reported by the channel ends the inbound stream with it (after what was read before
   * it); the association may stay up.
   */
  void onError(Throwable error) {
    if (!terminated) {
      terminated = true;
      terminalError = error;
      drain();
    }
  }

  void onInactive() {
    if (!terminated) {
      terminated = true;
      drain();
    }
  }

  /** Delivers what waits as far as demand goes, then the end once nothing waits. */
  private void drain() {
    if (draining) {
      drainAgain = true;
      return;
    }
    draining = true;
    try {
      do {
        drainAgain = false;
        if (cancelled) {
          discard();
          return;
        }
        CoreSubscriber<? super SctpInboundMessage> r = receiver;
        if (r == null) {
          return;
        }
        while (requested > 0 && !waiting.isEmpty() && !cancelled) {
          produced(1);
          r.onNext(waiting.poll());
        }
        if (terminated && waiting.isEmpty() && !terminalDelivered && !cancelled) {
          terminalDelivered = true;
          if (terminalError != null) {
            r.onError(terminalError);
          } else {
            r.onComplete();
          }
        }
      } while (drainAgain);
    } finally {
      draining = false;
    }
    readWhileDemanded();
  }

  /** Reading follows demand: on while requests are outstanding, off once they are met. */
  private void readWhileDemanded() {
    boolean reading = channel.config().isAutoRead();
    if (requested == 0) {
      if (reading) {
        channel.config().setAutoRead(false);
      }
    } else if (!reading && !cancelled && !terminated && channel.isActive()) {
      channel.config().setAutoRead(true);
    }
  }

  private void produced(long n) {
    if (requested != Long.MAX_VALUE) {
      REQUESTED.addAndGet(this, -n);
    }
  }

  private void discard() {
    receiver = null;
    SctpInboundMessage m;
    while ((m = waiting.poll()) != null) {
      ReferenceCountUtil.release(m);
    }
    if (channel.config().isAutoRead()) {
      channel.config().setAutoRead(false);
    }
  }

  private void onLoop(Runnable task) {
    if (channel.eventLoop().inEventLoop()) {
      task.run();
    } else {
      channel.eventLoop().execute(task);
    }
  }
}
