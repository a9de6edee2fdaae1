package io.reactorsctp.examples.diameter;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One Diameter message (RFC 6733 §3): the header fields and the top-level AVPs. The Version is
 * always 1 and the Message Length follows from the AVPs, so neither is stored.
 *
 * @param flags command flags: {@link #FLAG_REQUEST}, {@link #FLAG_PROXIABLE}, {@link #FLAG_ERROR},
 *     {@link #FLAG_RETRANSMITTED}; the four reserved bits must be 0
 * @param commandCode the 24-bit command code
 * @param applicationId the Application-ID
 * @param hopByHop the Hop-by-Hop Identifier, which matches an answer to its request on one
 *     connection
 * @param endToEnd the End-to-End Identifier, which detects duplicates
 * @param avps the top-level AVPs in order
 */
public record DiameterMessage(
    int flags, int commandCode, int applicationId, int hopByHop, int endToEnd, List<Avp> avps) {

  /** R bit: a request. */
  public static final int FLAG_REQUEST = 0x80;

  /** P bit: may be proxied, relayed or redirected. */
  public static final int FLAG_PROXIABLE = 0x40;

  /** E bit: an answer carrying a protocol error. */
  public static final int FLAG_ERROR = 0x20;

  /** T bit: a possibly retransmitted request. */
  public static final int FLAG_RETRANSMITTED = 0x10;

  /** Bytes of the header. */
  public static final int HEADER_LENGTH = 20;

  /** Largest command code (24 bits). */
  public static final int MAX_COMMAND_CODE = 0xFF_FFFF;

  /** Checks what the wire format cannot carry. */
  public DiameterMessage {
    if ((flags & 0x0F) != 0 || flags < 0 || flags > 0xFF) {
      throw new IllegalArgumentException(
          "flags: 0x"
              + Integer.toHexString(flags)
              + " sets bits other than R 0x80, P 0x40, E 0x20, T 0x10");
    }
    if (commandCode < 0 || commandCode > MAX_COMMAND_CODE) {
      throw new IllegalArgumentException(
          "commandCode: " + commandCode + " is outside 0.." + MAX_COMMAND_CODE);
    }
    if ((flags & FLAG_REQUEST) != 0 && (flags & FLAG_ERROR) != 0) {
      throw new IllegalArgumentException(
          "flags: E (error) is only for answers, and R (request) is set");
    }
    avps = List.copyOf(avps);
  }

  /**
   * @param commandCode the command
   * @param applicationId the application
   * @param avps the AVPs
   * @return a proxiable request whose identifiers are still 0 (the sender assigns them)
   */
  public static DiameterMessage request(int commandCode, int applicationId, List<Avp> avps) {
    return new DiameterMessage(
        FLAG_REQUEST | FLAG_PROXIABLE, commandCode, applicationId, 0, 0, avps);
  }

  /**
   * @param commandCode the command
   * @param applicationId the application
   * @param avps the AVPs
   * @return a request the base protocol does not let be proxied (CER, DWR, DPR)
   */
  public static DiameterMessage localRequest(int commandCode, int applicationId, List<Avp> avps) {
    return new DiameterMessage(FLAG_REQUEST, commandCode, applicationId, 0, 0, avps);
  }

  /**
   * @param avps the answer's AVPs
   * @return the answer to this request: same command, application and identifiers, P bit kept, R
   *     bit cleared
   */
  public DiameterMessage answer(List<Avp> avps) {
    return new DiameterMessage(
        flags & FLAG_PROXIABLE, commandCode, applicationId, hopByHop, endToEnd, avps);
  }

  /**
   * @param avps the answer's AVPs (Result-Code among them)
   * @return the answer to this request with the E bit set, for a protocol error (3xxx result codes)
   */
  public DiameterMessage errorAnswer(List<Avp> avps) {
    return new DiameterMessage(
        (flags & FLAG_PROXIABLE) | FLAG_ERROR,
        commandCode,
        applicationId,
        hopByHop,
        endToEnd,
        avps);
  }

  /**
   * @param hopByHopId the Hop-by-Hop Identifier
   * @param endToEndId the End-to-End Identifier
   * @return this message with these identifiers
   */
  public DiameterMessage withIdentifiers(int hopByHopId, int endToEndId) {
    return new DiameterMessage(flags, commandCode, applicationId, hopByHopId, endToEndId, avps);
  }

  /**
   * @param more AVPs to append
   * @return this message with them appended
   */
  public DiameterMessage withAvps(List<Avp> more) {
    List<Avp> all = new ArrayList<>(avps);
    all.addAll(more);
    return new DiameterMessage(flags, commandCode, applicationId, hopByHop, endToEnd, all);
  }

  /**
   * @return whether the R bit is set
   */
  public boolean isRequest() {
    return (flags & FLAG_REQUEST) != 0;
  }

  /**
   * @return whether the E bit is set
   */
  public boolean isError() {
    return (flags & FLAG_ERROR) != 0;
  }

  /**
   * @param code an AVP code
   * @return the first top-level AVP with that code (vendor-less), if any
   */
  public Optional<Avp> avp(int code) {
    return avps.stream().filter(a -> a.code() == code && !a.isVendorSpecific()).findFirst();
  }

  /**
   * @return the Result-Code, or empty when there is none
   */
  public Optional<Long> resultCode() {
    return avp(Diameter.RESULT_CODE).map(Avp::unsigned32);
  }

  /**
   * @return the command's name: CER, CEA, DWR, …
   */
  public String name() {
    return Diameter.commandName(commandCode, isRequest());
  }

  @Override
  public String toString() {
    return name()
        + "(app "
        + Integer.toUnsignedString(applicationId)
        + ", hop-by-hop 0x"
        + Integer.toHexString(hopByHop)
        + ", end-to-end 0x"
        + Integer.toHexString(endToEnd)
        + (isError() ? ", E" : "")
        + ", "
        + avps.size()
        + " AVPs)";
  }
}
