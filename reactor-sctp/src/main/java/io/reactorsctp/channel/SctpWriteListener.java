package io.reactorsctp.channel;

/**
 * Hears what became of each message written to an SCTP channel: taken by the kernel, or failed.
 * Registered on the channel ({@link AbstractEpollSctpChannel#addWriteListener}), it hears every
 * {@link SctpOutboundMessage} (and {@code SctpMessage} or {@code ByteBuf}, as the channel converted
 * it), whichever handler wrote it and whatever promise it was written with, a void one included: it
 * does not depend on the pipeline's order.
 *
 * <p>Called on the channel's event loop, exactly once per message, before the write's promise
 * completes. A message waiting aside for its association on an {@link EpollSctpMultiChannel} is
 * reported when the kernel takes it or it fails. The message's payload is readable during the call
 * only: the channel releases it right after. Messages still queued when the channel closes are
 * reported failed, as their writes are; a message the channel refuses when written (an invalid
 * field) is reported failed too. A listener must not block; what it throws is logged.
 */
@FunctionalInterface
public interface SctpWriteListener {

  /**
   * Tells what became of one message.
   *
   * @param message the message as the channel sends it; its payload is readable during this call
   *     only
   * @param failure null when the kernel took the message, else why it failed (the cause its write
   *     fails with)
   */
  void written(SctpOutboundMessage message, Throwable failure);
}
