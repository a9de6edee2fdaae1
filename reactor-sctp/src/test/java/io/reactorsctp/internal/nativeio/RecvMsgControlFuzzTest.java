package io.reactorsctp.internal.nativeio;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The control-message walk of the receive path on random, truncated and lying {@code cmsghdr}s: it
 * never reads outside its buffer, never throws, and finds {@code SCTP_RCVINFO} exactly when a whole
 * one is there.
 */
class RecvMsgControlFuzzTest {

  static final int CASES = 100_000;
  private static final long HEADER = SctpStructs.CMSGHDR.byteSize();
  private static final long RCVINFO = SctpStructs.SCTP_RCVINFO.byteSize();

  @Test
  void randomAndTruncatedControlMessagesNeverThrow() {
    SplittableRandom random = new SplittableRandom(11_2026);
    int found = 0;
    try (RecvMsg r = new RecvMsg()) {
      for (int i = 0; i < CASES; i++) {
        long at = RecvMsg.CMSG_OFFSET;
        for (long o = 0; o < RecvMsg.CMSG_CAPACITY; o++) {
          r.block.set(ValueLayout.JAVA_BYTE, at + o, (byte) random.nextInt(256));
        }
        boolean wellFormed = random.nextBoolean();
        long length =
            switch (random.nextInt(4)) {
              case 0 -> random.nextLong(); // anything, negative included
              case 1 -> random.nextLong(RecvMsg.CMSG_CAPACITY + 1); // truncated
              default -> RecvMsg.CMSG_CAPACITY;
            };
        if (wellFormed) { // a real SCTP_RCVINFO header with a length that may lie
          long len =
              switch (random.nextInt(4)) {
                case 0 -> HEADER + RCVINFO;
                case 1 -> random.nextLong();
                case 2 -> Long.MAX_VALUE - random.nextInt(8);
                default -> random.nextLong(HEADER + RCVINFO + 1);
              };
          r.block.set(
              ValueLayout.JAVA_LONG, at + SctpStructs.offset(SctpStructs.CMSGHDR, "cmsg_len"), len);
          r.block.set(
              ValueLayout.JAVA_INT,
              at + SctpStructs.offset(SctpStructs.CMSGHDR, "cmsg_level"),
              SctpConstants.SOL_SCTP);
          r.block.set(
              ValueLayout.JAVA_INT,
              at + SctpStructs.offset(SctpStructs.CMSGHDR, "cmsg_type"),
              SctpConstants.SCTP_RCVINFO);
          r.block.set(
              ValueLayout.JAVA_SHORT,
              at + HEADER + SctpStructs.offset(SctpStructs.SCTP_RCVINFO, "rcv_sid"),
              (short) 7);
          r.readControl(length);
          boolean whole = len >= HEADER + RCVINFO && len <= Math.min(length, RecvMsg.CMSG_CAPACITY);
          assertThat(r.hasRcvInfo())
              .as("case %d: cmsg_len %d, msg_controllen %d", i, len, length)
              .isEqualTo(whole);
          if (whole) {
            assertThat(r.stream()).isEqualTo(7);
            found++;
          }
        } else {
          r.readControl(length);
        }
      }
    }
    assertThat(found).as("well-formed RCVINFO cases seen").isGreaterThan(CASES / 20);
  }
}
