package io.reactorsctp.channel;

import io.netty.channel.ChannelPromise;
import io.netty.util.collection.IntObjectHashMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages of an {@link EpollSctpMultiChannel} waiting for room in their association, per
 * association in write order, each beside its writer's promise (still open: the channel completes
 * it once the kernel takes the message or the message fails). The associations are kept in the
 * order they began to wait, which is the order they are tried again in: under a send buffer all
 * associations share ({@code net.sctp.sndbuf_policy} 0), the one waiting longest takes the room
 * first. Holds a reference to each message. Event loop only.
 */
final class SetAsideMessages {

  /** One association's waiting messages. */
  static final class Waiting {
    final int associationId;
    private final ArrayDeque<SctpOutboundMessage> messages = new ArrayDeque<>();
    private final ArrayDeque<ChannelPromise> promises =
        new ArrayDeque<>(); // beside messages, one for one

    private Waiting(int associationId) {
      this.associationId = associationId;
    }

    /** {@return the oldest waiting message, or null when none is left} */
    SctpOutboundMessage first() {
      return messages.peek();
    }
  }

  private final IntObjectHashMap<Waiting> byAssociation = new IntObjectHashMap<>();
  private final List<Waiting> order = new ArrayList<>();
  private long bytes;

  boolean isEmpty() {
    return order.isEmpty();
  }

  /** {@return the payload bytes waiting, counted against the channel's write buffer water marks} */
  long bytes() {
    return bytes;
  }

  /**
   * {@return what waits for {@code associationId}, or null when its messages go straight to the
   * kernel}
   */
  Waiting of(int associationId) {
    return byAssociation.get(associationId);
  }

  /**
   * Association {@code associationId} cannot take more: its messages wait from now on, after the
   * others'.
   */
  Waiting startWaiting(int associationId) {
    Waiting waiting = new Waiting(associationId);
    byAssociation.put(associationId, waiting);
    order.add(waiting);
    return waiting;
  }

  /** Its association takes messages again, or has ended: nothing waits for it any more. */
  void stopWaiting(Waiting waiting) {
    if (byAssociation.get(waiting.associationId) == waiting) {
      byAssociation.remove(waiting.associationId);
      order.remove(waiting);
    }
  }

  /**
   * {@return whether {@code waiting} is still what waits for its association (not ended or closed
   * meanwhile)}
   */
  boolean isCurrent(Waiting waiting) {
    return byAssociation.get(waiting.associationId) == waiting;
  }

  /**
   * Queues {@code msg}, retained by the caller, last of its association, with its writer's promise.
   */
  void add(Waiting waiting, SctpOutboundMessage msg, ChannelPromise promise) {
    waiting.messages.add(msg);
    waiting.promises.add(promise);
    bytes += msg.content().readableBytes();
  }

  /**
   * Takes the oldest message of {@code waiting} out (the caller releases it): {@return its writer's
   * promise}
   */
  ChannelPromise removeFirst(Waiting waiting) {
    SctpOutboundMessage msg = waiting.messages.poll();
    bytes -= msg.content().readableBytes();
    return waiting.promises.poll();
  }

  /**
   * {@return the associations waiting now, in the order they began to wait: a copy, as writing
   * changes them}
   */
  Waiting[] inOrder() {
    return order.toArray(Waiting[]::new);
  }

  /** {@return everything that waits, forgotten here: the channel closes} */
  Waiting[] removeAll() {
    Waiting[] all = inOrder();
    byAssociation.clear();
    order.clear();
    return all;
  }
}
