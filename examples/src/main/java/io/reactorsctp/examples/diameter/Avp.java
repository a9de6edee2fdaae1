package io.reactorsctp.examples.diameter;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * One Diameter AVP (RFC 6733 §4.1): code, flags (V, M, P), the Vendor-ID when the V flag is set,
 * and the raw data (without padding). Typed views ({@link #utf8()}, {@link #unsigned32()}, {@link
 * #address()}, {@link #grouped()}) read the data as the base protocol's derived formats (§4.2,
 * §4.3).
 *
 * @param code the AVP code
 * @param flags the AVP flags: {@link #FLAG_VENDOR}, {@link #FLAG_MANDATORY}, {@link
 *     #FLAG_PROTECTED}; the five reserved bits must be 0
 * @param vendorId the Vendor-ID, present on the wire only when {@link #FLAG_VENDOR} is set (0
 *     otherwise)
 * @param data the AVP's data, not padded; not copied, do not change it
 */
public record Avp(int code, int flags, int vendorId, byte[] data) {

  /** V bit: a Vendor-ID field follows the AVP length. */
  public static final int FLAG_VENDOR = 0x80;

  /** M bit: the receiver must understand this AVP. */
  public static final int FLAG_MANDATORY = 0x40;

  /** P bit (reserved since RFC 6733, kept for RFC 3588 peers). */
  public static final int FLAG_PROTECTED = 0x20;

  /** Bytes of an AVP header without Vendor-ID. */
  public static final int HEADER_LENGTH = 8;

  /** Bytes of an AVP header with Vendor-ID. */
  public static final int VENDOR_HEADER_LENGTH = 12;

  /** Largest value of the 24-bit AVP Length field. */
  public static final int MAX_LENGTH = 0xFF_FFFF;

  /** Checks what the wire format cannot carry. */
  public Avp {
    if ((flags & ~(FLAG_VENDOR | FLAG_MANDATORY | FLAG_PROTECTED)) != 0) {
      throw new IllegalArgumentException(
          "flags: reserved bits set in 0x"
              + Integer.toHexString(flags)
              + " (only V 0x80, M 0x40, P 0x20 exist)");
    }
    if ((flags & FLAG_VENDOR) == 0 && vendorId != 0) {
      throw new IllegalArgumentException(
          "vendorId: " + Integer.toUnsignedString(vendorId) + " given without the V flag");
    }
    if (data == null) {
      throw new IllegalArgumentException("data: null");
    }
    int header = (flags & FLAG_VENDOR) != 0 ? VENDOR_HEADER_LENGTH : HEADER_LENGTH;
    if (data.length > MAX_LENGTH - header) {
      throw new IllegalArgumentException(
          "data: "
              + data.length
              + " bytes exceed the 24-bit AVP Length ("
              + (MAX_LENGTH - header)
              + " bytes of data at most)");
    }
  }

  /**
   * @param code the AVP code
   * @param value the text
   * @return a mandatory UTF8String (or DiameterIdentity) AVP
   */
  public static Avp utf8(int code, String value) {
    return new Avp(code, FLAG_MANDATORY, 0, value.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @param code the AVP code
   * @param value 0 to 4294967295
   * @return a mandatory Unsigned32 AVP
   */
  public static Avp unsigned32(int code, long value) {
    if (value < 0 || value > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(
          "AVP " + code + ": " + value + " is outside 0..4294967295 (Unsigned32)");
    }
    return new Avp(code, FLAG_MANDATORY, 0, ByteBuffer.allocate(4).putInt((int) value).array());
  }

  /**
   * @param code the AVP code
   * @param address an IPv4 or IPv6 address
   * @return a mandatory Address AVP (2-byte IANA address family, then the address)
   */
  public static Avp address(int code, InetAddress address) {
    byte[] raw = address.getAddress();
    int family = address instanceof Inet6Address ? 2 : 1;
    return new Avp(
        code,
        FLAG_MANDATORY,
        0,
        ByteBuffer.allocate(2 + raw.length).putShort((short) family).put(raw).array());
  }

  /**
   * @param code the AVP code
   * @param members the grouped AVPs
   * @return a mandatory Grouped AVP whose data is the members' encoding (each padded)
   */
  public static Avp grouped(int code, List<Avp> members) {
    return new Avp(code, FLAG_MANDATORY, 0, DiameterCodec.encodeAvps(members));
  }

  /**
   * @param vendor the Vendor-ID
   * @return this AVP with the V flag and that Vendor-ID
   */
  public Avp withVendor(int vendor) {
    return new Avp(code, flags | FLAG_VENDOR, vendor, data);
  }

  /**
   * @return whether the V flag is set
   */
  public boolean isVendorSpecific() {
    return (flags & FLAG_VENDOR) != 0;
  }

  /**
   * @return whether the M flag is set
   */
  public boolean isMandatory() {
    return (flags & FLAG_MANDATORY) != 0;
  }

  /**
   * @return the AVP Length field: header and data, without padding
   */
  public int length() {
    return (isVendorSpecific() ? VENDOR_HEADER_LENGTH : HEADER_LENGTH) + data.length;
  }

  /**
   * @return the bytes this AVP takes in a message, padding included
   */
  public int paddedLength() {
    return (length() + 3) & ~3;
  }

  /**
   * @return the data as UTF-8 text
   */
  public String utf8() {
    return new String(data, StandardCharsets.UTF_8);
  }

  /**
   * @return the data as an Unsigned32
   * @throws MalformedDiameterException when the data is not 4 bytes
   */
  public long unsigned32() {
    if (data.length != 4) {
      throw new MalformedDiameterException(
          "avp[" + code + "].data", 0, data.length + " bytes where an Unsigned32 has 4");
    }
    return Integer.toUnsignedLong(ByteBuffer.wrap(data).getInt());
  }

  /**
   * @return the data as an Address
   * @throws MalformedDiameterException for an unknown family or a wrong length
   */
  public InetAddress address() {
    ByteBuffer b = ByteBuffer.wrap(data);
    int family = data.length >= 2 ? b.getShort() & 0xFFFF : -1;
    int expected = family == 1 ? 4 : family == 2 ? 16 : -1;
    if (expected < 0 || data.length != 2 + expected) {
      throw new MalformedDiameterException(
          "avp[" + code + "].data",
          0,
          "not an IPv4 (family 1, 6 bytes) or IPv6 "
              + "(family 2, 18 bytes) Address: family "
              + family
              + ", "
              + data.length
              + " bytes");
    }
    try {
      return InetAddress.getByAddress(Arrays.copyOfRange(data, 2, data.length));
    } catch (UnknownHostException e) {
      throw new AssertionError("a 4- or 16-byte address is always valid", e);
    }
  }

  /**
   * @return the data decoded as the members of a Grouped AVP
   * @throws MalformedDiameterException naming the member field that is wrong
   */
  public List<Avp> grouped() {
    return DiameterCodec.decodeAvps(data, "avp[" + code + "].");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Avp other
        && code == other.code
        && flags == other.flags
        && vendorId == other.vendorId
        && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * code + flags) + vendorId) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Avp("
        + code
        + (isVendorSpecific() ? ", vendor " + Integer.toUnsignedString(vendorId) : "")
        + (isMandatory() ? ", M" : "")
        + ", "
        + HexFormat.of().formatHex(data)
        + ")";
  }
}
