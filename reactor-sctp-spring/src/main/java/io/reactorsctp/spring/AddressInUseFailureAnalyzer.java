package io.reactorsctp.spring;

import io.reactorsctp.Errno;
import io.reactorsctp.SctpNativeException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Start-up failed because an SCTP address was taken: an {@link SctpNativeException} with {@code
 * EADDRINUSE} anywhere in the cause chain. Names the server and its address when a configured
 * server failed to bind ({@link SctpBindException}).
 */
final class AddressInUseFailureAnalyzer implements FailureAnalyzer {

  @Override
  public FailureAnalysis analyze(Throwable failure) {
    SctpNativeException cause = SctpFailures.nativeCause(failure, Errno.EADDRINUSE);
    if (cause == null) {
      return null;
    }
    SctpBindException bind = SctpFailures.find(failure, SctpBindException.class);
    if (bind == null) {
      return new FailureAnalysis(
          "An SCTP local address is already in use: " + cause.getMessage() + ".",
          "Choose another local port for it, or stop the process holding the address (ss -Slnp"
              + " lists SCTP listeners).",
          failure);
    }
    String prefix = bind.propertyPrefix();
    return new FailureAnalysis(
        "SCTP "
            + bind.kind()
            + " '"
            + bind.serverName()
            + "' could not bind to "
            + bind.address()
            + ": the address is already in use ("
            + cause.getMessage()
            + ").",
        "Choose another "
            + prefix
            + ".port, or stop the process holding "
            + bind.address()
            + " (ss -Slnp lists SCTP listeners).",
        failure);
  }
}
