package io.reactorsctp.examples.m3ua;

/**
 * The RFC 4666 numbers this example uses: SCTP ppid and port, message classes and types, parameter
 * tags.
 */
public final class M3ua {

  /** SCTP payload protocol identifier of M3UA (IANA). */
  public static final int PPID = 3;

  /** The registered M3UA port. */
  public static final int PORT = 2905;

  /**
   * Stream of ASPSM, ASPTM and management messages here. RFC 4666 §1.4.7: DATA must not use stream
   * 0; ASPSM, MGMT and RKM should use it; ASPTM, SSNM, BEAT and NTFY may use any stream.
   */
  public static final int MANAGEMENT_STREAM = 0;

  /** Management (MGMT) messages: ERR, NTFY. */
  public static final int CLASS_MGMT = 0;

  /** Transfer messages: DATA. */
  public static final int CLASS_TRANSFER = 1;

  /** SS7 Signalling Network Management (SSNM) messages: DUNA, DAVA, … */
  public static final int CLASS_SSNM = 2;

  /** ASP State Maintenance (ASPSM) messages: ASPUP, ASPDN, BEAT and their ACKs. */
  public static final int CLASS_ASPSM = 3;

  /** ASP Traffic Maintenance (ASPTM) messages: ASPAC, ASPIA and their ACKs. */
  public static final int CLASS_ASPTM = 4;

  /** MGMT: Error. */
  public static final int ERR = 0;

  /** MGMT: Notify. */
  public static final int NTFY = 1;

  /** Transfer: Payload Data. */
  public static final int DATA = 1;

  /** ASPSM: ASP Up. */
  public static final int ASPUP = 1;

  /** ASPSM: ASP Down. */
  public static final int ASPDN = 2;

  /** ASPSM: Heartbeat. */
  public static final int BEAT = 3;

  /** ASPSM: ASP Up Acknowledgement. */
  public static final int ASPUP_ACK = 4;

  /** ASPSM: ASP Down Acknowledgement. */
  public static final int ASPDN_ACK = 5;

  /** ASPSM: Heartbeat Acknowledgement. */
  public static final int BEAT_ACK = 6;

  /** ASPTM: ASP Active. */
  public static final int ASPAC = 1;

  /** ASPTM: ASP Inactive. */
  public static final int ASPIA = 2;

  /** ASPTM: ASP Active Acknowledgement. */
  public static final int ASPAC_ACK = 3;

  /** ASPTM: ASP Inactive Acknowledgement. */
  public static final int ASPIA_ACK = 4;

  /** Info String (text). */
  public static final int TAG_INFO_STRING = 0x0004;

  /** Routing Context (one or more 32-bit values). */
  public static final int TAG_ROUTING_CONTEXT = 0x0006;

  /** Heartbeat Data (opaque, echoed in BEAT ACK). */
  public static final int TAG_HEARTBEAT_DATA = 0x0009;

  /** Traffic Mode Type (1 override, 2 loadshare, 3 broadcast). */
  public static final int TAG_TRAFFIC_MODE_TYPE = 0x000b;

  /** Error Code. */
  public static final int TAG_ERROR_CODE = 0x000c;

  /** Status (type and information, in NTFY). */
  public static final int TAG_STATUS = 0x000d;

  /** ASP Identifier. */
  public static final int TAG_ASP_IDENTIFIER = 0x0011;

  /** Protocol Data (OPC, DPC, SI, NI, MP, SLS and the user part's bytes). */
  public static final int TAG_PROTOCOL_DATA = 0x0210;

  /** Traffic Mode Type override. */
  public static final int TRAFFIC_MODE_OVERRIDE = 1;

  /** Traffic Mode Type loadshare. */
  public static final int TRAFFIC_MODE_LOADSHARE = 2;

  /** Error Code: Invalid Stream Identifier. */
  public static final int ERROR_INVALID_STREAM_IDENTIFIER = 0x09;

  /** Error Code: Invalid Routing Context. */
  public static final int ERROR_INVALID_ROUTING_CONTEXT = 0x19;

  /**
   * @param messageClass a message class
   * @param messageType a message type within it
   * @return the message's name as RFC 4666 writes it, or the numbers
   */
  public static String name(int messageClass, int messageType) {
    String name =
        switch (messageClass) {
          case CLASS_MGMT ->
              switch (messageType) {
                case ERR -> "ERR";
                case NTFY -> "NTFY";
                default -> null;
              };
          case CLASS_TRANSFER -> messageType == DATA ? "DATA" : null;
          case CLASS_SSNM ->
              switch (messageType) {
                case 1 -> "DUNA";
                case 2 -> "DAVA";
                case 3 -> "DAUD";
                case 4 -> "SCON";
                case 5 -> "DUPU";
                case 6 -> "DRST";
                default -> null;
              };
          case CLASS_ASPSM ->
              switch (messageType) {
                case ASPUP -> "ASPUP";
                case ASPDN -> "ASPDN";
                case BEAT -> "BEAT";
                case ASPUP_ACK -> "ASPUP-ACK";
                case ASPDN_ACK -> "ASPDN-ACK";
                case BEAT_ACK -> "BEAT-ACK";
                default -> null;
              };
          case CLASS_ASPTM ->
              switch (messageType) {
                case ASPAC -> "ASPAC";
                case ASPIA -> "ASPIA";
                case ASPAC_ACK -> "ASPAC-ACK";
                case ASPIA_ACK -> "ASPIA-ACK";
                default -> null;
              };
          default -> null;
        };
    return name != null ? name : "class " + messageClass + " type " + messageType;
  }

  private M3ua() {}
}
