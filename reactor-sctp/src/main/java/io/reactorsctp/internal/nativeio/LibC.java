package io.reactorsctp.internal.nativeio;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The C library calls reactor-sctp makes, as FFM downcall handles created once. Every handle
 * captures {@code errno}: its first argument is a capture segment of {@link #CAPTURE_LAYOUT}, read
 * with {@link #errno}. Nothing else in the library calls the operating system.
 */
final class LibC {
  private static final Linker LINKER = Linker.nativeLinker();
  static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CAPTURE_LAYOUT.varHandle(PathElement.groupElement("errno"));
  private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");

  static final MethodHandle SOCKET =
      handle("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
  static final MethodHandle BIND =
      handle("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  static final MethodHandle LISTEN =
      handle("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
  static final MethodHandle ACCEPT4 =
      handle("accept4", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
  static final MethodHandle CONNECT =
      handle("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  static final MethodHandle SETSOCKOPT =
      handle(
          "setsockopt",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  static final MethodHandle GETSOCKOPT =
      handle(
          "getsockopt",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
  // The per-message calls take their msghdr as a plain address (a pointer and a long pass alike in
  // the C ABI): a segment argument of a shared arena costs an atomic acquire and release of its
  // session on every call (benchmarks/findings.md 17, 20). SendMsg and RecvMsg keep the memory
  // alive and write the header through its segment before each call, so a call after close fails
  // there, before the kernel sees the address.
  static final MethodHandle SENDMSG =
      handle("sendmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
  static final MethodHandle RECVMSG =
      handle("recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
  static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  static final MethodHandle SHUTDOWN =
      handle("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
  static final MethodHandle GETSOCKNAME =
      handle("getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
  static final MethodHandle GETPEERNAME =
      handle("getpeername", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));

  private static MethodHandle handle(String name, FunctionDescriptor descriptor) {
    MemorySegment symbol =
        LINKER
            .defaultLookup()
            .find(name)
            .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    return LINKER.downcallHandle(symbol, descriptor, CAPTURE);
  }

  static MemorySegment newCapture(Arena arena) {
    return arena.allocate(CAPTURE_LAYOUT);
  }

  /**
   * A capture segment for the per-message calls: of an automatic arena, whose session needs no
   * acquire and release around each call as a shared arena's does; its few bytes go with the object
   * that holds it.
   */
  static MemorySegment newMessageCapture() {
    return Arena.ofAuto().allocate(CAPTURE_LAYOUT);
  }

  static int errno(MemorySegment capture) {
    return (int) ERRNO.get(capture, 0L);
  }

  private LibC() {}
}
