package io.reactorsctp.reactive;

import java.util.Objects;

/** The observer of a transport without one: the one instance lets the transport skip the work. */
enum NoObserver implements SctpConnectionObserver {
  INSTANCE;

  @Override
  public void onStateChange(SctpAssociation association, State state) {}

  @Override
  public SctpConnectionObserver then(SctpConnectionObserver other) {
    return Objects.requireNonNull(other, "other");
  }
}
