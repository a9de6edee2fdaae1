package io.reactorsctp.internal.nativeio;

import static io.reactorsctp.internal.nativeio.SctpStructs.offset;

import io.reactorsctp.Errno;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * A reusable {@code recvmsg(2)} call into the caller's memory, reading the {@code SCTP_RCVINFO}
 * control message (RFC 6458 §5.3.5) and the message flags. Owned by one thread (the channel's event
 * loop); allocates nothing per call. Internal: not part of reactor-sctp's API.
 */
public final class RecvMsg implements AutoCloseable {
  private static final StructLayout MSGHDR = SctpStructs.MSGHDR;
  private static final StructLayout RCV = SctpStructs.SCTP_RCVINFO;
  private static final StructLayout CMSG = SctpStructs.CMSGHDR;
  private static final long RCV_SID = offset(RCV, "rcv_sid");
  private static final long RCV_SSN = offset(RCV, "rcv_ssn");
  private static final long RCV_FLAGS = offset(RCV, "rcv_flags");
  private static final long RCV_PPID = offset(RCV, "rcv_ppid");
  private static final long RCV_TSN = offset(RCV, "rcv_tsn");
  private static final long RCV_CUMTSN = offset(RCV, "rcv_cumtsn");
  private static final long RCV_CONTEXT = offset(RCV, "rcv_context");
  private static final long RCV_ASSOC_ID = offset(RCV, "rcv_assoc_id");
  private static final long CMSG_LEN = offset(CMSG, "cmsg_len");
  private static final long CMSG_LEVEL = offset(CMSG, "cmsg_level");
  private static final long CMSG_TYPE = offset(CMSG, "cmsg_type");
  private static final long IOV_OFFSET = MSGHDR.byteSize();
  private static final long IOV_BASE = offset(SctpStructs.IOVEC, "iov_base");
  private static final long IOV_LEN = offset(SctpStructs.IOVEC, "iov_len");
  static final long CMSG_OFFSET = IOV_OFFSET + SctpStructs.IOVEC.byteSize();
  static final long CMSG_CAPACITY = 2 * SctpStructs.cmsgSpace(RCV.byteSize());
  private static final long SIZE = CMSG_OFFSET + CMSG_CAPACITY;

  private final Arena arena = Arena.ofShared();
  final MemorySegment block = arena.allocate(SIZE, 8);
  // What recvmsg is given: the header's address, not its segment (LibC.RECVMSG says why).
  private final long blockAddress = block.address();
  private final MemorySegment capture = LibC.newMessageCapture();

  {
    // Where the iovec and the control buffer are, once: recvmsg writes back only the lengths and
    // flags, so a call sets only those and the buffer's place. No name: the association (in
    // SCTP_RCVINFO) says who sent a message, and Linux copies a sender's address out on every call
    // that asks for one (0.7 us per read in the counted guest, benchmarks/findings.md 17).
    block.set(ValueLayout.JAVA_LONG, SctpStructs.MSG_NAME, 0L);
    block.set(ValueLayout.JAVA_INT, SctpStructs.MSG_NAMELEN, 0);
    block.set(ValueLayout.JAVA_LONG, SctpStructs.MSG_IOV, block.address() + IOV_OFFSET);
    block.set(ValueLayout.JAVA_LONG, SctpStructs.MSG_IOVLEN, 1L);
    block.set(ValueLayout.JAVA_LONG, SctpStructs.MSG_CONTROL, block.address() + CMSG_OFFSET);
  }

  private int msgFlags;
  private boolean hasRcvInfo;
  private int stream;
  private int ssn;
  private int flags;
  private int ppid;
  private int tsn;
  private int cumTsn;
  private int context;
  private int assocId;

  /**
   * Receives one message, or one piece of it, into native memory.
   *
   * @param socket the socket
   * @param address where to write
   * @param capacity how many bytes may be written
   * @return bytes received (0 with no notification: the peer shut down), or a negative errno
   */
  public long receive(SctpSocket socket, long address, long capacity) {
    long n;
    do { // EINTR: a signal came before any data; recvmsg rewrote the control length, so set it
      // again
      n = receiveOnce(socket, address, capacity);
    } while (n == -Errno.EINTR);
    if (n < 0) {
      return n;
    }
    msgFlags = block.get(ValueLayout.JAVA_INT, SctpStructs.MSG_FLAGS);
    readControl(block.get(ValueLayout.JAVA_LONG, SctpStructs.MSG_CONTROLLEN));
    return n;
  }

