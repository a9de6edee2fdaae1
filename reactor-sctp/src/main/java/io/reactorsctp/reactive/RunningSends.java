package io.reactorsctp.reactive;

import java.util.ArrayList;
import java.util.List;

/**
 * The sends running on one association (or on a whole endpoint): told when it takes more messages
 * again and when it ends. A copy is iterated because a send unregisters itself as it completes or
 * fails. Event loop only.
 */
final class RunningSends {
  private final List<OutboundSend> sends = new ArrayList<>();

  /** Adds a send, or fails it at once when the association has already ended. */
  void add(OutboundSend send, boolean open) {
    if (open) {
      sends.add(send);
    } else {
      send.channelInactive();
    }
  }

  void remove(OutboundSend send) {
    sends.remove(send);
  }

  void writabilityChanged() {
    for (OutboundSend send : List.copyOf(sends)) {
      send.writabilityChanged();
    }
  }

  /** The association ended: sends still waiting for their upstream or their writes fail. */
  void ended() {
    for (OutboundSend send : List.copyOf(sends)) {
      send.channelInactive();
    }
  }
}
