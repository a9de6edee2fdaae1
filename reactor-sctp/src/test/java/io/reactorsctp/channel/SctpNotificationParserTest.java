package io.reactorsctp.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.reactorsctp.internal.nativeio.SctpConstants;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The notification parser on bytes laid out as linux/sctp.h describes, truncated and random. */
class SctpNotificationParserTest {

  /**
   * Random notifications fed to the parser (fixed seed); docs/reliability.md records the figure.
   */
  static final int RANDOM_CASES = 100_000;

  private static ByteBuf header(int type, int flags, int length) {
    return Unpooled.buffer().writeShortLE(type).writeShortLE(flags).writeIntLE(length);
  }

  @Test
  void associationChangeIsParsed() {
    ByteBuf b =
        header(SctpConstants.SCTP_ASSOC_CHANGE, 0, 20)
            .writeShortLE(0)
            .writeShortLE(0)
            .writeShortLE(10)
            .writeShortLE(7)
            .writeIntLE(42);
    assertThat(SctpNotificationParser.parse(b))
        .isEqualTo(
            new SctpNotification.AssociationChange(
                42, SctpNotification.AssociationState.COMMUNICATION_UP, 0, 10, 7));
  }

  @Test
  void associationChangeErrorIsTheCauseCodeLinuxWritesInNetworkByteOrder() {
    // The COMMUNICATION_LOST of an aborted association, as kernel 6.1 writes it: sac_error 12 as
    // the bytes 00 0c.
    ByteBuf b =
        header(SctpConstants.SCTP_ASSOC_CHANGE, 0, 20)
            .writeShortLE(1)
            .writeShort(12)
            .writeShortLE(0)
            .writeShortLE(0)
            .writeIntLE(42);
    assertThat(SctpNotificationParser.parse(b))
        .isEqualTo(
            new SctpNotification.AssociationChange(
                42, SctpNotification.AssociationState.COMMUNICATION_LOST, 12, 0, 0));
    // And the SEND_FAILED of a message of that association: ssf_error (32 bits) holds the same 00
    // 0c, then 00 00.
    ByteBuf f =
        header(SctpConstants.SCTP_SEND_FAILED_EVENT, SctpConstants.SCTP_DATA_SENT, 32)
            .writeShort(12)
            .writeShort(0)
            .writeShortLE(3)
            .writeShortLE(0)
            .writeInt(46)
            .writeIntLE(1234)
            .writeIntLE(42)
            .writeIntLE(42);
    assertThat(((SctpNotification.SendFailed) SctpNotificationParser.parse(f)).error())
        .isEqualTo(12);
  }

  @Test
  void sendFailedCarriesContextPpidAndPayload() {
    ByteBuf b =
        header(SctpConstants.SCTP_SEND_FAILED_EVENT, SctpConstants.SCTP_DATA_UNSENT, 35)
            .writeIntLE(0)
            .writeShortLE(3)
            .writeShortLE(0)
            .writeInt(46)
            .writeIntLE(1234)
            .writeIntLE(9) // sndinfo; ppid in network order
            .writeIntLE(9)
            .writeBytes(new byte[] {1, 2, 3});
    SctpNotification.SendFailed f = (SctpNotification.SendFailed) SctpNotificationParser.parse(b);
    assertThat(f.associationId()).isEqualTo(9);
    assertThat(f.sent()).isFalse();
    assertThat(f.streamId()).isEqualTo(3);
    assertThat(f.ppid()).isEqualTo(46);
    assertThat(f.context()).isEqualTo(1234);
    assertThat(f.payload()).containsExactly(1, 2, 3);
  }

  /**
   * Where each notification the parser knows keeps its association id, and its smallest whole size,
   * as linux/sctp.h lays them out (x86-64), written here independently of the parser's own offsets.
   */
  private record Layout(int minimum, int associationIdAt) {}

  private static final java.util.Map<Integer, Layout> LAYOUTS =
      java.util.Map.ofEntries(
          java.util.Map.entry(SctpConstants.SCTP_ASSOC_CHANGE, new Layout(20, 16)),
          java.util.Map.entry(SctpConstants.SCTP_PEER_ADDR_CHANGE, new Layout(148, 144)),
          java.util.Map.entry(SctpConstants.SCTP_REMOTE_ERROR, new Layout(16, 12)),
          java.util.Map.entry(SctpConstants.SCTP_SEND_FAILED_EVENT, new Layout(32, 28)),
          java.util.Map.entry(SctpConstants.SCTP_SHUTDOWN_EVENT, new Layout(12, 8)),
          java.util.Map.entry(SctpConstants.SCTP_PARTIAL_DELIVERY_EVENT, new Layout(24, 12)),
          java.util.Map.entry(SctpConstants.SCTP_ADAPTATION_INDICATION, new Layout(16, 12)),
          java.util.Map.entry(SctpConstants.SCTP_SENDER_DRY_EVENT, new Layout(12, 8)),
          java.util.Map.entry(SctpConstants.SCTP_STREAM_RESET_EVENT, new Layout(12, 8)),
          java.util.Map.entry(SctpConstants.SCTP_ASSOC_RESET_EVENT, new Layout(20, 8)),
          java.util.Map.entry(SctpConstants.SCTP_STREAM_CHANGE_EVENT, new Layout(16, 8)));

