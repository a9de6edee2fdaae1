package io.reactorsctp.examples.diameter;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes Diameter messages (RFC 6733 §3 header, §4.1 AVPs, §4.4 Grouped AVPs). One
 * SCTP user message carries exactly one Diameter message, so a decoded buffer must hold one
 * message, no more and no less.
 *
 * <p>Decoding checks every length against the bytes actually present and throws {@link
 * MalformedDiameterException} naming the field, its offset and the limit; it never reads past the
 * buffer or returns a partial message.
 */
public final class DiameterCodec {

  private static final int AVP_RESERVED_FLAGS = 0x1F;

  /**
   * @param message the message
   * @param alloc where the buffer comes from (a channel's allocator gives a pooled direct buffer,
   *     which reaches the kernel without a copy)
   * @return the encoded message; the caller owns it
   */
  public static ByteBuf encode(DiameterMessage message, ByteBufAllocator alloc) {
    int length = DiameterMessage.HEADER_LENGTH;
    for (Avp avp : message.avps()) {
      length += avp.paddedLength();
    }
    if (length > 0xFF_FFFF) {
      throw new IllegalArgumentException(
          "messageLength: " + length + " bytes exceed the 24-bit Message Length");
    }
    ByteBuf out = alloc.directBuffer(length, length);
    out.writeInt(1 << 24 | length);
    out.writeInt(message.flags() << 24 | message.commandCode());
    out.writeInt(message.applicationId());
    out.writeInt(message.hopByHop());
    out.writeInt(message.endToEnd());
    for (Avp avp : message.avps()) {
      writeAvp(avp, out);
    }
    return out;
  }

  /**
   * @param avps AVPs
   * @return their encoding, each padded to 4 bytes, as the data of a Grouped AVP
   */
  public static byte[] encodeAvps(List<Avp> avps) {
    int length = 0;
    for (Avp avp : avps) {
      length += avp.paddedLength();
    }
    ByteBuf out = Unpooled.buffer(length, length);
    for (Avp avp : avps) {
      writeAvp(avp, out);
    }
    return out.array();
  }

  private static void writeAvp(Avp avp, ByteBuf out) {
    out.writeInt(avp.code());
    out.writeInt(avp.flags() << 24 | avp.length());
    if (avp.isVendorSpecific()) {
      out.writeInt(avp.vendorId());
    }
    out.writeBytes(avp.data());
    out.writeZero(avp.paddedLength() - avp.length());
  }

  /**
   * Decodes the readable bytes of {@code in} (left unchanged) as one Diameter message.
   *
   * @param in one SCTP user message's payload
   * @return the message
   * @throws MalformedDiameterException naming the first field that is wrong
   */
  public static DiameterMessage decode(ByteBuf in) {
    int start = in.readerIndex();
    int available = in.readableBytes();
    if (available < DiameterMessage.HEADER_LENGTH) {
      throw new MalformedDiameterException(
          "header",
          0,
          available
              + " bytes, fewer than the "
              + DiameterMessage.HEADER_LENGTH
              + "-byte Diameter header");
    }
    int version = in.getUnsignedByte(start);
    if (version != 1) {
      throw new MalformedDiameterException(
          "version", 0, version + "; Diameter (RFC 6733) is version 1");
    }
    int length = in.getUnsignedMedium(start + 1);
    if (length < DiameterMessage.HEADER_LENGTH || length % 4 != 0) {
      throw new MalformedDiameterException(
          "messageLength",
          1,
          length + " is not a multiple of 4 of at least " + DiameterMessage.HEADER_LENGTH);
    }
    if (length != available) {
      throw new MalformedDiameterException(
          "messageLength",
          1,
          length
              + " but the SCTP message holds "
              + available
              + " bytes (one SCTP message carries exactly one Diameter message)");
    }
    int flags = in.getUnsignedByte(start + 4);
    if ((flags & 0x0F) != 0) {
      throw new MalformedDiameterException(
          "flags", 4, "0x" + Integer.toHexString(flags) + " sets reserved bits (0x0F must be 0)");
    }
    if ((flags & DiameterMessage.FLAG_REQUEST) != 0 && (flags & DiameterMessage.FLAG_ERROR) != 0) {
      throw new MalformedDiameterException("flags", 4, "R and E both set; E is only for answers");
    }
    int commandCode = in.getUnsignedMedium(start + 5);
    int applicationId = in.getInt(start + 8);
    int hopByHop = in.getInt(start + 12);
    int endToEnd = in.getInt(start + 16);
    List<Avp> avps =
        decodeAvps(in, start + DiameterMessage.HEADER_LENGTH, start + length, start, "");
    return new DiameterMessage(flags, commandCode, applicationId, hopByHop, endToEnd, avps);
  }

  /**
   * @param data the data of a Grouped AVP
   * @param fieldPrefix prefix of field names in errors, naming the enclosing AVP
   * @return its member AVPs
   * @throws MalformedDiameterException naming the member field that is wrong
   */
  static List<Avp> decodeAvps(byte[] data, String fieldPrefix) {
    return decodeAvps(Unpooled.wrappedBuffer(data), 0, data.length, 0, fieldPrefix);
  }

  private static List<Avp> decodeAvps(ByteBuf in, int from, int to, int origin, String prefix) {
    List<Avp> avps = new ArrayList<>();
    int at = from;
    while (at < to) {
      int remaining = to - at;
      if (remaining < Avp.HEADER_LENGTH) {
        throw new MalformedDiameterException(
            prefix + "avp#" + avps.size(),
            at - origin,
            remaining + " bytes left, fewer than an " + Avp.HEADER_LENGTH + "-byte AVP header");
      }
      int code = in.getInt(at);
      String field = prefix + "avp[" + Integer.toUnsignedString(code) + "]";
      int flags = in.getUnsignedByte(at + 4);
      if ((flags & AVP_RESERVED_FLAGS) != 0) {
        throw new MalformedDiameterException(
            field + ".flags",
            at + 4 - origin,
            "0x" + Integer.toHexString(flags) + " sets reserved bits (0x1F must be 0)");
      }
      boolean vendor = (flags & Avp.FLAG_VENDOR) != 0;
      int header = vendor ? Avp.VENDOR_HEADER_LENGTH : Avp.HEADER_LENGTH;
      int length = in.getUnsignedMedium(at + 5);
      if (length < header) {
        throw new MalformedDiameterException(
            field + ".avpLength",
            at + 5 - origin,
            length
                + " is shorter than the "
                + header
                + "-byte AVP header"
                + (vendor ? " with Vendor-ID" : ""));
      }
      int padded = (length + 3) & ~3;
      if (padded > remaining) {
        throw new MalformedDiameterException(
            field + ".avpLength",
            at + 5 - origin,
            length
                + " ("
                + padded
                + " with padding) runs past the end of the enclosing data: "
                + remaining
                + " bytes left");
      }
      int vendorId = vendor ? in.getInt(at + 8) : 0;
      byte[] data = new byte[length - header];
      in.getBytes(at + header, data);
      avps.add(new Avp(code, flags, vendorId, data));
      at += padded;
    }
    return avps;
  }

  private DiameterCodec() {}
}
