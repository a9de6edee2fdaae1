package io.reactorsctp.examples.m3ua;

/**
 * Bytes that are not a valid M3UA message (RFC 4666 §3.1, §3.2). Names the offending field, its
 * byte offset in the message, and what was wrong with it.
 */
public final class MalformedM3uaException extends RuntimeException {

  private final String field;
  private final int offset;

  /**
   * @param field the field that is wrong, e.g. {@code "messageLength"} or {@code
   *     "parameter[0x0210].length"}
   * @param offset the field's byte offset from the start of the message
   * @param detail what is wrong, with the value and the limit
   */
  public MalformedM3uaException(String field, int offset, String detail) {
    super(field + " at offset " + offset + ": " + detail);
    this.field = field;
    this.offset = offset;
  }

  /**
   * @return the offending field
   */
  public String field() {
    return field;
  }

  /**
   * @return the field's byte offset from the start of the message
   */
  public int offset() {
    return offset;
  }
}
