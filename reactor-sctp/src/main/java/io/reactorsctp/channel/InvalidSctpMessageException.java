package io.reactorsctp.channel;

/**
 * An outbound message, or an option, holds a value outside what SCTP or this kernel allows. Names
 * the field, the value given and the limit, so the caller can fix the one thing that is wrong.
 */
public class InvalidSctpMessageException extends IllegalArgumentException {

  /** The offending field. */
  private final String field;

  /**
   * Creates the exception.
   *
   * @param field the name of the offending field, as the builder or option calls it
   * @param message what was given and what is allowed
   */
  public InvalidSctpMessageException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  /** {@return the name of the offending field} */
  public String field() {
    return field;
  }
}
