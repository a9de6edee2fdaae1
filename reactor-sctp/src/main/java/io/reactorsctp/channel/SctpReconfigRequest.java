package io.reactorsctp.channel;

/**
 * The stream reconfiguration requests of RFC 6525 an endpoint accepts from its peer and may send
 * itself: the values of {@link SctpChannelOptions#SCTP_ENABLE_STREAM_RESET}. Linux refuses to send
 * a request this end has not enabled (ENOPROTOOPT) and denies a peer's request it has not enabled.
 */
public enum SctpReconfigRequest {
  /**
   * Reset streams' sequence numbers, outgoing or incoming ({@code SCTP_ENABLE_RESET_STREAM_REQ}).
   */
  RESET_STREAMS,
  /** Reset the association's TSNs and every stream ({@code SCTP_ENABLE_RESET_ASSOC_REQ}). */
  RESET_ASSOCIATION,
  /** Add streams, outgoing or incoming ({@code SCTP_ENABLE_CHANGE_ASSOC_REQ}). */
  ADD_STREAMS
}
