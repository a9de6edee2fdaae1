package io.reactorsctp.reactive;

import io.netty.util.internal.logging.InternalLogger;
import io.reactorsctp.Errno;
import io.reactorsctp.SctpNativeException;

/**
 * How a server or endpoint logs a handler that ended in error. A peer that aborts, or a path that
 * stops answering, ends an association as a matter of course in signalling networks: one INFO line
 * says so; anything else is the application's failure, logged at WARN with its stack trace.
 */
final class HandlerFailures {
  private HandlerFailures() {}

  static void log(InternalLogger log, Object association, String outcome, Throwable error) {
    if (error instanceof SctpNativeException e
        && (e.isConnectionLost() || e.errno() == Errno.ETIMEDOUT)) {
      log.info("handler of {} ended, {}: {}", association, outcome, e.getMessage());
    } else {
      log.warn("handler of {} failed; {}", association, outcome, error);
    }
  }
}
