package io.reactorsctp.reactive;

import io.reactorsctp.channel.SctpOutboundMessage;

/**
 * What became of one message sent with {@link SctpOutbound#sendWithReceipts}: every message gets
 * exactly one.
 *
 * @param index the message's position in the published sequence (0 for the first)
 * @param outcome what became of it
 * @param streamId its stream
 * @param ppid its payload protocol identifier
 * @param context the context it was built with
 * @param error why it failed or was abandoned: the local error, or {@link SctpSendFailedException}
 *     with the kernel's report; null when acknowledged
 */
public record SendResult(
    long index, Outcome outcome, int streamId, int ppid, int context, Throwable error) {

  /** The outcomes Linux can tell apart. */
  public enum Outcome {
    /**
     * The peer acknowledged it (SACK): the association's send queue drained after the kernel took
     * it.
     */
    ACKNOWLEDGED,
    /**
     * A PR-SCTP message whose association's queue drained with no report about it: Linux reports
     * only messages abandoned before their first transmission, so it was either acknowledged or
     * abandoned after being sent.
     */
    ACKNOWLEDGED_OR_ABANDONED,
    /**
     * Abandoned under its PR-SCTP policy, as the kernel reported ({@code SCTP_SEND_FAILED_EVENT}).
     */
    ABANDONED,
    /**
     * Not delivered: refused when written, or reported failed by the kernel (the association
     * ended).
     */
    FAILED,
    /**
     * The association closed before the kernel confirmed or reported the message (e.g. it was
     * closed locally, or its end was not read because nothing read the association): it may or may
     * not have reached the peer.
     */
    UNCONFIRMED
  }

  static SendResult of(
      long index, Outcome outcome, SctpOutboundMessage m, int userContext, Throwable error) {
    return new SendResult(index, outcome, m.streamId(), m.ppid(), userContext, error);
  }
}
