package io.reactorsctp.internal.nativeio;

import static io.reactorsctp.internal.nativeio.SctpStructs.offset;

import io.reactorsctp.Errno;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A reusable {@code sendmsg(2)} call: one {@code msghdr}, an iovec array pointing at the caller's
 * payload memory (nothing is copied), and control messages {@code SCTP_SNDINFO} and, when a PR-SCTP
 * policy is set, {@code SCTP_PRINFO} (RFC 6458 §5.3). Owned by one thread (the channel's event
 * loop); allocates nothing per call. Internal: not part of reactor-sctp's API.
 */
public final class SendMsg implements AutoCloseable {
  /** Most payload pieces one message may have; a message in more pieces must be gathered first. */
  public static final int MAX_IOV = 64;

  private static final StructLayout MSGHDR = SctpStructs.MSGHDR;
  private static final long IOV_OFFSET = MSGHDR.byteSize();
  private static final long IOV_BASE = offset(SctpStructs.IOVEC, "iov_base");
  private static final long IOV_LEN = offset(SctpStructs.IOVEC, "iov_len");
  private static final long IOV_SIZE = SctpStructs.IOVEC.byteSize();
  private static final long SNDINFO_SPACE =
      SctpStructs.cmsgSpace(SctpStructs.SCTP_SNDINFO.byteSize());
  private static final long PRINFO_SPACE =
      SctpStructs.cmsgSpace(SctpStructs.SCTP_PRINFO.byteSize());
  private static final long CMSG_OFFSET = IOV_OFFSET + MAX_IOV * IOV_SIZE;
  private static final long NAME_OFFSET = CMSG_OFFSET + SNDINFO_SPACE + PRINFO_SPACE;
  private static final long SIZE = NAME_OFFSET + SctpStructs.SOCKADDR_STORAGE_SIZE;
  private static final long CMSG_DATA = SctpStructs.CMSGHDR.byteSize();
  private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
  // SCTP_SNDINFO is written as two native-order words (sid, flags, ppid; context, assoc_id):
  // each field write is several levels of accessors below MemorySegment.set, and where a
  // handler's flush is compiled deep in the pipeline C2's inlining depth limit leaves each one a
  // call with its checks (benchmarks/findings.md, section 24). Fewer writes, fewer such calls.
  private static final int SND_SID_SHIFT = shiftInWord("snd_sid", 0);
  private static final int SND_FLAGS_SHIFT = shiftInWord("snd_flags", 0);
  private static final int SND_PPID_SHIFT = shiftInWord("snd_ppid", 0);
  private static final int SND_CONTEXT_SHIFT = shiftInWord("snd_context", 1);
  private static final int SND_ASSOC_ID_SHIFT = shiftInWord("snd_assoc_id", 1);
  private static final long PR_POLICY = offset(SctpStructs.SCTP_PRINFO, "pr_policy");
  private static final long PR_VALUE = offset(SctpStructs.SCTP_PRINFO, "pr_value");

  private final Arena arena = Arena.ofShared();
  private final MemorySegment block = arena.allocate(SIZE, 8);
  // What sendmsg is given: the header's address, not its segment (LibC.SENDMSG says why).
  private final long blockAddress = block.address();
  private final MemorySegment capture = LibC.newMessageCapture();
  private int iovCount;
  private boolean withPrInfo;
  private int nameLength;
  // What the msghdr holds now: send() writes a field only where this message differs from it.
  private long headerIovCount;
  private long headerControlLength;
  private int headerNameLength;

