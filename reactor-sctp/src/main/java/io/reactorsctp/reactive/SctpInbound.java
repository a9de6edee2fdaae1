package io.reactorsctp.reactive;

import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpNotification;
import reactor.core.publisher.Flux;

/** The receiving side of an SCTP association. */
public interface SctpInbound {

  /**
   * The association's messages, read from the kernel only as fast as they are requested: without
   * demand nothing is read, the kernel's receive window closes and the peer's sender is held back.
   * One subscriber; the subscriber owns each message and must release it (messages still queued
   * when it cancels are released). Completes when the association ends, errors with the channel's
   * exception.
   *
   * @return the messages; {@link SctpInboundFlux#asString()}, {@link SctpInboundFlux#asByteArray()}
   *     and {@link SctpInboundFlux#decode} turn them into values and release them
   */
  SctpInboundFlux receive();

  /**
   * As {@link #receive()}, and cancelling it also ends the association gracefully (SHUTDOWN)
   * instead of only stopping reading: for protocols where a reader that went away means the peer
   * must be told.
   *
   * @return the messages
   */
  default Flux<SctpInboundMessage> receiveClosingOnCancel() {
    return receive().doOnCancel(() -> connection().dispose());
  }

  /**
   * Notifications read with the messages (they travel in the same kernel queue, so they arrive as
   * {@link #receive()} is consumed). Hot: each subscriber sees those read after it subscribed.
   *
   * @return the notifications
   */
  Flux<SctpNotification> notifications();

  /** {@return the association this is the receiving side of (to abort it, read its status, …)} */
  SctpAssociation connection();
}
