package io.reactorsctp.channel;

/**
 * Partial-reliability policy of one outbound message (RFC 3758 PR-SCTP, RFC 6458 §5.3.7 {@code
 * SCTP_PRINFO}, FreeBSD {@code sctp_send(3)} {@code SCTP_PR_SCTP_*}).
 */
public enum SctpPrPolicy {
  /** Fully reliable: the value must be 0. */
  NONE,
  /**
   * Timed reliability: the value is the lifetime in milliseconds after which an unsent message is
   * abandoned.
   */
  TTL,
  /** Limited retransmissions: the value is how many times the message may be retransmitted. */
  RTX,
  /**
   * Linux priority policy: when the send buffer is full, queued messages of lower priority (a
   * higher value) are abandoned to make room for this one. The value is the priority.
   */
  PRIO,
  /**
   * FreeBSD's buffer-limited policy. Linux has no equivalent: a message with this policy is refused
   * with {@link InvalidSctpMessageException}.
   */
  BUF
}