  /** Prepares the header for a new message: no payload pieces, no PRINFO, no destination. */
  public SendMsg() {
    StructLayout c = SctpStructs.CMSGHDR;
    block.set(
        ValueLayout.JAVA_LONG,
        CMSG_OFFSET + offset(c, "cmsg_len"),
        SctpStructs.cmsgLen(SctpStructs.SCTP_SNDINFO.byteSize()));
    block.set(ValueLayout.JAVA_INT, CMSG_OFFSET + offset(c, "cmsg_level"), SctpConstants.SOL_SCTP);
    block.set(
        ValueLayout.JAVA_INT, CMSG_OFFSET + offset(c, "cmsg_type"), SctpConstants.SCTP_SNDINFO);
    long pr = CMSG_OFFSET + SNDINFO_SPACE;
    block.set(
        ValueLayout.JAVA_LONG,
        pr + offset(c, "cmsg_len"),
        SctpStructs.cmsgLen(SctpStructs.SCTP_PRINFO.byteSize()));
    block.set(ValueLayout.JAVA_INT, pr + offset(c, "cmsg_level"), SctpConstants.SOL_SCTP);
    block.set(ValueLayout.JAVA_INT, pr + offset(c, "cmsg_type"), SctpConstants.SCTP_PRINFO);
    // Where the iovecs and the control messages are, once: sendmsg only reads the header.
    block.set(ValueLayout.JAVA_LONG, SctpStructs.MSG_IOV, block.address() + IOV_OFFSET);
    block.set(ValueLayout.JAVA_LONG, SctpStructs.MSG_CONTROL, block.address() + CMSG_OFFSET);
    // The arena zeroes what it allocates: no name and no iovec, as the header* fields start.
    block.set(ValueLayout.JAVA_LONG, SctpStructs.MSG_CONTROLLEN, SNDINFO_SPACE);
    headerControlLength = SNDINFO_SPACE;
  }

  /**
   * Where {@code field} of {@code SCTP_SNDINFO} lies in the native-order {@code long} that holds
   * the struct's bytes {@code 8 * word} to {@code 8 * word + 7}, as a left shift.
   */
  private static int shiftInWord(String field, int word) {
    StructLayout sndInfo = SctpStructs.SCTP_SNDINFO;
    long at = offset(sndInfo, field) - (long) word * Long.BYTES;
    long size = sndInfo.select(MemoryLayout.PathElement.groupElement(field)).byteSize();
    if (at < 0 || at + size > Long.BYTES || sndInfo.byteSize() != 2 * Long.BYTES) {
      throw new IllegalStateException(field + " does not lie in word " + word + " of SCTP_SNDINFO");
    }
    return (int) (Byte.SIZE * (LITTLE_ENDIAN ? at : Long.BYTES - at - size));
  }

  /**
   * The kernel passes the ppid through opaque, so the registry number (46 for Diameter) is put in
   * network byte order here, as the JDK's SCTP does.
   *
   * @param ppid the payload protocol identifier as registries list it
   * @return the value for {@code snd_ppid}
   */
  public static int ppidToNetwork(int ppid) {
    return LITTLE_ENDIAN ? Integer.reverseBytes(ppid) : ppid;
  }

  /**
   * @param wire {@code rcv_ppid} as the kernel gives it
   * @return the payload protocol identifier as registries list it
   */
  public static int ppidFromNetwork(int wire) {
    return ppidToNetwork(wire);
  }

  /**
   * @param direct a direct buffer
   * @return the native address of its position
   */
  public static long addressOf(ByteBuffer direct) {
    return MemorySegment.ofBuffer(direct).address();
  }

  /** Forgets the previous message. */
  public void reset() {
    iovCount = 0;
    withPrInfo = false;
    nameLength = 0;
  }

  /**
   * Adds a piece of payload by native address; the memory must stay valid until {@link #send}
   * returns.
   *
   * @param address native address of the bytes
   * @param length number of bytes
   */
  public void addIov(long address, long length) {
    if (iovCount == MAX_IOV) {
      throw new IllegalStateException("more than " + MAX_IOV + " payload pieces in one message");
    }
    long at = IOV_OFFSET + iovCount * IOV_SIZE;
    block.set(ValueLayout.JAVA_LONG, at + IOV_BASE, address);
    block.set(ValueLayout.JAVA_LONG, at + IOV_LEN, length);
    iovCount++;
  }

