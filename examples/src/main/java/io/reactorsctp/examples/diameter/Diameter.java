package io.reactorsctp.examples.diameter;

/** The RFC 6733 numbers this example uses: SCTP ppid, command codes, AVP codes, result codes. */
public final class Diameter {

  /** SCTP payload protocol identifier of Diameter (IANA; RFC 6733 §2.1). */
  public static final int PPID = 46;

  /**
   * SCTP ppid 0, "unspecified" (RFC 9260 §3.3.1): what some Diameter stacks (freeDiameter) send;
   * the example accepts it as well as {@link #PPID} and counts it.
   */
  public static final int UNSPECIFIED_PPID = 0;

  /** The registered Diameter port, for SCTP and TCP. */
  public static final int PORT = 3868;

  /** Stream carrying the base protocol's messages (CER/CEA, DWR/DWA, DPR/DPA) in this example. */
  public static final int BASE_STREAM = 0;

  /** Capabilities-Exchange-Request/Answer. */
  public static final int CAPABILITIES_EXCHANGE = 257;

  /** Device-Watchdog-Request/Answer. */
  public static final int DEVICE_WATCHDOG = 280;

  /** Disconnect-Peer-Request/Answer. */
  public static final int DISCONNECT_PEER = 282;

  /**
   * The command of this example's echo application: 16,777,214 is one of the two command codes RFC
   * 6733 §11.2.1 leaves for experimental use.
   */
  public static final int EXPERIMENTAL_ECHO = 16_777_214;

  /** Application-Id of the base protocol's common messages. */
  public static final int COMMON_MESSAGES = 0;

  /**
   * Application-Id this example's echo application advertises and uses. Not IANA-assigned: a real
   * application uses its registered id.
   */
  public static final int ECHO_APPLICATION = 16_777_214;

  /**
   * The relay application (RFC 6733 §2.4, 0xFFFFFFFF): a node advertising it has every application
   * in common with any peer.
   */
  public static final int RELAY_APPLICATION = 0xFFFF_FFFF;

  /** Host-IP-Address (Address). */
  public static final int HOST_IP_ADDRESS = 257;

  /** Auth-Application-Id (Unsigned32). */
  public static final int AUTH_APPLICATION_ID = 258;

  /** Acct-Application-Id (Unsigned32). */
  public static final int ACCT_APPLICATION_ID = 259;

  /** Vendor-Specific-Application-Id (Grouped). */
  public static final int VENDOR_SPECIFIC_APPLICATION_ID = 260;

  /** Session-Id (UTF8String). */
  public static final int SESSION_ID = 263;

  /** Origin-Host (DiameterIdentity). */
  public static final int ORIGIN_HOST = 264;

  /** Vendor-Id (Unsigned32). */
  public static final int VENDOR_ID = 266;

  /** Result-Code (Unsigned32). */
  public static final int RESULT_CODE = 268;

  /** Product-Name (UTF8String). */
  public static final int PRODUCT_NAME = 269;

  /** Disconnect-Cause (Enumerated). */
  public static final int DISCONNECT_CAUSE = 273;

  /** Origin-State-Id (Unsigned32). */
  public static final int ORIGIN_STATE_ID = 278;

  /** Failed-AVP (Grouped). */
  public static final int FAILED_AVP = 279;

  /** Error-Message (UTF8String). */
  public static final int ERROR_MESSAGE = 281;

  /** Origin-Realm (DiameterIdentity). */
  public static final int ORIGIN_REALM = 296;

  /** Destination-Realm (DiameterIdentity): where a relay routes a request. */
  public static final int DESTINATION_REALM = 283;

  /** Destination-Host (DiameterIdentity): the node a relay delivers a request to. */
  public static final int DESTINATION_HOST = 293;

  /** Route-Record (DiameterIdentity): each relay a request passed through adds one. */
  public static final int ROUTE_RECORD = 282;

  /** DIAMETER_SUCCESS. */
  public static final long SUCCESS = 2001;

  /** DIAMETER_COMMAND_UNSUPPORTED (protocol error: the answer has the E bit). */
  public static final long COMMAND_UNSUPPORTED = 3001;

  /** DIAMETER_UNKNOWN_PEER (protocol error): a message before the capabilities exchange. */
  public static final long UNKNOWN_PEER = 3010;

  /** DIAMETER_MISSING_AVP (permanent failure), with a Failed-AVP naming the missing AVP. */
  public static final long MISSING_AVP = 5005;

  /** DIAMETER_NO_COMMON_APPLICATION (permanent failure). */
  public static final long NO_COMMON_APPLICATION = 5010;

  /** Disconnect-Cause REBOOTING. */
  public static final int REBOOTING = 0;

  /** Disconnect-Cause DO_NOT_WANT_TO_TALK_TO_YOU. */
  public static final int DO_NOT_WANT_TO_TALK_TO_YOU = 2;

  /**
   * @param commandCode a command code
   * @param request whether the request or the answer is meant
   * @return the command's abbreviation, e.g. CER or DWA, or the number
   */
  public static String commandName(int commandCode, boolean request) {
    String base =
        switch (commandCode) {
          case CAPABILITIES_EXCHANGE -> "CE";
          case DEVICE_WATCHDOG -> "DW";
          case DISCONNECT_PEER -> "DP";
          case EXPERIMENTAL_ECHO -> "ECHO-";
          default -> null;
        };
    return base == null
        ? "command " + commandCode + (request ? " request" : " answer")
        : base + (request ? "R" : "A");
  }

  private Diameter() {}
}
