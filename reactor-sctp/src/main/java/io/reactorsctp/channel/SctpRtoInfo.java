package io.reactorsctp.channel;

/**
 * Retransmission timeout bounds ({@code struct sctp_rtoinfo}, RFC 6458 §8.1.1); 0 leaves a value
 * unchanged.
 *
 * @param initialMillis RTO.Initial
 * @param maxMillis RTO.Max
 * @param minMillis RTO.Min
 */
public record SctpRtoInfo(int initialMillis, int maxMillis, int minMillis) {
  /** Rejects negative values, naming the field. */
  public SctpRtoInfo {
    requireNonNegative("initialMillis", initialMillis);
    requireNonNegative("maxMillis", maxMillis);
    requireNonNegative("minMillis", minMillis);
    if (minMillis != 0 && maxMillis != 0 && minMillis > maxMillis) {
      throw new InvalidSctpMessageException(
          "minMillis", minMillis + " exceeds maxMillis " + maxMillis);
    }
  }

  static void requireNonNegative(String field, int value) {
    if (value < 0) {
      throw new InvalidSctpMessageException(field, value + " is negative");
    }
  }
}
