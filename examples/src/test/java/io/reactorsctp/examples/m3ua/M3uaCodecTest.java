package io.reactorsctp.examples.m3ua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The M3UA codec alone: no SCTP involved. */
class M3uaCodecTest {

  private static byte[] encode(M3uaMessage m) {
    ByteBuf b = M3uaCodec.encode(m, ByteBufAllocator.DEFAULT);
    try {
      return ByteBufUtil.getBytes(b);
    } finally {
      b.release();
    }
  }

  private static M3uaMessage decode(byte[] bytes) {
    return M3uaCodec.decode(Unpooled.wrappedBuffer(bytes));
  }

  @Test
  void aspacWithTrafficModeAndRoutingContextsIsEncodedAsRfc4666Says() {
    M3uaMessage aspac =
        M3uaMessage.of(
            M3ua.CLASS_ASPTM,
            M3ua.ASPAC,
            M3uaParameter.u32(M3ua.TAG_TRAFFIC_MODE_TYPE, M3ua.TRAFFIC_MODE_OVERRIDE),
            M3uaParameter.u32(M3ua.TAG_ROUTING_CONTEXT, 100, 200));
    byte[] wire = encode(aspac);
    assertThat(HexFormat.of().formatHex(wire))
        .isEqualTo(
            "01000401"
                + "0000001c" // version 1, class 4 (ASPTM), type 1 (ASPAC), length 28
                + "000b0008"
                + "00000001" // Traffic Mode Type: override
                + "0006000c"
                + "00000064"
                + "000000c8"); // Routing Context: 100, 200
    M3uaMessage decoded = decode(wire);
    assertThat(decoded).isEqualTo(aspac);
    assertThat(decoded.name()).isEqualTo("ASPAC");
    assertThat(decoded.parameter(M3ua.TAG_ROUTING_CONTEXT).orElseThrow().u32(1)).isEqualTo(200);
  }

  @Test
  void parameterValuesArePaddedButTheirLengthExcludesPadding() {
    M3uaMessage beat =
        M3uaMessage.of(
            M3ua.CLASS_ASPSM,
            M3ua.BEAT,
            new M3uaParameter(M3ua.TAG_HEARTBEAT_DATA, new byte[] {1, 2, 3, 4, 5}));
    byte[] wire = encode(beat);
    assertThat(wire).hasSize(8 + 12);
    assertThat(HexFormat.of().formatHex(wire, 8, 20))
        .isEqualTo("00090009" + "0102030405" + "000000");
    assertThat(decode(wire)).isEqualTo(beat);
  }

  @Test
  void dataWithProtocolDataRoundTrips() {
    ProtocolData pd = new ProtocolData(2, 3, 3, 2, 0, 5, new byte[] {9, 8, 7});
    M3uaMessage data =
        M3uaMessage.of(
            M3ua.CLASS_TRANSFER,
            M3ua.DATA,
            M3uaParameter.u32(M3ua.TAG_ROUTING_CONTEXT, 1),
            pd.toParameter());
    M3uaMessage decoded = decode(encode(data));
    assertThat(decoded.name()).isEqualTo("DATA");
    assertThat(ProtocolData.of(decoded.parameter(M3ua.TAG_PROTOCOL_DATA).orElseThrow()))
        .isEqualTo(pd);
  }

  @Test
  void truncatedOrInconsistentInputIsRefusedNamingTheField() {
    byte[] wire =
        encode(
            M3uaMessage.of(
                M3ua.CLASS_ASPSM,
                M3ua.BEAT,
                new M3uaParameter(M3ua.TAG_HEARTBEAT_DATA, new byte[] {1, 2, 3, 4, 5})));
    assertThatThrownBy(() -> decode(Arrays.copyOf(wire, 7)))
        .isInstanceOf(MalformedM3uaException.class)
        .extracting(e -> ((MalformedM3uaException) e).field())
        .isEqualTo("header");
    assertThatThrownBy(() -> decode(Arrays.copyOf(wire, 16)))
        .isInstanceOf(MalformedM3uaException.class)
        .hasMessage(
            "messageLength at offset 4: 20 but the SCTP message holds 16 bytes (one SCTP message carries "
                + "exactly one M3UA message)");
    byte[] longParameter = wire.clone();
    longParameter[11] = 40;
    assertThatThrownBy(() -> decode(longParameter))
        .isInstanceOf(MalformedM3uaException.class)
        .satisfies(
            e -> {
              assertThat(((MalformedM3uaException) e).field())
                  .isEqualTo("parameter[0x0009].length");
              assertThat(((MalformedM3uaException) e).offset()).isEqualTo(10);
            });
    byte[] shortParameter = wire.clone();
    shortParameter[11] = 2;
    assertThatThrownBy(() -> decode(shortParameter))
        .isInstanceOf(MalformedM3uaException.class)
        .hasMessageContaining("2 is shorter than the 4-byte tag and length");
    byte[] version = wire.clone();
    version[0] = 2;
    assertThatThrownBy(() -> decode(version))
        .isInstanceOf(MalformedM3uaException.class)
        .extracting(e -> ((MalformedM3uaException) e).field())
        .isEqualTo("version");
  }

  @Test
  void protocolDataShorterThanTheRoutingLabelIsRefused() {
    assertThatThrownBy(
            () -> ProtocolData.of(new M3uaParameter(M3ua.TAG_PROTOCOL_DATA, new byte[11])))
        .isInstanceOf(MalformedM3uaException.class)
        .hasMessageContaining("fewer than the 12-byte routing label");
  }

  @Test
  void pointCodesUseOsmocomsDefaultNotation() {
    assertThat(OsmoStp.format(2)).isEqualTo("0.0.2");
    assertThat(OsmoStp.format(0x3FFF)).isEqualTo("7.255.7");
    assertThat(OsmoStp.format(23 << 3 | 1)).isEqualTo("0.23.1");
  }
}
