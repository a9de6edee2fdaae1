package io.reactorsctp.channel;

/**
 * An association was aborted because the server or endpoint already had its maximum number of
 * associations.
 */
public final class SctpAssociationLimitException extends RuntimeException {

  /** The association's kernel id. */
  private final int limit;

  SctpAssociationLimitException(int limit, Object association) {
    super("association " + association + " aborted: MAX_ASSOCIATIONS (" + limit + ") reached");
    this.limit = limit;
  }

  /** {@return the limit that was reached} */
  public int limit() {
    return limit;
  }
}
