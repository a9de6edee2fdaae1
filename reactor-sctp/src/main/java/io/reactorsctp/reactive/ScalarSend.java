package io.reactorsctp.reactive;

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
 * message, so it is one object per send: the subscription its subscriber holds and the write's
 * promise, which tells the subscriber as it completes ({@link WritePromise}).
 *
 * <p>Two cancels meet here: the subscriber's ({@link #cancel()}), which only silences the outcome
 * (the message is the channel's once written), and the promise's ({@link #cancel(boolean)}), which
 * a handler may use to drop the write, and which the subscriber hears of as an error.
 */
final class ScalarSend extends WritePromise implements Subscription {
  private final CoreSubscriber<? super Void> actual;
  private final SctpOutboundMessage message;
  private volatile boolean cancelled;

  private ScalarSend(
      EpollSctpChannel channel, CoreSubscriber<? super Void> actual, SctpOutboundMessage message) {
    super(channel);
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
    ScalarSend send = new ScalarSend(channel, actual, message);
    actual.onSubscribe(send);
    channel.write(message, send);
    flush.schedule();
    return true;
  }

  @Override
  void written(Throwable failure) {
    if (cancelled) {
      return;
    }
    if (failure == null) {
      actual.onComplete();
    } else {
      actual.onError(new SctpSendException(message, failure));
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
