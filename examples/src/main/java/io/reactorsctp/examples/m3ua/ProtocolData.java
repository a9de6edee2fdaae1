package io.reactorsctp.examples.m3ua;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The Protocol Data parameter of a DATA message (RFC 4666 §3.3.1): the MTP3 routing label and the
 * user part's bytes.
 *
 * @param opc originating point code
 * @param dpc destination point code
 * @param serviceIndicator SI: the user part (3 is SCCP)
 * @param networkIndicator NI (0 international, 2 national)
 * @param messagePriority MP
 * @param signallingLinkSelection SLS
 * @param userData the user part's message; not copied
 */
public record ProtocolData(
    int opc,
    int dpc,
    int serviceIndicator,
    int networkIndicator,
    int messagePriority,
    int signallingLinkSelection,
    byte[] userData) {

  /** Checks the 8-bit fields. */
  public ProtocolData {
    for (int v :
        new int[] {serviceIndicator, networkIndicator, messagePriority, signallingLinkSelection}) {
      if (v < 0 || v > 0xFF) {
        throw new IllegalArgumentException(
            "SI, NI, MP and SLS are 8-bit fields: " + v + " is outside 0..255");
      }
    }
  }

  /**
   * @return this as a Protocol Data parameter
   */
  public M3uaParameter toParameter() {
    return new M3uaParameter(
        M3ua.TAG_PROTOCOL_DATA,
        ByteBuffer.allocate(12 + userData.length)
            .putInt(opc)
            .putInt(dpc)
            .put((byte) serviceIndicator)
            .put((byte) networkIndicator)
            .put((byte) messagePriority)
            .put((byte) signallingLinkSelection)
            .put(userData)
            .array());
  }

  /**
   * @param parameter a Protocol Data parameter
   * @return its fields
   * @throws MalformedM3uaException when it is shorter than the 12-byte routing label
   */
  public static ProtocolData of(M3uaParameter parameter) {
    byte[] v = parameter.value();
    if (v.length < 12) {
      throw new MalformedM3uaException(
          "parameter[0x0210].value",
          0,
          v.length + " bytes, fewer than the 12-byte routing label of Protocol Data");
    }
    ByteBuffer b = ByteBuffer.wrap(v);
    return new ProtocolData(
        b.getInt(),
        b.getInt(),
        b.get() & 0xFF,
        b.get() & 0xFF,
        b.get() & 0xFF,
        b.get() & 0xFF,
        Arrays.copyOfRange(v, 12, v.length));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProtocolData p
        && opc == p.opc
        && dpc == p.dpc
        && serviceIndicator == p.serviceIndicator
        && networkIndicator == p.networkIndicator
        && messagePriority == p.messagePriority
        && signallingLinkSelection == p.signallingLinkSelection
        && Arrays.equals(userData, p.userData);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * opc + dpc) + Arrays.hashCode(userData);
  }

  @Override
  public String toString() {
    return "ProtocolData(opc "
        + opc
        + ", dpc "
        + dpc
        + ", si "
        + serviceIndicator
        + ", ni "
        + networkIndicator
        + ", mp "
        + messagePriority
        + ", sls "
        + signallingLinkSelection
        + ", "
        + HexFormat.of().formatHex(userData)
        + ")";
  }
}
