package io.reactorsctp.spring;

import io.reactorsctp.SctpNativeException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/** Looks through a start-up failure's cause chain for what the failure analyzers explain. */
final class SctpFailures {
  private SctpFailures() {}

  /** {@return the first SctpNativeException with {@code errno} in the chain, or null} */
  static SctpNativeException nativeCause(Throwable failure, int errno) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof SctpNativeException e && e.errno() == errno) {
        return e;
      }
    }
    return null;
  }

  /** {@return the first {@code type} in the chain, or null} */
  static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /** {@return " (server 'x' binding to a)" when a configured server failed, else ""} */
  static String serverPart(Throwable failure) {
    SctpBindException bind = find(failure, SctpBindException.class);
    return bind == null
        ? ""
        : " (server '" + bind.serverName() + "' binding to " + bind.address() + ")";
  }
}
