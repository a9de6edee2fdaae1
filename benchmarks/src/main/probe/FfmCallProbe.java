package io.reactorsctp.benchmarks;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.reactorsctp.internal.nativeio.RecvMsg;
import io.reactorsctp.internal.nativeio.SctpSocket;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.net.InetSocketAddress;

/**
 * What an FFM call costs beyond the system call (benchmarks/findings.md 17): recvmsg on an empty
 * one-to-many SCTP socket (EAGAIN), 200 000 calls per way, three rounds, through the library's
 * RecvMsg and through downcall handles that differ in one thing each; getppid for the bare call. Run
 * in the counted guest, where time is an instruction count; its C twin is findings 12's table.
 * Not built by Maven (it reaches into internal.nativeio):
 *
 * <pre>
 * cp="$PWD/benchmarks/target/classes:$(cat benchmarks/target/bench.classpath)"
 * javac -d /tmp/ffm -cp "$cp" benchmarks/src/main/probe/FfmCallProbe.java
 * SCTP_VM_CLOCK=counted tools/sctp-vm/bin/java --enable-native-access=ALL-UNNAMED \
 *   -cp "/tmp/ffm:$cp" io.reactorsctp.benchmarks.FfmCallProbe
 * </pre>
 */
public final class FfmCallProbe {
  private static final int CALLS = 200_000;

  public static void main(String[] args) throws Throwable {
    SctpSocket socket = SctpSocket.openSeqpacket(false);
    socket.bind(new InetSocketAddress("127.0.0.1", 0));
    socket.listen(10);
    int fd = socket.fd();
    RecvMsg recvMsg = new RecvMsg();
    Linker linker = Linker.nativeLinker();
    MemorySegment recvmsg = linker.defaultLookup().find("recvmsg").orElseThrow();
    Linker.Option errno = Linker.Option.captureCallState("errno");
    MethodHandle segments =
        linker.downcallHandle(
            recvmsg, FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), errno);
    MethodHandle longs =
        linker.downcallHandle(
            recvmsg, FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT), errno);
    MethodHandle noCapture =
        linker.downcallHandle(
            recvmsg, FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
    MethodHandle critical =
        linker.downcallHandle(
            recvmsg,
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT),
            Linker.Option.critical(false));
    MethodHandle getppid =
        linker.downcallHandle(
            linker.defaultLookup().find("getppid").orElseThrow(), FunctionDescriptor.of(JAVA_INT));
    Arena shared = Arena.ofShared();
    Arena confined = Arena.ofConfined();
    StructLayout captureLayout = Linker.Option.captureStateLayout();
    MemorySegment captureShared = shared.allocate(captureLayout);
    MemorySegment captureConfined = confined.allocate(captureLayout);
    MemorySegment captureGlobal = Arena.global().allocate(captureLayout);
    MemorySegment msgShared = shared.allocate(256, 8);
    MemorySegment msgConfined = confined.allocate(256, 8);
    MemorySegment iov = shared.allocate(16, 8);
    MemorySegment data = shared.allocate(2048, 8);
    iov.set(JAVA_LONG, 0, data.address());
    iov.set(JAVA_LONG, 8, 2048);
    for (MemorySegment m : new MemorySegment[] {msgShared, msgConfined}) {
      m.set(JAVA_LONG, 16, iov.address()); // msg_iov
      m.set(JAVA_LONG, 24, 1); // msg_iovlen
    }
    long msg = msgShared.address();
    for (int round = 0; round < 3; round++) {
      long t;
      long x = 0;
      t = System.nanoTime();
      for (int i = 0; i < CALLS; i++) x += recvMsg.receive(socket, data.address(), 2048);
      report("RecvMsg.receive", t);
      t = System.nanoTime();
      for (int i = 0; i < CALLS; i++)
        x += (long) segments.invokeExact(captureShared, fd, msgShared, 0);
      report("segment msghdr, shared arena, errno", t);
      t = System.nanoTime();
      for (int i = 0; i < CALLS; i++)
        x += (long) segments.invokeExact(captureConfined, fd, msgConfined, 0);
      report("segment msghdr, confined arena, errno", t);
      t = System.nanoTime();
      for (int i = 0; i < CALLS; i++) x += (long) longs.invokeExact(captureShared, fd, msg, 0);
      report("long msghdr, shared capture, errno", t);
      t = System.nanoTime();
      for (int i = 0; i < CALLS; i++) x += (long) longs.invokeExact(captureGlobal, fd, msg, 0);
      report("long msghdr, global capture, errno", t);
      t = System.nanoTime();
      for (int i = 0; i < CALLS; i++) x += (long) noCapture.invokeExact(fd, msg, 0);
      report("long msghdr, no errno", t);
      t = System.nanoTime();
      for (int i = 0; i < CALLS; i++) x += (long) critical.invokeExact(fd, msg, 0);
      report("long msghdr, critical, no errno", t);
      t = System.nanoTime();
      for (int i = 0; i < CALLS; i++) x += (int) getppid.invokeExact();
      report("getppid", t);
      System.out.println("  (checksum " + x + ")");
    }
    System.exit(0);
  }

  private static void report(String what, long start) {
    System.out.printf("%-40s %.3f us/call%n", what, (System.nanoTime() - start) / 1e3 / CALLS);
  }
}
