package io.reactorsctp.spring;

import io.reactorsctp.Errno;
import io.reactorsctp.SctpNativeException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Start-up failed because the kernel has no SCTP: an {@link SctpNativeException} with {@code
 * EPROTONOSUPPORT} anywhere in the cause chain, however deep Spring wrapped it.
 */
final class NoSctpFailureAnalyzer implements FailureAnalyzer {

  @Override
  public FailureAnalysis analyze(Throwable failure) {
    SctpNativeException cause = SctpFailures.nativeCause(failure, Errno.EPROTONOSUPPORT);
    if (cause == null) {
      return null;
    }
    return new FailureAnalysis(
        "This kernel has no SCTP support: "
            + cause.getMessage()
            + SctpFailures.serverPart(failure)
            + ".",
        "Load the module: modprobe sctp (it may need the kernel's extra modules, e.g."
            + " linux-modules-extra), or run the JVM through tools/sctp-vm.",
        failure);
  }
}