  /**
   * Sets {@code struct sctp_sndinfo}.
   *
   * @param stream stream id
   * @param flags {@code SCTP_UNORDERED}, {@code SCTP_SACK_IMMEDIATELY}, …
   * @param ppidNetworkOrder ppid already passed through {@link #ppidToNetwork}
   * @param context the sender's context
   * @param assocId the association (one-to-many), 0 otherwise
   */
  public void sndInfo(int stream, int flags, int ppidNetworkOrder, int context, int assocId) {
    long at = CMSG_OFFSET + CMSG_DATA;
    block.set(
        ValueLayout.JAVA_LONG,
        at,
        (stream & 0xFFFFL) << SND_SID_SHIFT
            | (flags & 0xFFFFL) << SND_FLAGS_SHIFT
            | Integer.toUnsignedLong(ppidNetworkOrder) << SND_PPID_SHIFT);
    block.set(
        ValueLayout.JAVA_LONG,
        at + Long.BYTES,
        Integer.toUnsignedLong(context) << SND_CONTEXT_SHIFT
            | Integer.toUnsignedLong(assocId) << SND_ASSOC_ID_SHIFT);
  }

  /**
   * Adds {@code struct sctp_prinfo} to this message.
   *
   * @param policy {@code SCTP_PR_SCTP_TTL}, {@code _RTX} or {@code _PRIO}
   * @param value the policy's value
   */
  public void prInfo(int policy, int value) {
    long at = CMSG_OFFSET + SNDINFO_SPACE + CMSG_DATA;
    block.set(ValueLayout.JAVA_SHORT, at + PR_POLICY, (short) policy);
    block.set(ValueLayout.JAVA_INT, at + PR_VALUE, value);
    withPrInfo = true;
  }

  /**
   * Sets the destination ({@code msg_name}), for one-to-many sockets.
   *
   * @param address the peer address
   * @param ipv6Socket whether the socket is AF_INET6
   */
  public void destination(InetSocketAddress address, boolean ipv6Socket) {
    nameLength = SockAddrs.write(address, block.asSlice(NAME_OFFSET), ipv6Socket);
  }

  /**
   * @param socket the socket
   * @param flags {@code sendmsg} flags ({@code MSG_NOSIGNAL} is always added)
   * @return bytes taken by the kernel, or a negative errno (e.g. {@code -EAGAIN})
   */
  public long send(SctpSocket socket, int flags) {
    writeHeader();
    try {
      for (; ; ) {
        long n =
            (long)
                LibC.SENDMSG.invokeExact(
                    capture, socket.fd(), blockAddress, flags | SctpConstants.MSG_NOSIGNAL);
        int errno = n >= 0 ? 0 : LibC.errno(capture);
        // A signal arrived before the kernel took anything: the same call again is the whole
        // remedy.
        if (errno != Errno.EINTR) {
          return n >= 0 ? n : -errno;
        }
      }
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** Brings the msghdr's lengths and destination to this message's, writing only what differs. */
  void writeHeader() {
    if (iovCount != headerIovCount) {
      block.set(ValueLayout.JAVA_LONG, SctpStructs.MSG_IOVLEN, iovCount);
      headerIovCount = iovCount;
    }
    long controlLength = withPrInfo ? SNDINFO_SPACE + PRINFO_SPACE : SNDINFO_SPACE;
    if (controlLength != headerControlLength) {
      block.set(ValueLayout.JAVA_LONG, SctpStructs.MSG_CONTROLLEN, controlLength);
      headerControlLength = controlLength;
    }
    if (nameLength != headerNameLength) {
      block.set(
          ValueLayout.JAVA_LONG,
          SctpStructs.MSG_NAME,
          nameLength == 0 ? 0 : blockAddress + NAME_OFFSET);
      block.set(ValueLayout.JAVA_INT, SctpStructs.MSG_NAMELEN, nameLength);
      headerNameLength = nameLength;
    }
  }

  /** The msghdr as sendmsg reads it, for tests. */
  MemorySegment header() {
    return block.asSlice(0, MSGHDR);
  }

  /** Frees the native memory; the object must not be used afterwards. */
  @Override
  public void close() {
    if (arena.scope().isAlive()) {
      arena.close();
    }
  }
}
