package io.reactorsctp.channel;

/**
 * Default path parameters of the association ({@code struct sctp_paddrparams} with a wildcard
 * address, RFC 6458 §8.1.12); 0 leaves a value unchanged.
 *
 * @param heartbeatIntervalMillis interval between heartbeats on an idle path
 * @param heartbeatEnabled whether heartbeats are sent
 * @param pathMaxRetransmissions retransmissions before a path is considered unreachable
 */
public record SctpPeerAddrParams(
    int heartbeatIntervalMillis, boolean heartbeatEnabled, int pathMaxRetransmissions) {
  /** Checks ranges, naming the field. */
  public SctpPeerAddrParams {
    SctpRtoInfo.requireNonNegative("heartbeatIntervalMillis", heartbeatIntervalMillis);
    if (pathMaxRetransmissions < 0 || pathMaxRetransmissions > 0xFFFF) {
      throw new InvalidSctpMessageException(
          "pathMaxRetransmissions", pathMaxRetransmissions + " is outside 0..65535");
    }
  }
}
