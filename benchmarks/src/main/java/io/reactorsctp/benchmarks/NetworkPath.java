package io.reactorsctp.benchmarks;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Where a peer's two ends meet: {@code lo} (both ends on 127.0.0.1, loopback's 64 KiB MTU) or
 * {@code veth} (the receiving end's socket created inside a second network namespace, the sending
 * end in ours, linked by a veth pair at MTU 1500 set up by {@link Veth}: every packet crosses the
 * pair, as on an Ethernet path). A socket belongs for life to the namespace of the thread that
 * created it, and its accepted associations to the same one; so the server's socket is created
 * while this one thread has entered the other namespace ({@code setns(2)} acts on the calling
 * thread only), and the thread returns at once. The benchmarks' own harness; the library knows
 * nothing of it.
 */
final class NetworkPath {
  static final String LOOPBACK = "lo";
  static final String VETH = "veth";

  private static final int CLONE_NEWNET = 0x40000000;
  private static final int O_RDONLY_CLOEXEC = 0x80000;
  private static final Linker LINKER = Linker.nativeLinker();
  private static final SymbolLookup LIBC = LINKER.defaultLookup();
  private static final MethodHandle OPEN =
      LINKER.downcallHandle(
          LIBC.find("open").orElseThrow(),
          FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT),
          Linker.Option.firstVariadicArg(2));
  private static final MethodHandle SETNS =
      LINKER.downcallHandle(
          LIBC.find("setns").orElseThrow(), FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle CLOSE =
      LINKER.downcallHandle(
          LIBC.find("close").orElseThrow(), FunctionDescriptor.of(JAVA_INT, JAVA_INT));

  /** The address the receiving end binds (port 0: any) on the scenario's path. */
  static InetSocketAddress serverAddress(Scenario s) {
    return new InetSocketAddress(isVeth(s) ? Veth.SERVER_ADDRESS : "127.0.0.1", 0);
  }

  /**
   * Runs {@code createServer} (which must create the receiving end's socket in this thread) in the
   * path's server namespace.
   */
  static <T> T server(Scenario s, Callable<T> createServer) {
    try {
      if (!isVeth(s)) {
        return createServer.call();
      }
      int ours = open(Path.of("/proc/thread-self/ns/net"));
      int theirs = open(Veth.current().namespace());
      try {
        setns(theirs);
        try {
          return createServer.call();
        } finally {
          setns(ours);
        }
      } finally {
        close(theirs);
        close(ours);
      }
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("creating the server on " + s.path() + " failed", e);
    }
  }

  /** The C peer's extra arguments: {@code ADDR NETNS}, or none on loopback. */
  static java.util.List<String> cPeerArguments(Scenario s) {
    return isVeth(s)
        ? java.util.List.of(Veth.SERVER_ADDRESS, Veth.current().namespace().toString())
        : java.util.List.of();
  }

  private static boolean isVeth(Scenario s) {
    return VETH.equals(s.path());
  }

  private static int open(Path file) throws Throwable {
    if (!Files.exists(file)) {
      throw new IOException("no network namespace file " + file);
    }
    try (Arena arena = Arena.ofConfined()) {
      int fd = (int) OPEN.invokeExact(arena.allocateFrom(file.toString()), O_RDONLY_CLOEXEC);
      if (fd < 0) {
        throw new IOException("open(" + file + ") failed");
      }
      return fd;
    }
  }

  private static void setns(int fd) throws Throwable {
    if ((int) SETNS.invokeExact(fd, CLONE_NEWNET) != 0) {
      throw new IOException("setns(" + fd + ", CLONE_NEWNET) failed (needs root)");
    }
  }

  private static void close(int fd) throws Throwable {
    int ignored = (int) CLOSE.invokeExact(fd);
  }

  private NetworkPath() {}
}
