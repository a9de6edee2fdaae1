package io.reactorsctp.channel;

/**
 * How an association picks the next outbound stream to send from (RFC 8260 §3; {@code
 * SCTP_STREAM_SCHEDULER}). These are the schedulers Linux 6.1 has; later kernels add fair capacity
 * and weighted fair queueing. Without I-DATA ({@link
 * SctpChannelOptions#SCTP_INTERLEAVING_SUPPORTED}) a scheduler can only choose between whole
 * messages: once a message's first fragment is sent, its other fragments go before anything else.
 */
public enum SctpStreamScheduler {
  /** First come, first served: messages leave in the order they were sent (the default). */
  FCFS,
  /**
   * Priority: the stream with the lowest value ({@link EpollSctpChannel#setStreamSchedulerValue})
   * goes first, streams of equal value in turn; every stream's value is 0 until set.
   */
  PRIORITY,
  /**
   * Round robin: one message (one fragment with I-DATA) from each stream that has some, in turn.
   */
  ROUND_ROBIN
}
