package io.reactorsctp;

import static io.reactorsctp.Errno.*;

import java.io.IOException;

/**
 * A system call on an SCTP socket failed. Names the call, the errno (symbol and number) and what to
 * do about it.
 */
public class SctpNativeException extends IOException {

  /** The failed call. */
  private final String call;

  /** The errno it set. */
  private final int errno;

  private SctpNativeException(String call, int errno, String message) {
    super(message);
    this.call = call;
    this.errno = errno;
  }

  /**
   * Creates the exception for a failed call.
   *
   * @param call the failed call, e.g. {@code "connect"}
   * @param errno the errno it set
   * @return the exception describing it
   */
  public static SctpNativeException of(String call, int errno) {
    return new SctpNativeException(call, errno, message(call, errno, null));
  }

  /**
   * Adds what the call was doing to the message.
   *
   * @param context what the call was doing (e.g. the peer address)
   * @return a copy of this exception with the context in its message
   */
  public SctpNativeException withContext(String context) {
    SctpNativeException e = new SctpNativeException(call, errno, message(call, errno, context));
    e.setStackTrace(getStackTrace());
    return e;
  }

  private static String message(String call, int errno, String context) {
    StringBuilder b = new StringBuilder(call).append(" failed");
    if (context != null) {
      b.append(" (").append(context).append(')');
    }
    b.append(": ").append(Errno.name(errno)).append(" (").append(errno).append(')');
    String advice = advice(call, errno);
    if (advice != null) {
      b.append("; ").append(advice);
    }
    return b.toString();
  }

  private static String advice(String call, int errno) {
    return switch (errno) {
      case EPROTONOSUPPORT ->
          "this kernel has no SCTP support; load the sctp module (modprobe sctp)"
              + " or install the kernel's extra modules (e.g. linux-modules-extra)";
      case ECONNREFUSED ->
          "nothing listens for SCTP at that address (the peer answered with ABORT)";
      case ECONNRESET, EPIPE -> "the association is gone (aborted or shut down); reconnect";
      case ENOTCONN -> "the association is not established (yet or any more)";
      case EHOSTUNREACH -> "no route to the peer address";
      case ETIMEDOUT -> "the peer did not answer within the INIT/heartbeat retransmission limits";
      case ENOBUFS, ENOMEM -> "the kernel is out of buffer memory; back off and retry";
      case EMSGSIZE ->
          "the message is larger than the association accepts; raise SO_SNDBUF or split it";
      case EADDRINUSE -> "the local address and port are taken";
      default -> null;
    };
  }

  /** {@return the failed call's name} */
  public String call() {
    return call;
  }

  /** {@return the errno the call set} */
  public int errno() {
    return errno;
  }

  /** {@return whether the association is gone (reset, aborted, broken pipe)} */
  public boolean isConnectionLost() {
    return errno == ECONNRESET || errno == EPIPE;
  }
}
