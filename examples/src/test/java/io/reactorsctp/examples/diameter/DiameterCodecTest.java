package io.reactorsctp.examples.diameter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Diameter codec alone: no SCTP involved. */
class DiameterCodecTest {

  private static byte[] encode(DiameterMessage m) {
    ByteBuf b = DiameterCodec.encode(m, ByteBufAllocator.DEFAULT);
    try {
      return ByteBufUtil.getBytes(b);
    } finally {
      b.release();
    }
  }

  private static DiameterMessage decode(byte[] bytes) {
    return DiameterCodec.decode(Unpooled.wrappedBuffer(bytes));
  }

  private static DiameterMessage cer() throws Exception {
    return new DiameterMessage(
        DiameterMessage.FLAG_REQUEST,
        Diameter.CAPABILITIES_EXCHANGE,
        0,
        0x1234_5678,
        0x9abc_def0,
        PeerIdentity.of("client.example.org", "example.org")
            .capabilities(
                List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1")),
                List.of(4)));
  }

  @Test
  void cerRoundTripsWithEveryHeaderField() throws Exception {
    DiameterMessage m = cer();
    byte[] wire = encode(m);
    assertThat(decode(wire)).isEqualTo(m);
    // Version 1, then the 24-bit length; R flag, then the 24-bit command code 257.
    assertThat(wire[0]).isEqualTo((byte) 1);
    assertThat(((wire[1] & 0xFF) << 16) | ((wire[2] & 0xFF) << 8) | (wire[3] & 0xFF))
        .isEqualTo(wire.length);
    assertThat(HexFormat.of().formatHex(wire, 4, 20))
        .isEqualTo("80000101" + "00000000" + "12345678" + "9abcdef0");
  }

  @Test
  void everyFlagAndAnswerRoundTrips() {
    DiameterMessage request =
        new DiameterMessage(
            DiameterMessage.FLAG_REQUEST
                | DiameterMessage.FLAG_PROXIABLE
                | DiameterMessage.FLAG_RETRANSMITTED,
            Diameter.EXPERIMENTAL_ECHO,
            Diameter.ECHO_APPLICATION,
            -1,
            7,
            List.of(Avp.utf8(Diameter.SESSION_ID, "s;1")));
    assertThat(decode(encode(request))).isEqualTo(request);
    DiameterMessage error =
        request.errorAnswer(List.of(Avp.unsigned32(Diameter.RESULT_CODE, 3001)));
    DiameterMessage decoded = decode(encode(error));
    assertThat(decoded).isEqualTo(error);
    assertThat(decoded.isRequest()).isFalse();
    assertThat(decoded.isError()).isTrue();
    assertThat(decoded.flags())
        .isEqualTo(DiameterMessage.FLAG_PROXIABLE | DiameterMessage.FLAG_ERROR);
    assertThat(decoded.resultCode()).contains(3001L);
  }

  @Test
  void avpDataIsPaddedToFourBytesButTheLengthFieldExcludesPadding() {
    DiameterMessage m =
        DiameterMessage.request(
            Diameter.EXPERIMENTAL_ECHO,
            0,
            List.of(
                Avp.utf8(Diameter.SESSION_ID, "abcde"),
                Avp.unsigned32(Diameter.RESULT_CODE, 2001)));
    byte[] wire = encode(m);
    // Session-Id: 8-byte header + 5 bytes = length 13, padded to 16; then Result-Code: 12 bytes.
    assertThat(wire).hasSize(20 + 16 + 12);
    assertThat(HexFormat.of().formatHex(wire, 20, 36))
        .isEqualTo("00000107" + "4000000d" + "6162636465" + "000000");
    assertThat(decode(wire).avps().getFirst().utf8()).isEqualTo("abcde");
  }

  @Test
  void vendorSpecificAvpCarriesItsVendorId() {
    Avp vendor = Avp.utf8(1, "x").withVendor(10415);
    DiameterMessage m = DiameterMessage.request(Diameter.EXPERIMENTAL_ECHO, 0, List.of(vendor));
    byte[] wire = encode(m);
    assertThat(HexFormat.of().formatHex(wire, 20, 36))
        .isEqualTo("00000001" + "c000000d" + "000028af" + "78000000");
    Avp decoded = decode(wire).avps().getFirst();
    assertThat(decoded).isEqualTo(vendor);
    assertThat(decoded.isVendorSpecific()).isTrue();
    assertThat(decoded.vendorId()).isEqualTo(10415);
  }

  @Test
  void groupedAvpRoundTripsWithNestedMembers() {
    Avp group =
        Avp.grouped(
            Diameter.VENDOR_SPECIFIC_APPLICATION_ID,
            List.of(
                Avp.unsigned32(Diameter.VENDOR_ID, 10415),
                Avp.unsigned32(Diameter.AUTH_APPLICATION_ID, 16777251),
                Avp.grouped(Diameter.FAILED_AVP, List.of(Avp.utf8(Diameter.ORIGIN_REALM, "odd")))));
    DiameterMessage m = DiameterMessage.request(Diameter.EXPERIMENTAL_ECHO, 0, List.of(group));
    Avp decoded = decode(encode(m)).avps().getFirst();
    List<Avp> members = decoded.grouped();
    assertThat(members).hasSize(3);
    assertThat(members.get(0).unsigned32()).isEqualTo(10415);
    assertThat(members.get(1).unsigned32()).isEqualTo(16777251);
    assertThat(members.get(2).grouped().getFirst().utf8()).isEqualTo("odd");
  }

