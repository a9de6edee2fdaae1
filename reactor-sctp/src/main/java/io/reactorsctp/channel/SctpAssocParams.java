package io.reactorsctp.channel;

/**
 * Association parameters ({@code struct sctp_assocparams}, RFC 6458 §8.1.2); 0 leaves a value
 * unchanged.
 *
 * @param maxRetransmissions retransmissions, over all paths, before the association is declared
 *     lost
 * @param cookieLifeMillis lifetime of the state cookie this end hands out
 */
public record SctpAssocParams(int maxRetransmissions, int cookieLifeMillis) {
  /** Checks ranges, naming the field. */
  public SctpAssocParams {
    if (maxRetransmissions < 0 || maxRetransmissions > 0xFFFF) {
      throw new InvalidSctpMessageException(
          "maxRetransmissions", maxRetransmissions + " is outside 0..65535");
    }
    SctpRtoInfo.requireNonNegative("cookieLifeMillis", cookieLifeMillis);
  }
}