  @Test
  void randomBytesParseToWhatTheyEncodeOrToUnknownWithTheBytesKept() {
    Random random = new Random(20261125);
    int[] types = {
      SctpConstants.SCTP_ASSOC_CHANGE,
      SctpConstants.SCTP_PEER_ADDR_CHANGE,
      SctpConstants.SCTP_REMOTE_ERROR,
      SctpConstants.SCTP_SEND_FAILED_EVENT,
      SctpConstants.SCTP_SHUTDOWN_EVENT,
      SctpConstants.SCTP_PARTIAL_DELIVERY_EVENT,
      SctpConstants.SCTP_ADAPTATION_INDICATION,
      SctpConstants.SCTP_SENDER_DRY_EVENT,
      SctpConstants.SCTP_STREAM_RESET_EVENT,
      SctpConstants.SCTP_ASSOC_RESET_EVENT,
      SctpConstants.SCTP_STREAM_CHANGE_EVENT,
      0x7777
    };
    int parsed = 0;
    for (int i = 0; i < RANDOM_CASES; i++) {
      int length = random.nextInt(200);
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      ByteBuf b = Unpooled.wrappedBuffer(bytes);
      if (length >= 2) {
        b.setShortLE(0, types[random.nextInt(types.length)]);
      }
      int type = length >= 8 ? b.getUnsignedShortLE(0) : -1;
      Layout layout = LAYOUTS.get(type);
      SctpNotification n = SctpNotificationParser.parse(b);
      if (layout == null || length < layout.minimum()) {
        assertThat(n)
            .as("case %d: %d B of type %x", i, length, type)
            .isInstanceOf(SctpNotification.Unknown.class);
        SctpNotification.Unknown u = (SctpNotification.Unknown) n;
        assertThat(u.type()).isEqualTo(type);
        assertThat(u.raw()).isEqualTo(b.array());
        continue;
      }
      parsed++;
      assertThat(n).as("case %d: type %x", i, type).isNotInstanceOf(SctpNotification.Unknown.class);
      assertThat(n.associationId())
          .as("case %d: association id of type %x", i, type)
          .isEqualTo(b.getIntLE(layout.associationIdAt()));
      int declared = (int) Math.min(length, b.getUnsignedIntLE(4));
      switch (n) {
        case SctpNotification.AssociationChange c -> {
          assertThat(c.outboundStreams()).as("case %d", i).isEqualTo(b.getUnsignedShortLE(12));
          assertThat(c.inboundStreams()).as("case %d", i).isEqualTo(b.getUnsignedShortLE(14));
          assertThat(c.error()).as("case %d", i).isEqualTo(b.getUnsignedShort(10));
        }
        case SctpNotification.SendFailed f -> {
          assertThat(f.sent())
              .isEqualTo((b.getUnsignedShortLE(2) & SctpConstants.SCTP_DATA_SENT) != 0);
          assertThat(f.streamId()).isEqualTo(b.getUnsignedShortLE(12));
          assertThat(f.ppid())
              .isEqualTo(b.getInt(16)); // network byte order on the wire, as the app gave it
          assertThat(f.context()).isEqualTo(b.getIntLE(20));
          assertThat(f.payload())
              .isEqualTo(java.util.Arrays.copyOfRange(bytes, 32, Math.max(32, declared)));
        }
        case SctpNotification.RemoteError e -> {
          assertThat(e.causeCode())
              .as("case %d: remote error cause", i)
              .isEqualTo(b.getUnsignedShort(8));
          assertThat(e.data())
              .isEqualTo(java.util.Arrays.copyOfRange(bytes, 16, Math.max(16, declared)));
        }
        case SctpNotification.AdaptationIndication a ->
            assertThat(a.indication()).isEqualTo(b.getIntLE(8));
        case SctpNotification.PartialDelivery p ->
            assertThat(p.streamId()).isEqualTo(b.getIntLE(16));
        case SctpNotification.StreamReset r ->
            assertThat(r.streams()).hasSize(Math.max(0, declared - 12) / 2);
        case SctpNotification.AssociationReset r ->
            assertThat(r.localTsn()).isEqualTo(b.getIntLE(12));
        case SctpNotification.StreamChange c ->
            assertThat(c.inboundStreams()).isEqualTo(b.getUnsignedShortLE(12));
        default -> {}
      }
    }
    // About 85 % reach a parsed type (11 of 12 types, lengths 0-199 against their sizes); a run
    // that never reached
    // one branch would prove nothing about it.
    assertThat(parsed).isBetween(RANDOM_CASES / 2, RANDOM_CASES * 95 / 100);
  }

