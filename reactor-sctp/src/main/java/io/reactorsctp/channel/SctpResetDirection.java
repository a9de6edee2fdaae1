package io.reactorsctp.channel;

/**
 * Which side of the streams a reset acts on (RFC 6525 §5.1.2, §5.1.3): outgoing resets this end's
 * sequence numbers and the peer's expected ones, incoming asks the peer to reset its outgoing
 * streams to us.
 */
public enum SctpResetDirection {
  /** This end's outgoing streams (an Outgoing SSN Reset Request). */
  OUTGOING,
  /** The peer's outgoing streams to us (an Incoming SSN Reset Request). */
  INCOMING,
  /** Both. */
  BOTH
}
