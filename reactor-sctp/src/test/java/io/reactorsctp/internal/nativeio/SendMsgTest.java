package io.reactorsctp.internal.nativeio;

import static io.reactorsctp.internal.nativeio.SctpStructs.offset;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * What {@code sendmsg} reads from a {@link SendMsg}: the {@code msghdr}, which it writes only where
 * a message differs from the one before, must still describe each message, and {@code
 * SCTP_SNDINFO}, written as two words, must hold each field where the struct's layout puts it.
 */
class SendMsgTest {
  private static final long SNDINFO_SPACE =
      SctpStructs.cmsgSpace(SctpStructs.SCTP_SNDINFO.byteSize());
  private static final long PRINFO_SPACE =
      SctpStructs.cmsgSpace(SctpStructs.SCTP_PRINFO.byteSize());

  @Test
  void theHeaderDescribesEachMessageOfASequence() {
    InetSocketAddress peer = new InetSocketAddress("192.0.2.7", 2905);
    try (SendMsg m = new SendMsg()) {
      message(m, 1, false, null);
      assertHeader(m, 1, SNDINFO_SPACE, null);
      message(m, 3, true, peer);
      assertHeader(m, 3, SNDINFO_SPACE + PRINFO_SPACE, peer);
      message(m, 3, true, peer);
      assertHeader(m, 3, SNDINFO_SPACE + PRINFO_SPACE, peer);
      message(m, 1, false, null);
      assertHeader(m, 1, SNDINFO_SPACE, null);
      message(m, 2, false, peer);
      assertHeader(m, 2, SNDINFO_SPACE, peer);
    }
  }

  @Test
  void sndInfoHoldsEachFieldWhereItsLayoutPutsIt() {
    try (SendMsg m = new SendMsg()) {
      // Every field's top bit set, and no two fields alike, so a field in another's place shows.
      m.sndInfo(0xFFFE, 0x8001, 0x8899AABB, 0xCAFEBABE, 0x80000005);
      m.writeHeader();
      MemorySegment control = pointedAt(m, "msg_control", SNDINFO_SPACE);
      StructLayout cmsg = SctpStructs.CMSGHDR;
      assertThat(control.get(ValueLayout.JAVA_INT, offset(cmsg, "cmsg_level")))
          .isEqualTo(SctpConstants.SOL_SCTP);
      assertThat(control.get(ValueLayout.JAVA_INT, offset(cmsg, "cmsg_type")))
          .isEqualTo(SctpConstants.SCTP_SNDINFO);
      MemorySegment info = control.asSlice(cmsg.byteSize(), SctpStructs.SCTP_SNDINFO);
      assertThat((short) field("snd_sid").get(info, 0L)).isEqualTo((short) 0xFFFE);
      assertThat((short) field("snd_flags").get(info, 0L)).isEqualTo((short) 0x8001);
      assertThat((int) field("snd_ppid").get(info, 0L)).isEqualTo(0x8899AABB);
      assertThat((int) field("snd_context").get(info, 0L)).isEqualTo(0xCAFEBABE);
      assertThat((int) field("snd_assoc_id").get(info, 0L)).isEqualTo(0x80000005);
    }
  }

  private static void message(SendMsg m, int pieces, boolean prInfo, InetSocketAddress to) {
    m.reset();
    for (int i = 0; i < pieces; i++) {
      m.addIov(0x1000 + i, 10);
    }
    m.sndInfo(1, 0, 46, 7, 0);
    if (prInfo) {
      m.prInfo(SctpConstants.SCTP_PR_SCTP_TTL, 500);
    }
    if (to != null) {
      m.destination(to, false);
    }
    m.writeHeader();
  }

  private static void assertHeader(
      SendMsg m, long pieces, long controlLength, InetSocketAddress to) {
    MemorySegment header = m.header();
    assertThat(header.get(ValueLayout.JAVA_LONG, SctpStructs.MSG_IOVLEN)).isEqualTo(pieces);
    assertThat(header.get(ValueLayout.JAVA_LONG, SctpStructs.MSG_CONTROLLEN))
        .isEqualTo(controlLength);
    int nameLength = header.get(ValueLayout.JAVA_INT, SctpStructs.MSG_NAMELEN);
    if (to == null) {
      assertThat(header.get(ValueLayout.JAVA_LONG, SctpStructs.MSG_NAME)).isZero();
      assertThat(nameLength).isZero();
    } else {
      assertThat(nameLength).isEqualTo((int) SctpStructs.SOCKADDR_IN.byteSize());
      assertThat(SockAddrs.read(pointedAt(m, "msg_name", nameLength))).isEqualTo(to);
    }
  }

  /** The memory a pointer field of the header points at, {@code size} bytes of it. */
  private static MemorySegment pointedAt(SendMsg m, String pointer, long size) {
    long address = m.header().get(ValueLayout.JAVA_LONG, offset(SctpStructs.MSGHDR, pointer));
    return MemorySegment.ofAddress(address).reinterpret(size);
  }

  private static VarHandle field(String name) {
    return SctpStructs.SCTP_SNDINFO.varHandle(PathElement.groupElement(name));
  }
}
