package io.reactorsctp.reactive;

import java.util.Objects;

/**
 * Told when an association changes state: the shape of reactor-netty's {@code ConnectionObserver},
 * for SCTP. A client's observer sees its association; a server's, each association it accepts; an
 * endpoint's, each association it has. Called on the association's event loop: it must not block.
 * Set one with {@link SctpTransport#observe}; {@code doOnConnected}, {@code doOnDisconnected} and
 * {@code doOnConnection} are observers of one state.
 */
@FunctionalInterface
public interface SctpConnectionObserver {

  /** The states an association goes through, in this order. */
  enum State {
    /**
     * The association is up (a client's connect completed, a server accepted it, an endpoint saw it
     * come up), before any handler or subscriber has read from it.
     */
    CONNECTED,
    /** The association has ended, for whatever reason (shutdown, abort, lost, channel closed). */
    DISCONNECTED
  }

  /**
   * Reports a new state.
   *
   * @param association the association
   * @param state the state it is now in
   */
  void onStateChange(SctpAssociation association, State state);

  /**
   * Composes observers.
   *
   * @param other the observer told after this one
   * @return an observer telling this one, then {@code other}
   */
  default SctpConnectionObserver then(SctpConnectionObserver other) {
    Objects.requireNonNull(other, "other");
    return (association, state) -> {
      onStateChange(association, state);
      other.onStateChange(association, state);
    };
  }

  /** {@return an observer that does nothing} */
  static SctpConnectionObserver emptyListener() {
    return NoObserver.INSTANCE;
  }
}
