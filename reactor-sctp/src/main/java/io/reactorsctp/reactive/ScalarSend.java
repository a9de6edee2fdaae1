package io.reactorsctp.reactive;

import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.SctpOutboundMessage;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Fuseable;

/**
 * A send of one message that is already there ({@code Mono.just}), subscribed on the event loop
 * while the association takes more: written at once, without the subscription, tasks and queue of
 * {@link OutboundSend}, and flushed with what else this loop turn writes (reactor-netty writes a
 * scalar publisher's value directly too). In a request-and-answer exchange that is a send per
 * message, so it is also its own subscription and its write's listener: one object per send, no
 * {@code Mono.create} sink. Cancelling after the write only silences the outcome; the message is
 * the channel's.
 */
final class ScalarSend implements Subscription, GenericFutureListener<Future<? super Void>> {
  private final CoreSubscriber<? super Void> actual;
  private final SctpOutboundMessage message;
  private volatile boolean cancelled;

  private ScalarSend(CoreSubscriber<? super Void> actual, SctpOutboundMessage message) {
    this.actual = actual;
    this.message = message;
  }

  /**
   * Writes the message of {@code one} for {@code actual} if the channel can take it now: on its
   * event loop, open and writable, and {@code one} holds a message. Anywhere else (off the loop,
   * not writable, not open, an empty or failing publisher) nothing is taken from {@code one} and
   * the caller runs the general send, whose rules hold.
   *
   * @return whether the message was written and {@code actual} subscribed to its outcome
   */
  static boolean tryWrite(
      EpollSctpChannel channel,
      TurnFlush flush,
      Fuseable.ScalarCallable<?> one,
      CoreSubscriber<? super Void> actual) {
    if (!channel.eventLoop().inEventLoop() || !channel.isActive() || !channel.isWritable()) {
      return false;
    }
    Object value;
    try {
      value = one.call();
    } catch (Exception e) {
      return false; // Mono.error: the general send reports it
    }
    if (!(value instanceof SctpOutboundMessage message)) {
      return false;
    }
    ScalarSend send = new ScalarSend(actual, message);
    actual.onSubscribe(send);
    channel.write(message).addListener(send);
    flush.schedule();
    return true;
  }

  @Override
  public void operationComplete(Future<? super Void> done) {
    if (cancelled) {
      return;
    }
    if (done.isSuccess()) {
      actual.onComplete();
    } else {
      actual.onError(new SctpSendException(message, done.cause()));
    }
  }

  @Override
  public void request(long n) {
    // A Mono<Void>: no value to request.
  }

  @Override
  public void cancel() {
    cancelled = true;
  }
}
