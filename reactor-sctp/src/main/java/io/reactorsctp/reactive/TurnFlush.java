package io.reactorsctp.reactive;

import io.reactorsctp.channel.AbstractEpollSctpChannel;

/**
 * One flush for the writes an event-loop turn makes, so that a burst of writes leaves in shared
 * packets (and one {@code sendmsg} loop) rather than a flush each. Writes made while a read loop
 * delivers messages (an echo, an answer) are flushed by the channel as that loop ends, as a handler
 * flushing in {@code channelReadComplete} would; any other write's first in the turn schedules a
 * flush task, the others find it scheduled. Event loop only.
 */
final class TurnFlush implements Runnable {
  private final AbstractEpollSctpChannel channel;
  private boolean scheduled;

  TurnFlush(AbstractEpollSctpChannel channel) {
    this.channel = channel;
  }

  /** After a write: flushes once the loop has run what it is running now. */
  void schedule() {
    if (!scheduled && !channel.flushAfterReadLoop()) {
      scheduled = true;
      channel.eventLoop().execute(this);
    }
  }

  /** Flushes now; a flush already scheduled still runs and finds less (or nothing) to send. */
  @Override
  public void run() {
    scheduled = false;
    channel.flush();
  }
}
