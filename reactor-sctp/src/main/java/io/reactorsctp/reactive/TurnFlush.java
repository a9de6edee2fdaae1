package io.reactorsctp.reactive;

import io.netty.channel.Channel;

/**
 * One flush for the writes an event-loop turn makes: the first write of the turn schedules it, the
 * others find it scheduled, so a burst of writes leaves in shared packets (and one {@code sendmsg}
 * loop) rather than a flush each. Event loop only.
 */
final class TurnFlush implements Runnable {
  private final Channel channel;
  private boolean scheduled;

  TurnFlush(Channel channel) {
    this.channel = channel;
  }

  /** After a write: flushes once the loop has run what it is running now. */
  void schedule() {
    if (!scheduled) {
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
