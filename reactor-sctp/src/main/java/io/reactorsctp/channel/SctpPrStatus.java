package io.reactorsctp.channel;

/**
 * PR-SCTP abandonment counters of one association, all policies together (RFC 7496 {@code
 * SCTP_PR_ASSOC_STATUS}).
 *
 * @param abandonedUnsent messages abandoned before their first transmission: by TTL or RTX each is
 *     also reported by a {@link SctpNotification.SendFailed} with {@code sent == false}; Linux 6.1
 *     frees those a PRIO message pushed out without any report, so this count is the only trace of
 *     them
 * @param abandonedSent messages abandoned after being sent at least once (skipped with FORWARD-TSN)
 */
public record SctpPrStatus(long abandonedUnsent, long abandonedSent) {}
