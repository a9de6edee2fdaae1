package io.reactorsctp.metrics;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
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

  static final String NAME = SctpMeterNames.ASSOCIATION_SETUP;
  static final String CONNECT = "connect";
  static final String ACCEPT = "accept";
  static final String NO_ERROR = "none";

  /** {@return a started observation of one set-up with {@code peer}} */
  static Observation setup(SctpMetrics binder, String kind, SocketAddress peer) {
    return setup(
        binder,
        kind,
        peer instanceof InetSocketAddress a
            ? binder.peerTag.value(a)
            : binder.peerTag == SctpMetrics.PeerTag.NONE
                ? AssociationMeters.NONE
                : String.valueOf(peer));
  }

  /** {@return a started observation of one set-up with the peer whose tag value is {@code peer}} */
  static Observation setup(SctpMetrics binder, String kind, String peer) {
    return Observation.createNotStarted(NAME, binder.observations)
        .contextualName("sctp " + kind)
        .lowCardinalityKeyValue(SctpMeterNames.TAG_ENDPOINT, binder.endpoint)
        .lowCardinalityKeyValue(SctpMeterNames.TAG_SETUP, kind)
        .lowCardinalityKeyValue(SctpMeterNames.TAG_OUTCOME, "success")
        .lowCardinalityKeyValue(SctpMeterNames.TAG_ERROR, NO_ERROR)
        .highCardinalityKeyValue(SctpMeterNames.TAG_PEER, peer)
        .start();
  }

  /** Observes an association accepted with {@code peer}: it is up already, nothing to time. */
  static void accepted(SctpMetrics binder, String peer) {
    setup(binder, ACCEPT, peer).stop();
  }

  /** Stops {@code setup} with its outcome: success, or error with {@code cause}. */
  static void outcome(Observation setup, Throwable cause) {
    if (cause != null) {
      setup.lowCardinalityKeyValue(SctpMeterNames.TAG_OUTCOME, "error");
      setup.lowCardinalityKeyValue(SctpMeterNames.TAG_ERROR, Reasons.of(cause));
      setup.error(cause);
    }
    setup.stop();
  }

  /**
   * The default observation registry's handler: each set-up becomes a sample of a timer named after
   * the observation and tagged with its low-cardinality key values, all {@code sctp.} prefixed.
   * (Micrometer's {@code DefaultMeterObservationHandler} would add an unprefixed {@code error} tag;
   * with an application's own observation registry it does, beside {@code sctp.error}.)
   */
  static final class SetupTimers implements ObservationHandler<Observation.Context> {
    private final MeterRegistry registry;

    SetupTimers(MeterRegistry registry) {
      this.registry = registry;
    }

    @Override
    public void onStart(Observation.Context context) {
      context.put(Timer.Sample.class, Timer.start(registry));
    }

    @Override
    public void onStop(Observation.Context context) {
      Tags tags = Tags.empty();
      for (KeyValue kv : context.getLowCardinalityKeyValues()) {
        tags = tags.and(kv.getKey(), kv.getValue());
      }
      Timer.Sample sample = context.getRequired(Timer.Sample.class);
      sample.stop(
          Timer.builder(context.getName())
              .description("association set-ups, by kind (connect, accept) and outcome")
              .tags(tags)
              .register(registry));
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
      return true;
    }
  }

  private Observations() {}
}
