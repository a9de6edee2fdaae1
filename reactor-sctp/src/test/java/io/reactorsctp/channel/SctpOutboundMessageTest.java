package io.reactorsctp.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The message builder refuses every invalid field with an error naming it. */
class SctpOutboundMessageTest {

  @Test
  void validMessagesKeepEveryField() {
    SctpOutboundMessage m =
        SctpOutboundMessage.builder("CER")
            .streamId(65535)
            .ppid(0xFFFF_FFFFL)
            .context(-1)
            .unordered(true)
            .prPolicy(SctpPrPolicy.RTX, 3)
            .sackImmediately(true)
            .build();
    assertThat(m.streamId()).isEqualTo(65535);
    assertThat(Integer.toUnsignedLong(m.ppid())).isEqualTo(0xFFFF_FFFFL);
    assertThat(m.isUnordered()).isTrue();
    assertThat(m.prPolicy()).isEqualTo(SctpPrPolicy.RTX);
    assertThat(m.prValue()).isEqualTo(3);
    assertThat(m.content().readableBytes()).isEqualTo(3);
    m.release();
    assertThat(SctpOutboundMessage.builder(new byte[] {1, 2}).build().content().readableBytes())
        .isEqualTo(2);
    assertThat(
            SctpOutboundMessage.builder(ByteBuffer.allocateDirect(5)).build().content().isDirect())
        .isTrue();
    assertThat(SctpOutboundMessage.builder(Unpooled.EMPTY_BUFFER).eof(true).build().isEof())
        .isTrue();
  }

  @Test
  void invalidFieldsAreNamed() {
    assertThatThrownBy(() -> SctpOutboundMessage.builder("x").streamId(65536))
        .isInstanceOf(InvalidSctpMessageException.class)
        .hasMessageContaining("streamId")
        .hasMessageContaining("65535");
    assertThatThrownBy(() -> SctpOutboundMessage.builder("x").streamId(-1))
        .hasMessageContaining("streamId");
    assertThatThrownBy(() -> SctpOutboundMessage.builder("x").ppid(-1L))
        .hasMessageContaining("ppid");
    assertThatThrownBy(() -> SctpOutboundMessage.builder("x").ppid(1L << 32))
        .hasMessageContaining("ppid");
    assertThatThrownBy(() -> SctpOutboundMessage.builder("x").prPolicy(SctpPrPolicy.NONE, 100))
        .hasMessageContaining("prValue")
        .hasMessageContaining("NONE");
    assertThatThrownBy(() -> SctpOutboundMessage.builder("x").prPolicy(SctpPrPolicy.BUF, 100))
        .isInstanceOf(InvalidSctpMessageException.class)
        .hasMessageContaining("BUF")
        .hasMessageContaining("Linux");
    assertThatThrownBy(() -> SctpOutboundMessage.builder("x").ttl(-5))
        .hasMessageContaining("prValue");
    assertThatThrownBy(() -> SctpOutboundMessage.builder("x").ttl(0))
        .isInstanceOf(InvalidSctpMessageException.class)
        .hasMessageContaining("prValue")
        .hasMessageContaining("TTL");
    assertThatThrownBy(() -> SctpOutboundMessage.builder("x").prPolicy(SctpPrPolicy.TTL, 1L << 32))
        .hasMessageContaining("prValue");
    assertThatThrownBy(() -> SctpOutboundMessage.builder("x").prPolicy(null, 1))
        .hasMessageContaining("prPolicy");
    assertThatThrownBy(() -> SctpOutboundMessage.builder("x").associationId(-1))
        .hasMessageContaining("associationId");
    assertThat(SctpOutboundMessage.builder("x").prPolicy(SctpPrPolicy.RTX, 0).build().prValue())
        .isZero();
    assertThatThrownBy(() -> SctpOutboundMessage.builder(Unpooled.EMPTY_BUFFER).build())
        .hasMessageContaining("payload");
    assertThatThrownBy(() -> SctpOutboundMessage.builder("x").eof(true).abort(true).build())
        .hasMessageContaining("abort");
    assertThat(((InvalidSctpMessageException) catchField()).field()).isEqualTo("streamId");
  }

  private static Throwable catchField() {
    try {
      SctpOutboundMessage.builder("x").streamId(70000);
      return null;
    } catch (InvalidSctpMessageException e) {
      return e;
    }
  }
}
