package io.reactorsctp.channel;

/**
 * Association set-up parameters ({@code struct sctp_initmsg}, RFC 6458 §8.1.3); 0 keeps the kernel
 * default.
 *
 * @param outboundStreams streams this end asks to send on (1..65535, or 0)
 * @param maxInboundStreams most streams this end accepts from the peer (1..65535, or 0)
 * @param maxAttempts INIT retransmissions before giving up
 * @param maxInitTimeoutMillis largest INIT retransmission timeout
 */
public record SctpInitMsg(
    int outboundStreams, int maxInboundStreams, int maxAttempts, int maxInitTimeoutMillis) {
  /** Checks ranges, naming the field. */
  public SctpInitMsg {
    if (outboundStreams < 0 || outboundStreams > 0xFFFF) {
      throw new InvalidSctpMessageException(
          "outboundStreams", outboundStreams + " is outside 0..65535");
    }
    if (maxInboundStreams < 0 || maxInboundStreams > 0xFFFF) {
      throw new InvalidSctpMessageException(
          "maxInboundStreams", maxInboundStreams + " is outside 0..65535");
    }
    if (maxAttempts < 0 || maxAttempts > 0xFFFF) {
      throw new InvalidSctpMessageException("maxAttempts", maxAttempts + " is outside 0..65535");
    }
    if (maxInitTimeoutMillis < 0 || maxInitTimeoutMillis > 0xFFFF) {
      throw new InvalidSctpMessageException(
          "maxInitTimeoutMillis", maxInitTimeoutMillis + " is outside 0..65535");
    }
  }
}
