package io.reactorsctp.channel;

/**
 * PR-SCTP abandonment counters of one association, all policies together (RFC 7496 {@code SCTP_PR_ASSOC_STATUS}).
 *
 * @param abandonedUnsent messages abandoned before their first transmission (each also reported by a
 *     {@link SctpNotification.SendFailed} with {@code sent == false})
 * @param abandonedSent messages abandoned after being sent at least once (skipped with FORWARD-TSN)
 */
public record SctpPrStatus(long abandonedUnsent, long abandonedSent) {}
