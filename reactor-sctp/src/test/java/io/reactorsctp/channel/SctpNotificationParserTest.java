package io.reactorsctp.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.reactorsctp.internal.nativeio.SctpConstants;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The notification parser on bytes laid out as linux/sctp.h describes, truncated and random. */
class SctpNotificationParserTest {

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
    for (int i = 0; i < 20_000; i++) {
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
}