  @Test
  void addressAvpsOfBothFamilies() throws Exception {
    for (String a : List.of("192.0.2.7", "2001:db8::1")) {
      Avp avp = Avp.address(Diameter.HOST_IP_ADDRESS, InetAddress.getByName(a));
      assertThat(
              decode(encode(DiameterMessage.request(1, 0, List.of(avp))))
                  .avps()
                  .getFirst()
                  .address())
          .isEqualTo(InetAddress.getByName(a));
    }
  }

  @Test
  void truncatedHeaderIsRefusedNamingTheHeader() throws Exception {
    byte[] wire = encode(cer());
    assertThatThrownBy(() -> decode(java.util.Arrays.copyOf(wire, 19)))
        .isInstanceOf(MalformedDiameterException.class)
        .hasMessageContaining("header")
        .hasMessageContaining("19 bytes")
        .extracting(e -> ((MalformedDiameterException) e).field())
        .isEqualTo("header");
  }

  @Test
  void truncatedMessageIsRefusedNamingTheMessageLength() throws Exception {
    byte[] wire = encode(cer());
    assertThatThrownBy(() -> decode(java.util.Arrays.copyOf(wire, wire.length - 4)))
        .isInstanceOf(MalformedDiameterException.class)
        .satisfies(
            e -> {
              MalformedDiameterException m = (MalformedDiameterException) e;
              assertThat(m.field()).isEqualTo("messageLength");
              assertThat(m.offset()).isEqualTo(1);
              assertThat(m.getMessage())
                  .contains(wire.length + " but the SCTP message holds " + (wire.length - 4));
            });
  }

  @Test
  void avpRunningPastTheMessageIsRefusedNamingTheAvp() {
    byte[] wire =
        encode(DiameterMessage.request(1, 0, List.of(Avp.utf8(Diameter.ORIGIN_HOST, "abcd"))));
    wire[20 + 7] = 0x40; // AVP Length 12 -> 64, beyond the message
    assertThatThrownBy(() -> decode(wire))
        .isInstanceOf(MalformedDiameterException.class)
        .satisfies(
            e -> {
              MalformedDiameterException m = (MalformedDiameterException) e;
              assertThat(m.field()).isEqualTo("avp[264].avpLength");
              assertThat(m.offset()).isEqualTo(25);
            });
  }

  @Test
  void avpShorterThanItsHeaderIsRefused() {
    byte[] wire =
        encode(DiameterMessage.request(1, 0, List.of(Avp.utf8(Diameter.ORIGIN_HOST, "abcd"))));
    wire[20 + 7] = 4;
    assertThatThrownBy(() -> decode(wire))
        .isInstanceOf(MalformedDiameterException.class)
        .hasMessageStartingWith(
            "avp[264].avpLength at offset 25: 4 is shorter than the 8-byte AVP header");
  }

  @Test
  void malformedMemberOfGroupedAvpIsNamedWithItsPath() {
    Avp group = Avp.grouped(Diameter.FAILED_AVP, List.of(Avp.utf8(Diameter.ORIGIN_REALM, "abcd")));
    byte[] data = group.data().clone();
    data[7] = (byte) 0xF0; // member's AVP Length beyond the group
    Avp broken = new Avp(group.code(), group.flags(), 0, data);
    assertThatThrownBy(broken::grouped)
        .isInstanceOf(MalformedDiameterException.class)
        .extracting(e -> ((MalformedDiameterException) e).field())
        .isEqualTo("avp[279].avp[296].avpLength");
  }

  @Test
  void wrongVersionReservedFlagsAndBadLengthsAreRefused() throws Exception {
    byte[] wire = encode(cer());
    byte[] v2 = wire.clone();
    v2[0] = 2;
    assertThatThrownBy(() -> decode(v2))
        .isInstanceOf(MalformedDiameterException.class)
        .extracting(e -> ((MalformedDiameterException) e).field())
        .isEqualTo("version");
    byte[] reserved = wire.clone();
    reserved[4] |= 0x01;
    assertThatThrownBy(() -> decode(reserved))
        .isInstanceOf(MalformedDiameterException.class)
        .extracting(e -> ((MalformedDiameterException) e).field())
        .isEqualTo("flags");
    byte[] odd = wire.clone();
    odd[3] += 1;
    assertThatThrownBy(() -> decode(odd))
        .isInstanceOf(MalformedDiameterException.class)
        .hasMessageContaining("not a multiple of 4");
    byte[] avpFlags =
        encode(DiameterMessage.request(1, 0, List.of(Avp.utf8(Diameter.ORIGIN_HOST, "abcd"))));
    avpFlags[24] |= 0x01;
    assertThatThrownBy(() -> decode(avpFlags))
        .isInstanceOf(MalformedDiameterException.class)
        .extracting(e -> ((MalformedDiameterException) e).field())
        .isEqualTo("avp[264].flags");
  }

  @Test
  void typedViewsRefuseDataOfTheWrongShape() {
    assertThatThrownBy(() -> Avp.utf8(Diameter.RESULT_CODE, "abc").unsigned32())
        .isInstanceOf(MalformedDiameterException.class)
        .hasMessageContaining("3 bytes where an Unsigned32 has 4");
    assertThatThrownBy(
            () -> new Avp(Diameter.HOST_IP_ADDRESS, 0, 0, new byte[] {0, 1, 1}).address())
        .isInstanceOf(MalformedDiameterException.class)
        .hasMessageContaining("family 1, 3 bytes");
  }

  @Test
  void valuesTheWireCannotCarryAreRefusedWhenBuilt() {
    assertThatThrownBy(() -> new DiameterMessage(0x01, 1, 0, 0, 0, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("flags");
    assertThatThrownBy(() -> new DiameterMessage(0, 1 << 24, 0, 0, 0, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("commandCode");
    assertThatThrownBy(() -> new Avp(1, 0, 5, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("vendorId");
    assertThatThrownBy(() -> Avp.unsigned32(1, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unsigned32");
  }
}
