package io.reactorsctp.channel;

import java.io.IOException;

/**
 * A stream reconfiguration request (RFC 6525) that was not performed: the kernel refused to send
 * it, the peer denied it or failed to perform it, or the association ended first. The association
 * stays up in every case but the last.
 */
public class SctpReconfigurationException extends IOException {

  /** What became of the request. */
  public enum Outcome {
    /**
     * Not negotiated: RECONFIG needs {@link SctpChannelOptions#SCTP_RECONFIG_SUPPORTED} on both
     * ends before the association is set up, and the request enabled on this end ({@link
     * SctpChannelOptions#SCTP_ENABLE_STREAM_RESET}); Linux answers ENOPROTOOPT.
     */
    NOT_NEGOTIATED,
    /** A request of this association is still awaiting the peer's answer (EINPROGRESS). */
    IN_PROGRESS,
    /** The streams still have data queued in the kernel (EAGAIN): retry once it is sent. */
    DATA_QUEUED,
    /** The peer denied it (it has not enabled that request: {@code *_DENIED}). */
    DENIED,
    /** The peer could not perform it ({@code *_FAILED}, e.g. a stream it does not have). */
    FAILED,
    /** The association or channel ended before the peer answered. */
    ENDED
  }

  private final SctpReconfigRequest request;
  private final Outcome outcome;
  private final String field;

  /**
   * Creates the exception.
   *
   * @param request the request
   * @param outcome what became of it
   * @param field the option or parameter that explains it
   * @param message the details
   */
  public SctpReconfigurationException(
      SctpReconfigRequest request, Outcome outcome, String field, String message) {
    super(request + " " + outcome + " (" + field + "): " + message);
    this.request = request;
    this.outcome = outcome;
    this.field = field;
  }

  /** {@return the request that was not performed} */
  public SctpReconfigRequest request() {
    return request;
  }

  /** {@return what became of it} */
  public Outcome outcome() {
    return outcome;
  }

  /** {@return the option or parameter that explains the outcome} */
  public String field() {
    return field;
  }
}