  private long receiveOnce(SctpSocket socket, long address, long capacity) {
    MemorySegment b = block;
    b.set(ValueLayout.JAVA_LONG, IOV_OFFSET + IOV_BASE, address);
    b.set(ValueLayout.JAVA_LONG, IOV_OFFSET + IOV_LEN, capacity);
    b.set(ValueLayout.JAVA_LONG, SctpStructs.MSG_CONTROLLEN, CMSG_CAPACITY);
    try {
      long n = (long) LibC.RECVMSG.invokeExact(capture, socket.fd(), blockAddress, 0);
      return n >= 0 ? n : -LibC.errno(capture);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /**
   * Reads {@code SCTP_RCVINFO} from the control messages; bounded by the buffer whatever their
   * lengths say.
   */
  void readControl(long length) {
    hasRcvInfo = false;
    long at = CMSG_OFFSET;
    long end = CMSG_OFFSET + Math.min(length, CMSG_CAPACITY);
    long header = CMSG.byteSize();
    while (at + header <= end) {
      long len = block.get(ValueLayout.JAVA_LONG, at + CMSG_LEN);
      if (len < header || len > end - at) {
        return;
      }
      int level = block.get(ValueLayout.JAVA_INT, at + CMSG_LEVEL);
      int type = block.get(ValueLayout.JAVA_INT, at + CMSG_TYPE);
      long data = at + header;
      if (level == SctpConstants.SOL_SCTP
          && type == SctpConstants.SCTP_RCVINFO
          && len >= header + RCV.byteSize()) {
        hasRcvInfo = true;
        stream = Short.toUnsignedInt(block.get(ValueLayout.JAVA_SHORT, data + RCV_SID));
        ssn = Short.toUnsignedInt(block.get(ValueLayout.JAVA_SHORT, data + RCV_SSN));
        flags = Short.toUnsignedInt(block.get(ValueLayout.JAVA_SHORT, data + RCV_FLAGS));
        ppid = SendMsg.ppidFromNetwork(block.get(ValueLayout.JAVA_INT, data + RCV_PPID));
        tsn = block.get(ValueLayout.JAVA_INT, data + RCV_TSN);
        cumTsn = block.get(ValueLayout.JAVA_INT, data + RCV_CUMTSN);
        context = block.get(ValueLayout.JAVA_INT, data + RCV_CONTEXT);
        assocId = block.get(ValueLayout.JAVA_INT, data + RCV_ASSOC_ID);
      }
      at += SctpStructs.cmsgAlign(len);
    }
  }

  /** {@return whether the last read is a notification rather than user data} */
  public boolean isNotification() {
    return (msgFlags & SctpConstants.MSG_NOTIFICATION) != 0;
  }

  /** {@return whether the last read ended a message ({@code MSG_EOR})} */
  public boolean isEndOfRecord() {
    return (msgFlags & SctpConstants.MSG_EOR) != 0;
  }

  /** {@return whether the last read came with {@code SCTP_RCVINFO}} */
  public boolean hasRcvInfo() {
    return hasRcvInfo;
  }

  /** {@return {@code rcv_sid}} */
  public int stream() {
    return stream;
  }

  /** {@return {@code rcv_ssn}} */
  public int ssn() {
    return ssn;
  }

  /** {@return {@code rcv_flags} ({@code SCTP_UNORDERED})} */
  public int flags() {
    return flags;
  }

  /** {@return {@code rcv_ppid}, as registries list it} */
  public int ppid() {
    return ppid;
  }

  /** {@return {@code rcv_tsn}} */
  public int tsn() {
    return tsn;
  }

  /** {@return {@code rcv_cumtsn}} */
  public int cumTsn() {
    return cumTsn;
  }

  /** {@return {@code rcv_context}} */
  public int context() {
    return context;
  }

  /** {@return {@code rcv_assoc_id}} */
  public int assocId() {
    return assocId;
  }

  /** Frees the native memory; the object must not be used afterwards. */
  @Override
  public void close() {
    if (arena.scope().isAlive()) {
      arena.close();
    }
  }
}
