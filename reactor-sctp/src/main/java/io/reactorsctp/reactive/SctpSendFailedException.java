package io.reactorsctp.reactive;

import io.reactorsctp.channel.SctpNotification;

/** The kernel's report that a message was not delivered ({@code SCTP_SEND_FAILED_EVENT}). */
public final class SctpSendFailedException extends RuntimeException {
  private final transient SctpNotification.SendFailed report;

  SctpSendFailedException(SctpNotification.SendFailed report, String what) {
    super(
        what
            + " (stream "
            + report.streamId()
            + ", ppid "
            + Integer.toUnsignedString(report.ppid())
            + (report.sent() ? ", sent at least once" : ", never sent")
            + ", error "
            + report.error()
            + ")",
        null,
        false,
        false);
    this.report = report;
  }

  /** {@return the kernel's notification} */
  public SctpNotification.SendFailed report() {
    return report;
  }
}
