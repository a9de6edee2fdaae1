package io.reactorsctp.metrics;

import io.micrometer.observation.Observation;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** The association set-up observation: {@code sctp.association.setup}, connect or accept, success or error. */
final class Observations {

  static final String NAME = "sctp.association.setup";

  /** {@return a started observation of one set-up} */
  static Observation setup(SctpMetrics binder, String kind, SocketAddress peer) {
    return Observation.createNotStarted(NAME, binder.observations)
        .contextualName("sctp " + kind)
        .lowCardinalityKeyValue("sctp.endpoint", binder.endpoint)
        .lowCardinalityKeyValue("sctp.setup", kind)
        .lowCardinalityKeyValue("outcome", "success")
        .highCardinalityKeyValue("sctp.peer", peer instanceof InetSocketAddress a ? AssociationMeters.tagValue(a)
            : String.valueOf(peer))
        .start();
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
