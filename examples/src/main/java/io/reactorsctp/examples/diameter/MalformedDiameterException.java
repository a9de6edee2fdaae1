package io.reactorsctp.examples.diameter;

/**
 * Bytes that are not a valid Diameter message (RFC 6733 §3, §4). Names the offending field, the
 * byte offset where it starts within the decoded buffer, and what was wrong with it.
 */
public final class MalformedDiameterException extends RuntimeException {

  private final String field;
  private final int offset;

  /**
   * @param field the field that is wrong, e.g. {@code "messageLength"} or {@code
   *     "avp[264].avpLength"}
   * @param offset the field's byte offset from the start of the message
   * @param detail what is wrong, with the value and the limit
   */
  public MalformedDiameterException(String field, int offset, String detail) {
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
