package io.reactorsctp.internal.nativeio;

import static io.reactorsctp.internal.nativeio.SctpConstants.*;

import io.reactorsctp.SctpNativeException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The file descriptor of an {@link SctpSocket}: closing it once, and the plumbing every call shares
 * (errno capture, {@code setsockopt}/{@code getsockopt}, naming an option in an error). Internal:
 * not part of reactor-sctp's API.
 */
abstract sealed class SctpFileDescriptor permits SctpSocketOptions {
  final int fd;
  final boolean ipv6;
  private final AtomicBoolean open = new AtomicBoolean(true);

  SctpFileDescriptor(int fd, boolean ipv6) {
    this.fd = fd;
    this.ipv6 = ipv6;
  }

  /** One downcall returning an int, given the segment that captures its errno. */
  @FunctionalInterface
  interface IntCall {
    int invoke(MemorySegment capture) throws Throwable;
  }

  /** {@return the call's result, or its negative errno when it failed} */
  static int callOrErrno(Arena arena, IntCall call) {
    MemorySegment capture = LibC.newCapture(arena);
    int rc;
    try {
      rc = call.invoke(capture);
    } catch (Throwable t) {
      throw new IllegalStateException(
          "downcall failed to run", t); // linkage errors only: syscalls set errno
    }
    return rc < 0 ? -LibC.errno(capture) : rc;
  }

  /**
   * {@return the call's result; a failure becomes an exception naming {@code what} and the errno}
   */
  static int call(Arena arena, String what, IntCall call) throws SctpNativeException {
    int rc = callOrErrno(arena, call);
    if (rc < 0) {
      throw SctpNativeException.of(what, -rc);
    }
    return rc;
  }

  /** {@return the file descriptor number} */
  public int fd() {
    return fd;
  }

  /** {@return whether the socket is AF_INET6} */
  public boolean isIpv6() {
    return ipv6;
  }

  /** {@return whether {@link #close()} has not been called} */
  public boolean isOpen() {
    return open.get();
  }

  /** Closes the descriptor once; later calls do nothing. */
  public void close() {
    if (open.compareAndSet(true, false)) {
      try (Arena arena = Arena.ofConfined()) {
        callOrErrno(
            arena,
            c -> (int) LibC.CLOSE.invokeExact(c, fd)); // the descriptor is gone whatever close says
      }
    }
  }

  /**
   * @param level SOL_SOCKET or SOL_SCTP
   * @param option the option
   * @param value the int value
   * @throws SctpNativeException when the kernel refuses
   */
  public void setInt(int level, int option, int value) throws SctpNativeException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment v = arena.allocate(ValueLayout.JAVA_INT);
      v.set(ValueLayout.JAVA_INT, 0, value);
      setOption(
          arena, level, option, v, "setsockopt(" + optionName(level, option) + ", " + value + ")");
    }
  }

  /**
   * @param level SOL_SOCKET or SOL_SCTP
   * @param option the option
   * @return its int value
   * @throws SctpNativeException when the kernel refuses
   */
  public int getInt(int level, int option) throws SctpNativeException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment v = arena.allocate(ValueLayout.JAVA_INT);
      getOption(arena, level, option, v, "getsockopt(" + optionName(level, option) + ")");
      return v.get(ValueLayout.JAVA_INT, 0);
    }
  }

  void setOption(Arena arena, int level, int option, MemorySegment value, String what)
      throws SctpNativeException {
    int size = (int) value.byteSize();
    call(arena, what, c -> (int) LibC.SETSOCKOPT.invokeExact(c, fd, level, option, value, size));
  }

  void getOption(Arena arena, int level, int option, MemorySegment value, String what)
      throws SctpNativeException {
    MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
    len.set(ValueLayout.JAVA_INT, 0, (int) value.byteSize());
    call(arena, what, c -> (int) LibC.GETSOCKOPT.invokeExact(c, fd, level, option, value, len));
  }

  static String optionName(int level, int option) {
    if (level == SOL_SOCKET) {
      return switch (option) {
        case SO_SNDBUF -> "SO_SNDBUF";
        case SO_RCVBUF -> "SO_RCVBUF";
        case SO_ERROR -> "SO_ERROR";
        case SO_REUSEADDR -> "SO_REUSEADDR";
        case SO_LINGER -> "SO_LINGER";
        default -> "SOL_SOCKET/" + option;
      };
    }
    return switch (option) {
      case SCTP_NODELAY -> "SCTP_NODELAY";
      case SCTP_INITMSG -> "SCTP_INITMSG";
      case SCTP_MAXSEG -> "SCTP_MAXSEG";
      case SCTP_DISABLE_FRAGMENTS -> "SCTP_DISABLE_FRAGMENTS";
      case SCTP_PR_SUPPORTED -> "SCTP_PR_SUPPORTED";
      case SCTP_RECVRCVINFO -> "SCTP_RECVRCVINFO";
      case SCTP_FRAGMENT_INTERLEAVE -> "SCTP_FRAGMENT_INTERLEAVE";
      case SCTP_PARTIAL_DELIVERY_POINT -> "SCTP_PARTIAL_DELIVERY_POINT";
      case SCTP_DELAYED_SACK -> "SCTP_DELAYED_SACK";
      case SCTP_AUTOCLOSE -> "SCTP_AUTOCLOSE";
      case SCTP_RECONFIG_SUPPORTED -> "SCTP_RECONFIG_SUPPORTED";
      case SCTP_ENABLE_STREAM_RESET -> "SCTP_ENABLE_STREAM_RESET";
      case SCTP_RESET_ASSOC -> "SCTP_RESET_ASSOC";
      case SCTP_STREAM_SCHEDULER -> "SCTP_STREAM_SCHEDULER";
      case SCTP_INTERLEAVING_SUPPORTED -> "SCTP_INTERLEAVING_SUPPORTED";
      case SCTP_AUTH_SUPPORTED -> "SCTP_AUTH_SUPPORTED";
      case SCTP_AUTH_ACTIVE_KEY -> "SCTP_AUTH_ACTIVE_KEY";
      case SCTP_AUTH_DEACTIVATE_KEY -> "SCTP_AUTH_DEACTIVATE_KEY";
      case SCTP_AUTH_DELETE_KEY -> "SCTP_AUTH_DELETE_KEY";
      case SCTP_REMOTE_UDP_ENCAPS_PORT -> "SCTP_REMOTE_UDP_ENCAPS_PORT";
      default -> "SOL_SCTP/" + option;
    };
  }

  @Override
  public String toString() {
    return "SctpSocket(fd=" + fd + (open.get() ? "" : ", closed") + ")";
  }
}
