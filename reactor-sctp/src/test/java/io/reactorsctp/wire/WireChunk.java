package io.reactorsctp.wire;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * One SCTP chunk as tshark dissected it, with the packet that carried it. {@link #fields} holds
 * every field of the chunk under Wireshark's own names ({@code sctp.data_tsn}, {@code
 * sctp.cause_code}, …) as tshark shows them, in the order they appear; {@link #rawFields} the same
 * fields' bytes in hex.
 *
 * @param frame the packet's number in the capture (from 1)
 * @param time seconds since the capture's first packet
 * @param source the IP source address, as tshark prints it
 * @param destination the IP destination address
 * @param sourcePort the SCTP source port
 * @param destinationPort the SCTP destination port
 * @param verificationTag the common header's verification tag
 * @param type the chunk type (RFC 9260 §3.2; constants below)
 * @param flags the chunk flags byte
 * @param fields every field of the chunk, by Wireshark name, as shown
 * @param rawFields every field of the chunk, by Wireshark name, as bytes in hex
 */
public record WireChunk(
    int frame,
    double time,
    String source,
    String destination,
    int sourcePort,
    int destinationPort,
    long verificationTag,
    int type,
    int flags,
    Map<String, List<String>> fields,
    Map<String, List<String>> rawFields) {

  public static final int DATA = 0;
  public static final int INIT = 1;
  public static final int INIT_ACK = 2;
  public static final int SACK = 3;
  public static final int HEARTBEAT = 4;
  public static final int ABORT = 6;
  public static final int SHUTDOWN = 7;
  public static final int SHUTDOWN_ACK = 8;
  public static final int COOKIE_ECHO = 10;
  public static final int SHUTDOWN_COMPLETE = 14;
  public static final int FORWARD_TSN = 192;

  /** RFC 9260 §3.3.10.12: User-Initiated Abort. */
  public static final int CAUSE_USER_INITIATED_ABORT = 12;

  /** {@return the first value of a field as tshark shows it, or null when the chunk has none} */
  public String field(String name) {
    List<String> all = fields.get(name);
    return all == null || all.isEmpty() ? null : all.getFirst();
  }

  /** {@return every value of a field, in order (empty when none)} */
  public List<String> all(String name) {
    return fields.getOrDefault(name, List.of());
  }

  /** {@return a numeric field (decimal, or hex with 0x); fails the test when the chunk lacks it} */
  public long number(String name) {
    String v = field(name);
    if (v == null) {
      throw new AssertionError("chunk " + this + " has no field " + name);
    }
    return v.startsWith("0x") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v);
  }

  /** {@return a field's bytes; fails the test when the chunk lacks it} */
  public byte[] bytes(String name) {
    List<String> all = rawFields.get(name);
    if (all == null || all.isEmpty()) {
      throw new AssertionError("chunk " + this + " has no field " + name);
    }
    return HexFormat.of().parseHex(all.getFirst());
  }

  /**
   * {@return the TSN of a DATA chunk, as sent} ({@code sctp.data_tsn} is relative to the first TSN
   * tshark saw, by its default preference, while FORWARD-TSN's {@code sctp.forward_tsn_tsn} is as
   * sent)
   */
  public long tsn() {
    return number("sctp.data_tsn_raw");
  }

  /** {@return the stream of a DATA chunk} */
  public int stream() {
    return (int) number("sctp.data_sid");
  }

  /** {@return the stream sequence number of a DATA chunk} */
  public int ssn() {
    return (int) number("sctp.data_ssn");
  }

  /** {@return the payload protocol identifier of a DATA chunk, as the number on the wire} */
  public long ppid() {
    return number("sctp.data_payload_proto_id");
  }

  /** {@return the U (unordered) bit of a DATA chunk} */
  public boolean unordered() {
    return (flags & 0x04) != 0;
  }

  /** {@return the B (beginning fragment) bit of a DATA chunk} */
  public boolean beginning() {
    return (flags & 0x02) != 0;
  }

  /** {@return the E (ending fragment) bit of a DATA chunk} */
  public boolean ending() {
    return (flags & 0x01) != 0;
  }

  /** {@return the I (SACK immediately, RFC 7053) bit of a DATA chunk} */
  public boolean sackImmediately() {
    return (flags & 0x08) != 0;
  }

  @Override
  public String toString() {
    return "frame "
        + frame
        + " "
        + source
        + ":"
        + sourcePort
        + " > "
        + destination
        + ":"
        + destinationPort
        + " chunk "
        + type
        + " flags 0x"
        + Integer.toHexString(flags)
        + " "
        + fields.keySet();
  }
}
