package io.reactorsctp.examples.m3ua;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One M3UA parameter (RFC 4666 §3.2): a 16-bit tag and its value, without padding.
 *
 * @param tag the parameter tag
 * @param value the value; not copied, do not change it
 */
public record M3uaParameter(int tag, byte[] value) {

  /** Bytes of a parameter's tag and length. */
  public static final int HEADER_LENGTH = 4;

  /** Checks what the wire format cannot carry. */
  public M3uaParameter {
    if (tag < 0 || tag > 0xFFFF) {
      throw new IllegalArgumentException("tag: " + tag + " is outside 0..65535");
    }
    if (value == null || value.length > 0xFFFF - HEADER_LENGTH) {
      throw new IllegalArgumentException(
          "value: "
              + (value == null ? "null" : value.length + " bytes")
              + "; a parameter holds at most "
              + (0xFFFF - HEADER_LENGTH)
              + " bytes");
    }
  }

  /**
   * @param tag the tag
   * @param values 32-bit values (e.g. several routing contexts)
   * @return a parameter holding them in network byte order
   */
  public static M3uaParameter u32(int tag, int... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length);
    for (int v : values) {
      b.putInt(v);
    }
    return new M3uaParameter(tag, b.array());
  }

  /**
   * @param tag the tag
   * @param text the text
   * @return a parameter holding its UTF-8 bytes
   */
  public static M3uaParameter text(int tag, String text) {
    return new M3uaParameter(tag, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @param index which 32-bit value
   * @return it, unsigned
   * @throws MalformedM3uaException when the value is shorter
   */
  public long u32(int index) {
    if (value.length < 4 * (index + 1)) {
      throw new MalformedM3uaException(
          String.format("parameter[0x%04x].value", tag),
          0,
          value.length + " bytes, too short for 32-bit value #" + index);
    }
    return Integer.toUnsignedLong(ByteBuffer.wrap(value).getInt(4 * index));
  }

  /**
   * @return the tag, length and padded value's size in a message
   */
  public int paddedLength() {
    return (HEADER_LENGTH + value.length + 3) & ~3;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof M3uaParameter p && tag == p.tag && Arrays.equals(value, p.value);
  }

  @Override
  public int hashCode() {
    return 31 * tag + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return String.format("0x%04x=%s", tag, HexFormat.of().formatHex(value));
  }
}
