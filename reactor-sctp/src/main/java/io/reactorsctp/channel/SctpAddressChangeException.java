package io.reactorsctp.channel;

/**
 * A dynamic address change (ASCONF, RFC 5061) that the peer would not learn of, or that the kernel
 * refused: adding or removing a local address on a live association, or asking the peer to use one
 * as its primary. Names the option or parameter that explains it; the association stays up.
 */
public class SctpAddressChangeException extends IllegalStateException {

  /** Why the change was not made. */
  public enum Reason {
    /**
     * ASCONF is off on this endpoint ({@link SctpChannelOptions#SCTP_ASCONF_SUPPORTED}): the
     * associations would not learn of the address.
     */
    NOT_ENABLED,
    /**
     * The association did not negotiate ASCONF: both ends need it on, with SCTP-AUTH, before the
     * association is set up (Linux answers EPERM to set-peer-primary, and adds or removes the
     * address locally without telling the peer, which the library undoes).
     */
    NOT_NEGOTIATED,
    /** The address is the association's or socket's last one (Linux: EBUSY). */
    LAST_ADDRESS,
    /** The address is not one of the association's local addresses (Linux: EADDRNOTAVAIL). */
    NOT_AN_ASSOCIATION_ADDRESS,
    /** The association is not established (yet or any more; Linux: ENOTCONN or EINVAL). */
    NOT_ESTABLISHED
  }

  private final Reason reason;
  private final String field;

  /**
   * Creates the exception.
   *
   * @param reason why the change was not made
   * @param field the option or parameter that explains it
   * @param message the details
   * @param cause the kernel's refusal, or null
   */
  public SctpAddressChangeException(Reason reason, String field, String message, Throwable cause) {
    super(reason + " (" + field + "): " + message, cause);
    this.reason = reason;
    this.field = field;
  }

  /** {@return why the change was not made} */
  public Reason reason() {
    return reason;
  }

  /** {@return the option or parameter that explains it} */
  public String field() {
    return field;
  }
}
