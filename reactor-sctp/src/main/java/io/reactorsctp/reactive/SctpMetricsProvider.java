package io.reactorsctp.reactive;

import io.netty.channel.Channel;
import java.util.function.Consumer;

/**
 * How {@link SctpTransport#metrics(boolean, String)} reaches the metrics layer without this layer
 * naming it (metrics sits above reactive, and Micrometer is optional): a service found with {@link
 * java.util.ServiceLoader}. {@code io.reactorsctp.metrics} provides the one implementation, binding
 * Micrometer's global registry; an application rarely implements it.
 */
public interface SctpMetricsProvider {

  /**
   * Makes a channel hook instrumenting each channel it is given.
   *
   * @param endpointName the name tagging the meters of the transport (its {@code sctp.endpoint})
   * @return a hook for {@link SctpTransport#doOnChannelInit}: it instruments the client's channel,
   *     each association a server accepts, or an endpoint's channel
   */
  Consumer<Channel> binder(String endpointName);
}
