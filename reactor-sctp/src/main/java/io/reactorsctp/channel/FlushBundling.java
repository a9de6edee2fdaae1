package io.reactorsctp.channel;

import io.netty.channel.ChannelOutboundBuffer;
import io.reactorsctp.internal.nativeio.SctpConstants;

/**
 * Whether a message of a flush goes to the kernel with {@code MSG_MORE}, so that it bundles with
 * the messages flushed after it into shared packets, as Netty's stream channels gather a flush into
 * one {@code writev}. Linux holds a message sent with {@code MSG_MORE} until a send without it, or
 * until a packet's worth is queued ({@code asoc->force_delay}, net/sctp/output.c); the last message
 * of a flush goes without it and takes the held ones along, so nothing waits beyond the flush.
 *
 * <p>A held message leaves only with a later successful {@code sendmsg}. The flag is therefore set
 * only when the next flushed message is one the kernel cannot refuse for itself after {@code
 * filterOutboundMessage} let it through, and goes to the same association: it has payload (an empty
 * message is never sent), is no abort and names no address override (a path the association lacks
 * is refused), it fits one chunk when fragmentation is disabled (EMSGSIZE), and on a one-to-many
 * channel it names the same association by its id (not by peer, which may set one up, nor all of
 * them). The write loops send their last turn's message without the flag, so that a {@code doWrite}
 * never ends with messages held but on EAGAIN. An EAGAIN leaves the next message queued and tried
 * again when the kernel has room, which it then sends; an error that ends the association ends the
 * held messages with it. What remains is a refusal under memory pressure (ENOMEM), which the writer
 * is told of and retries.
 *
 * <p>A bundle is kept to what an Ethernet-sized packet carries ({@link #BUNDLE_BYTES}), whatever
 * the path's MTU: over loopback (MTU 64 KiB), bundles as large as the MTU allowed stalled an
 * association for good in our tests, most likely as Linux held back the window update the sender
 * waited for (benchmarks/findings.md, 3 and 11).
 *
 * <p>One per channel, used by its event loop only: it allocates nothing per message.
 */
final class FlushBundling implements ChannelOutboundBuffer.MessageProcessor {
  // The smallest fragmentation point Linux allows (SCTP_DEFAULT_MINSEGMENT): a message of at most
  // this many bytes fits one chunk whatever the path MTU.
  private static final int MIN_FRAGMENT_POINT = 512;

  // Payload bytes one bundle holds at most: an IPv6 minimum-MTU packet's worth (1 280 B less the IP
  // and SCTP headers), about 15 messages of 64 B.
  static final int BUNDLE_BYTES = 1200;

  private boolean headSeen;
  private Object next;
  // Payload the kernel holds from sends with MSG_MORE since the last send without it.
  private int heldBytes;

  /**
   * @param in the channel's outbound buffer, whose head is {@code current}
   * @param current the flushed message about to be sent
   * @param fragmentsDisabled whether the socket has {@code SCTP_DISABLE_FRAGMENTS}
   * @param lastTurn whether this is the write loop's last turn before it hands the rest of the
   *     flush to a later task ({@code flushLater}), which a close queued before it would never run
   * @return {@code MSG_MORE} when another flushed message follows that will be sent after it, else
   *     0
   */
  int flagsFor(
      ChannelOutboundBuffer in,
      SctpOutboundMessage current,
      boolean fragmentsDisabled,
      boolean lastTurn) {
    if (lastTurn
        || in.size() < 2
        || current.isEof()
        || current.isAbort()
        || current.isSendAll()
        || heldBytes + current.content().readableBytes() >= BUNDLE_BYTES) {
      // An EOF shuts the association down at once after its send: nothing may stay held behind it.
      return 0;
    }
    headSeen = false;
    next = null;
    try {
      in.forEachFlushedMessage(this);
    } catch (Exception e) {
      throw new IllegalStateException(e); // processMessage throws nothing
    }
    Object following = next;
    next = null;
    return following instanceof SctpOutboundMessage m && isSentAfter(current, m, fragmentsDisabled)
        ? SctpConstants.MSG_MORE
        : 0;
  }

  /**
   * The kernel took a message sent with {@code flags}.
   *
   * @param flags what {@link #flagsFor} gave for it
   * @param length its payload bytes
   */
  void taken(int flags, int length) {
    heldBytes = flags == 0 ? 0 : heldBytes + length;
  }

  /**
   * Whether {@code next} will be sent right after {@code current} on the same association: on a
   * one-to-one channel every message names none (association 0, no peer); on a one-to-many channel
   * both name the same established association by its id.
   */
  private static boolean isSentAfter(
      SctpOutboundMessage current, SctpOutboundMessage next, boolean fragmentsDisabled) {
    int length = next.content().readableBytes();
    return length > 0
        && !next.isAbort()
        && next.addressOverride() == null
        && next.associationId() == current.associationId()
        && next.peer() == null
        && !next.isSendAll()
        && (!fragmentsDisabled || length <= MIN_FRAGMENT_POINT);
  }

  /** Skips the head and stops at the message after it. */
  @Override
  public boolean processMessage(Object msg) {
    if (!headSeen) {
      headSeen = true;
      return true;
    }
    next = msg;
    return false;
  }
}
