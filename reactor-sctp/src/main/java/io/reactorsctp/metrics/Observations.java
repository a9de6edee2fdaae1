package io.reactorsctp.metrics;

import io.micrometer.observation.Observation;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The association set-up observation: {@code sctp.association.setup}, connect or accept, success or
 * error. A connect (one-to-one {@code connect}, or a one-to-many message to a peer without an
 * association) is observed from the request until the association is up or failed. An accepted
 * association is already up when the application first sees it (the kernel ran the whole handshake
 * and keeps no start time), so its observation only marks the acceptance: it starts and stops at
 * once.
 */
final class Observations {

  static final String NAME = "sctp.association.setup";
  static final String CONNECT = "connect";
  static final String ACCEPT = "accept";

  /** {@return a started observation of one set-up with {@code peer}} */
  static Observation setup(SctpMetrics binder, String kind, SocketAddress peer) {
    return setup(
        binder,
        kind,
        peer instanceof InetSocketAddress a ? AssociationMeters.tagValue(a) : String.valueOf(peer));
  }

  /** {@return a started observation of one set-up with the peer whose tag value is {@code peer}} */
  static Observation setup(SctpMetrics binder, String kind, String peer) {
    return Observation.createNotStarted(NAME, binder.observations)
        .contextualName("sctp " + kind)
        .lowCardinalityKeyValue("sctp.endpoint", binder.endpoint)
        .lowCardinalityKeyValue("sctp.setup", kind)
        .lowCardinalityKeyValue("outcome", "success")
        .highCardinalityKeyValue("sctp.peer", peer)
        .start();
  }

  /** Observes an association accepted with {@code peer}: it is up already, nothing to time. */
  static void accepted(SctpMetrics binder, String peer) {
    setup(binder, ACCEPT, peer).stop();
  }

  /** Stops {@code setup} with its outcome: success, or error with {@code cause}. */
  static void outcome(Observation setup, Throwable cause) {
    if (cause != null) {
      setup.lowCardinalityKeyValue("outcome", "error");
      setup.error(cause);
    }
    setup.stop();
  }

  private Observations() {}
}
