package io.reactorsctp.channel;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.DefaultMaxMessagesRecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;
import io.netty.util.internal.ObjectUtil;

/**
 * The receive buffer sizing reactor-sctp's channels use unless {@link
 * io.netty.channel.ChannelOption#RCVBUF_ALLOCATOR} says otherwise: each read asks for a buffer as
 * large as the largest message recently received, rounded up to a power of two.
 *
 * <p>Netty's {@link AdaptiveRecvByteBufAllocator} is made for byte streams, where a read that fills
 * its buffer means more may wait, so it raises its guess fourfold. On a message socket a read that
 * ends its message ({@code MSG_EOR}) says the buffer was large enough, however exactly the message
 * filled it. Under the adaptive rule, messages whose size is a power of two (4 096 B, say) kept the
 * guess cycling up to 64 KiB and back, so each such message held a buffer up to 16 times its size.
 * Here only a piece, a read that filled the buffer without ending its message, raises the guess
 * (fourfold, as the adaptive rule does, so that large messages soon arrive whole again); after two
 * read loops in a row whose messages all fit in half the buffer, the guess falls to the larger of
 * half and what they needed.
 *
 * <p>It also decides when a read loop stops. After a whole message the loop would read once more to
 * learn that nothing else waits: a {@code recvmsg} answering {@code EAGAIN}, which costs SCTP's
 * socket lock and receive queue (about four times a bare system call) and a buffer taken and given
 * back. When messages come one at a time (request and answer, or large messages each waking the
 * reader), that probe is wasted on every message. So after two loops in a row that read one message
 * and whose probe found nothing, a loop stops after its first whole message, and only every 4 096th
 * loop probes; a probe that finds a second message brings back reading until {@code EAGAIN}.
 * Nothing waits longer for it: the channels' epoll interest is level-triggered, so a message left
 * in the queue wakes the loop again at once. After a notification a loop always reads on, because
 * an association's end shows in the read after it ({@code ECONNRESET} after the peer's ABORT, 0
 * after its SHUTDOWN).
 */
public final class SctpMessageRecvByteBufAllocator extends DefaultMaxMessagesRecvByteBufAllocator {
  /** The smallest guess by default, bytes. */
  public static final int DEFAULT_MINIMUM = 64;

  /** The first guess by default, bytes: above the common MTU of 1 500 B, as Netty's. */
  public static final int DEFAULT_INITIAL = 2048;

  /** The largest guess by default, bytes; larger messages arrive in pieces and are gathered. */
  public static final int DEFAULT_MAXIMUM = 65536;

  private static final int SMALL_LOOPS_BEFORE_SHRINKING = 2;

  /** Loops in a row that read one message and probed in vain before loops stop probing. */
  static final int QUIET_LOOPS_BEFORE_SKIPPING = 2;

  /**
   * While loops skip the probe, one loop in this many probes still, to notice messages queuing.
   * Rare enough to stay out of a request-response p99: both ends' probes come in 2 of every {@code
   * PROBE_EVERY} round trips, and while that share is a sizeable part of the slowest 1 % they set
   * the 99th percentile. Every 8th loop cost 8 us of it, every 256th (0.8 % of round trips) still
   * up to 3 us of our channel's and 5-9 us of the reactive API's (benchmarks/findings.md, 16 and
   * 26). Noticing a queue late costs little: until then each message waits for its own
   * (level-triggered, immediate) epoll wake-up instead of the loop's next read, a few microseconds
   * each, for at most this many messages.
   */
  static final int PROBE_EVERY = 4096;

  private final int minimum;
  private final int initial;
  private final int maximum;

  /** Sizing between {@value #DEFAULT_MINIMUM} and {@value #DEFAULT_MAXIMUM} bytes. */
  public SctpMessageRecvByteBufAllocator() {
    this(DEFAULT_MINIMUM, DEFAULT_INITIAL, DEFAULT_MAXIMUM);
  }

  /**
   * Sizing between the given bounds.
   *
   * @param minimum the smallest guess, bytes (at least 1)
   * @param initial the first guess, bytes (between {@code minimum} and {@code maximum})
   * @param maximum the largest guess, bytes
   * @throws IllegalArgumentException naming the bound that is out of range
   */
  public SctpMessageRecvByteBufAllocator(int minimum, int initial, int maximum) {
    ObjectUtil.checkPositive(minimum, "minimum");
    if (initial < minimum) {
      throw new IllegalArgumentException("initial: " + initial + " (expected: >= " + minimum + ")");
    }
    if (maximum < initial) {
      throw new IllegalArgumentException("maximum: " + maximum + " (expected: >= " + initial + ")");
    }
    this.minimum = minimum;
    this.initial = initial;
    this.maximum = maximum;
  }

  @Override
  public Handle newHandle() {
    return new MessageHandle();
  }

  /**
   * One channel's guess and read-loop rhythm; the read loop reports each read's end of message to
   * it.
   */
  final class MessageHandle extends MaxMessageHandle {
    private int next = initial;
    private int largestMessageRead;
    private boolean pieceFilledBuffer;
    private int smallLoops;
    // Whole messages read in this loop, and whether the last read ended one that is no
    // notification.
    private int messagesInLoop;
    private boolean lastReadEndedMessage;
    // Loops in a row that read one message and whose probe found nothing.
    private int quietLoops;
    // Loops since the last one that probed, while skipping.
    private int loopsWithoutProbe;

    @Override
    public int guess() {
      return next;
    }

    /**
     * One read of this loop: {@code bytes} into a buffer of {@link #attemptedBytesRead()}, ending
     * its message or not, a notification or a message.
     */
    void read(int bytes, boolean endedMessage, boolean notification) {
      lastReadEndedMessage = endedMessage && !notification;
      if (endedMessage) {
        messagesInLoop++;
      }
      if (!endedMessage && bytes >= attemptedBytesRead()) {
        pieceFilledBuffer = true;
      } else if (bytes > largestMessageRead) {
        largestMessageRead = bytes;
      }
    }

    @Override
    public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
      boolean more = super.continueReading(maybeMoreDataSupplier);
      if (!more || !lastReadEndedMessage) {
        return more;
      }
      if (quietLoops >= QUIET_LOOPS_BEFORE_SKIPPING && messagesInLoop == 1) {
        if (++loopsWithoutProbe < PROBE_EVERY) {
          return false;
        }
        loopsWithoutProbe = 0;
      }
      return true;
    }

    @Override
    public void readComplete() {
      if (messagesInLoop >= 2) {
        quietLoops = 0;
        loopsWithoutProbe = 0;
      } else if (messagesInLoop == 1 && lastBytesRead() == 0) {
        quietLoops++;
      }
      messagesInLoop = 0;
      lastReadEndedMessage = false;
      if (pieceFilledBuffer) {
        next = (int) Math.min(maximum, (long) next << 2);
        smallLoops = 0;
      } else if (largestMessageRead > 0 && largestMessageRead <= next >> 1) {
        if (++smallLoops >= SMALL_LOOPS_BEFORE_SHRINKING) {
          int needed = Integer.highestOneBit(largestMessageRead - 1) << 1;
          next = Math.max(minimum, Math.max(needed, next >> 1));
          smallLoops = 0;
        }
      } else if (largestMessageRead > 0) {
        smallLoops = 0;
      }
      pieceFilledBuffer = false;
      largestMessageRead = 0;
    }
  }
}