  /**
   * A real notification: its bytes and what they encode (the parsed value the whole bytes must
   * give).
   */
  private record Real(ByteBuf whole, int minimum, int trailerAt, SctpNotification value) {}

  @Test
  void everyTruncationAndEveryLyingLengthOfRealNotificationsParsesToTheEncodedValues() {
    Random random = new Random(11_2026);
    Real sendFailed =
        new Real(
            header(SctpConstants.SCTP_SEND_FAILED_EVENT, SctpConstants.SCTP_DATA_SENT, 35)
                .writeIntLE(0)
                .writeShortLE(3)
                .writeShortLE(0)
                .writeInt(46)
                .writeIntLE(1234)
                .writeIntLE(9)
                .writeIntLE(9)
                .writeBytes(new byte[] {1, 2, 3}),
            32,
            32,
            new SctpNotification.SendFailed(9, true, 0, 3, 46, 1234, 0, new byte[] {1, 2, 3}));
    Real assocChange =
        new Real(
            header(SctpConstants.SCTP_ASSOC_CHANGE, 0, 20)
                .writeShortLE(3)
                .writeShortLE(0)
                .writeShortLE(10)
                .writeShortLE(7)
                .writeIntLE(42),
            20,
            20,
            new SctpNotification.AssociationChange(
                42, SctpNotification.AssociationState.SHUTDOWN_COMPLETE, 0, 10, 7));
    Real remoteError =
        new Real(
            header(SctpConstants.SCTP_REMOTE_ERROR, 0, 16)
                .writeShort(1)
                .writeShortLE(0)
                .writeIntLE(5)
                .writeBytes(new byte[] {9, 9, 9, 9}),
            16,
            16,
            new SctpNotification.RemoteError(5, 1, new byte[] {9, 9, 9, 9}));
    Real streamReset =
        new Real(
            header(SctpConstants.SCTP_STREAM_RESET_EVENT, 0, 18)
                .writeIntLE(4)
                .writeShortLE(1)
                .writeShortLE(2)
                .writeShortLE(3),
            12,
            12,
            new SctpNotification.StreamReset(4, 0, new int[] {1, 2, 3}));
    for (Real real : new Real[] {sendFailed, assocChange, remoteError, streamReset}) {
      ByteBuf whole = real.whole();
      int type = whole.getUnsignedShortLE(0);
      for (int cut = 0; cut <= whole.readableBytes(); cut++) {
        for (int lie = 0; lie < 100; lie++) {
          ByteBuf b = Unpooled.copiedBuffer(whole.slice(0, cut));
          if (cut >= 8) {
            b.setIntLE(4, lie == 0 ? cut : random.nextInt());
          }
          byte[] raw = new byte[cut];
          b.getBytes(0, raw);
          SctpNotification n = SctpNotificationParser.parse(b);
          if (cut < real.minimum()) {
            assertThat(describe(n))
                .as("%x cut at %d", type, cut)
                .isEqualTo(describe(new SctpNotification.Unknown(0, cut < 8 ? -1 : type, raw)));
          } else {
            // The trailing bytes (payload, causes, streams) end where the bytes or the declared
            // length end.
            int end = (int) Math.min(cut, b.getUnsignedIntLE(4));
            int trailer = Math.max(0, end - real.trailerAt());
            assertThat(describe(n))
                .as("%x cut at %d, length %d", type, cut, b.getUnsignedIntLE(4))
                .isEqualTo(describe(withTrailer(real.value(), trailer)));
          }
          b.release();
        }
      }
    }
  }

  /**
   * The value with its arrays' contents (the records' toString gives only their lengths): compared
   * as text, which costs far less than AssertJ's recursive comparison over 9 700 cases on an
   * emulated machine, and reads as well.
   */
  private static String describe(SctpNotification n) {
    return switch (n) {
      case SctpNotification.SendFailed f ->
          f + java.util.Arrays.toString(f.payload()) + " flags " + f.flags();
      case SctpNotification.RemoteError e -> e + java.util.Arrays.toString(e.data());
      case SctpNotification.Unknown u -> u + java.util.Arrays.toString(u.raw());
      default -> n.toString(); // StreamReset shows its streams; the others hold no arrays
    };
  }

  /** The value with only its first {@code bytes} trailing bytes. */
  private static SctpNotification withTrailer(SctpNotification value, int bytes) {
    return switch (value) {
      case SctpNotification.SendFailed f ->
          new SctpNotification.SendFailed(
              f.associationId(),
              f.sent(),
              f.error(),
              f.streamId(),
              f.ppid(),
              f.context(),
              f.flags(),
              java.util.Arrays.copyOf(f.payload(), bytes));
      case SctpNotification.RemoteError e ->
          new SctpNotification.RemoteError(
              e.associationId(), e.causeCode(), java.util.Arrays.copyOf(e.data(), bytes));
      case SctpNotification.StreamReset r ->
          new SctpNotification.StreamReset(
              r.associationId(), r.flags(), java.util.Arrays.copyOf(r.streams(), bytes / 2));
      default -> value;
    };
  }
}
