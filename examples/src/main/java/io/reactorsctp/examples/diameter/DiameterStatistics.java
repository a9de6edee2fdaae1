package io.reactorsctp.examples.diameter;

import java.util.concurrent.atomic.AtomicLong;

/** What a Diameter node has seen so far, over all its associations. */
public final class DiameterStatistics {
  final AtomicLong capabilitiesExchanges = new AtomicLong();
  final AtomicLong watchdogRequests = new AtomicLong();
  final AtomicLong disconnectRequests = new AtomicLong();
  final AtomicLong echoRequests = new AtomicLong();
  final AtomicLong failures = new AtomicLong();
  final AtomicLong unspecifiedPpidMessages = new AtomicLong();

  /**
   * @return successful CER/CEA exchanges answered
   */
  public long capabilitiesExchanges() {
    return capabilitiesExchanges.get();
  }

  /**
   * @return DWRs answered
   */
  public long watchdogRequests() {
    return watchdogRequests.get();
  }

  /**
   * @return DPRs answered
   */
  public long disconnectRequests() {
    return disconnectRequests.get();
  }

  /**
   * @return echo application requests answered
   */
  public long echoRequests() {
    return echoRequests.get();
  }

  /**
   * @return failures reported: malformed or unexpected messages, failed sends, refused CERs
   */
  public long failures() {
    return failures.get();
  }

  /**
   * @return messages received with SCTP ppid 0 (unspecified) rather than 46, accepted as Diameter
   */
  public long unspecifiedPpidMessages() {
    return unspecifiedPpidMessages.get();
  }

  @Override
  public String toString() {
    return "capabilities exchanges "
        + capabilitiesExchanges
        + ", watchdog requests "
        + watchdogRequests
        + ", disconnect requests "
        + disconnectRequests
        + ", echo requests "
        + echoRequests
        + ", failures "
        + failures
        + ", messages with ppid 0 "
        + unspecifiedPpidMessages;
  }
}
