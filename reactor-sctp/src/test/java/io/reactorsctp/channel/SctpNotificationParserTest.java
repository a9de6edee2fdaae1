package io.reactorsctp.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.reactorsctp.internal.nativeio.SctpConstants;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The notification parser on bytes laid out as linux/sctp.h describes, truncated and random. */
class SctpNotificationParserTest {

  /** Random notifications fed to the parser (fixed seed); docs/reliability.md records the figure. */
  static final int RANDOM_CASES = 100_000;

  private static ByteBuf header(int type, int flags, int length) {
    return Unpooled.buffer().writeShortLE(type).writeShortLE(flags).writeIntLE(length);
  }

  @Test
  void associationChangeIsParsed() {
    ByteBuf b = header(SctpConstants.SCTP_ASSOC_CHANGE, 0, 20).writeShortLE(0).writeShortLE(0).writeShortLE(10)
        .writeShortLE(7).writeIntLE(42);
    assertThat(SctpNotificationParser.parse(b)).isEqualTo(new SctpNotification.AssociationChange(42,
        SctpNotification.AssociationState.COMMUNICATION_UP, 0, 10, 7));
  }

  @Test
  void associationChangeErrorIsTheCauseCodeLinuxWritesInNetworkByteOrder() {
    // The COMMUNICATION_LOST of an aborted association, as kernel 6.1 writes it: sac_error 12 as the bytes 00 0c.
    ByteBuf b = header(SctpConstants.SCTP_ASSOC_CHANGE, 0, 20).writeShortLE(1).writeShort(12).writeShortLE(0)
        .writeShortLE(0).writeIntLE(42);
    assertThat(SctpNotificationParser.parse(b)).isEqualTo(new SctpNotification.AssociationChange(42,
        SctpNotification.AssociationState.COMMUNICATION_LOST, 12, 0, 0));
    // And the SEND_FAILED of a message of that association: ssf_error (32 bits) holds the same 00 0c, then 00 00.
    ByteBuf f = header(SctpConstants.SCTP_SEND_FAILED_EVENT, SctpConstants.SCTP_DATA_SENT, 32).writeShort(12)
        .writeShort(0).writeShortLE(3).writeShortLE(0).writeInt(46).writeIntLE(1234).writeIntLE(42).writeIntLE(42);
    assertThat(((SctpNotification.SendFailed) SctpNotificationParser.parse(f)).error()).isEqualTo(12);
  }

  @Test
  void sendFailedCarriesContextPpidAndPayload() {
    ByteBuf b = header(SctpConstants.SCTP_SEND_FAILED_EVENT, SctpConstants.SCTP_DATA_UNSENT, 35).writeIntLE(0)
        .writeShortLE(3).writeShortLE(0).writeInt(46).writeIntLE(1234).writeIntLE(9) // sndinfo; ppid in network order
        .writeIntLE(9).writeBytes(new byte[] {1, 2, 3});
    SctpNotification.SendFailed f = (SctpNotification.SendFailed) SctpNotificationParser.parse(b);
    assertThat(f.associationId()).isEqualTo(9);
    assertThat(f.sent()).isFalse();
    assertThat(f.streamId()).isEqualTo(3);
    assertThat(f.ppid()).isEqualTo(46);
    assertThat(f.context()).isEqualTo(1234);
    assertThat(f.payload()).containsExactly(1, 2, 3);
  }

  @Test
  void truncatedAndRandomBytesNeverThrow() {
    Random random = new Random(20261125);
    int[] types = {SctpConstants.SCTP_ASSOC_CHANGE, SctpConstants.SCTP_PEER_ADDR_CHANGE,
      SctpConstants.SCTP_REMOTE_ERROR, SctpConstants.SCTP_SEND_FAILED_EVENT, SctpConstants.SCTP_SHUTDOWN_EVENT,
      SctpConstants.SCTP_PARTIAL_DELIVERY_EVENT, SctpConstants.SCTP_ADAPTATION_INDICATION,
      SctpConstants.SCTP_SENDER_DRY_EVENT, SctpConstants.SCTP_STREAM_RESET_EVENT,
      SctpConstants.SCTP_ASSOC_RESET_EVENT, SctpConstants.SCTP_STREAM_CHANGE_EVENT, 0x7777};
    for (int i = 0; i < RANDOM_CASES; i++) {
      int length = random.nextInt(200);
      ByteBuf b = Unpooled.buffer(length);
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      b.writeBytes(bytes);
      if (length >= 2) {
        b.setShortLE(0, types[random.nextInt(types.length)]);
      }
      SctpNotification n = SctpNotificationParser.parse(b);
      assertThat(n).isNotNull();
      b.release();
    }
  }

  @Test
  void everyTruncationAndEveryLyingLengthOfRealNotificationsIsSafe() {
    Random random = new Random(11_2026);
    ByteBuf sendFailed = header(SctpConstants.SCTP_SEND_FAILED_EVENT, SctpConstants.SCTP_DATA_SENT, 35).writeIntLE(0)
        .writeShortLE(3).writeShortLE(0).writeInt(46).writeIntLE(1234).writeIntLE(9).writeIntLE(9)
        .writeBytes(new byte[] {1, 2, 3});
    ByteBuf assocChange = header(SctpConstants.SCTP_ASSOC_CHANGE, 0, 20).writeShortLE(3).writeShortLE(0)
        .writeShortLE(10).writeShortLE(7).writeIntLE(42);
    ByteBuf remoteError = header(SctpConstants.SCTP_REMOTE_ERROR, 0, 16).writeShort(1).writeShortLE(0)
        .writeIntLE(5).writeBytes(new byte[] {9, 9, 9, 9});
    ByteBuf streamReset = header(SctpConstants.SCTP_STREAM_RESET_EVENT, 0, 18).writeIntLE(4).writeShortLE(1)
        .writeShortLE(2).writeShortLE(3);
    int cases = 0;
    for (ByteBuf whole : new ByteBuf[] {sendFailed, assocChange, remoteError, streamReset}) {
      int type = whole.getUnsignedShortLE(0);
      for (int cut = 0; cut <= whole.readableBytes(); cut++) {
        for (int lie = 0; lie < 100; lie++) {
          ByteBuf b = Unpooled.copiedBuffer(whole.slice(0, cut));
          if (cut >= 8) {
            b.setIntLE(4, lie == 0 ? cut : random.nextInt());
          }
          SctpNotification n = SctpNotificationParser.parse(b);
          cases++;
          assertThat(n).isNotNull();
          if (cut == whole.readableBytes()) {
            assertThat(n).isNotInstanceOf(SctpNotification.Unknown.class);
          }
          switch (n) {
            case SctpNotification.SendFailed f -> assertThat(f.payload().length).isBetween(0, 3);
            case SctpNotification.RemoteError e -> assertThat(e.data().length).isBetween(0, 4);
            case SctpNotification.StreamReset r -> assertThat(r.streams().length).isBetween(0, 3);
            case SctpNotification.Unknown u -> {
              assertThat(u.type()).isEqualTo(cut < 8 ? -1 : type);
              assertThat(u.raw()).hasSize(cut);
            }
            default -> { }
          }
          b.release();
        }
      }
    }
    assertThat(cases).isEqualTo(9_700);
  }
}
