package io.reactorsctp.examples.m3ua;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes M3UA messages (RFC 4666 §3.1 common header, §3.2 parameters padded to 4
 * bytes). One SCTP user message carries exactly one M3UA message. Decoding checks every length
 * against the bytes present and throws {@link MalformedM3uaException} naming the field.
 */
public final class M3uaCodec {

  /**
   * @param message the message
   * @param alloc where the buffer comes from
   * @return the encoded message; the caller owns it
   */
  public static ByteBuf encode(M3uaMessage message, ByteBufAllocator alloc) {
    int length = M3uaMessage.HEADER_LENGTH;
    for (M3uaParameter p : message.parameters()) {
      length += p.paddedLength();
    }
    ByteBuf out = alloc.directBuffer(length, length);
    out.writeByte(1)
        .writeByte(0)
        .writeByte(message.messageClass())
        .writeByte(message.messageType());
    out.writeInt(length);
    for (M3uaParameter p : message.parameters()) {
      out.writeShort(p.tag())
          .writeShort(M3uaParameter.HEADER_LENGTH + p.value().length)
          .writeBytes(p.value());
      out.writeZero(p.paddedLength() - M3uaParameter.HEADER_LENGTH - p.value().length);
    }
    return out;
  }

  /**
   * Decodes the readable bytes of {@code in} (left unchanged) as one M3UA message.
   *
   * @param in one SCTP user message's payload
   * @return the message
   * @throws MalformedM3uaException naming the first field that is wrong
   */
  public static M3uaMessage decode(ByteBuf in) {
    int start = in.readerIndex();
    int available = in.readableBytes();
    if (available < M3uaMessage.HEADER_LENGTH) {
      throw new MalformedM3uaException(
          "header",
          0,
          available
              + " bytes, fewer than the "
              + M3uaMessage.HEADER_LENGTH
              + "-byte common header");
    }
    int version = in.getUnsignedByte(start);
    if (version != 1) {
      throw new MalformedM3uaException("version", 0, version + "; M3UA (RFC 4666) is version 1");
    }
    long length = in.getUnsignedInt(start + 4);
    if (length != available) {
      throw new MalformedM3uaException(
          "messageLength",
          4,
          length
              + " but the SCTP message holds "
              + available
              + " bytes (one SCTP message carries exactly one M3UA message)");
    }
    int messageClass = in.getUnsignedByte(start + 2);
    int messageType = in.getUnsignedByte(start + 3);
    List<M3uaParameter> parameters = new ArrayList<>();
    int at = start + M3uaMessage.HEADER_LENGTH;
    int end = start + available;
    while (at < end) {
      int remaining = end - at;
      if (remaining < M3uaParameter.HEADER_LENGTH) {
        throw new MalformedM3uaException(
            "parameter#" + parameters.size(),
            at - start,
            remaining + " bytes left, fewer than a parameter's 4-byte tag and length");
      }
      int tag = in.getUnsignedShort(at);
      int plen = in.getUnsignedShort(at + 2);
      String field = String.format("parameter[0x%04x].length", tag);
      if (plen < M3uaParameter.HEADER_LENGTH) {
        throw new MalformedM3uaException(
            field, at + 2 - start, plen + " is shorter than the 4-byte tag and length");
      }
      int padded = (plen + 3) & ~3;
      if (padded > remaining) {
        throw new MalformedM3uaException(
            field,
            at + 2 - start,
            plen
                + " ("
                + padded
                + " with padding) runs past the end of the message: "
                + remaining
                + " bytes left");
      }
      byte[] value = new byte[plen - M3uaParameter.HEADER_LENGTH];
      in.getBytes(at + M3uaParameter.HEADER_LENGTH, value);
      parameters.add(new M3uaParameter(tag, value));
      at += padded;
    }
    return new M3uaMessage(messageClass, messageType, parameters);
  }

  private M3uaCodec() {}
}
