package io.reactorsctp.spring;

import io.reactorsctp.metrics.SctpMetrics;
import io.reactorsctp.reactive.SctpClient;
import io.reactorsctp.reactive.SctpEndpoint;
import io.reactorsctp.reactive.SctpServer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Puts one {@link SctpMetrics} binder per name on the configured clients, servers and one-to-many
 * endpoints of that name (the name is the {@code sctp.endpoint} tag). The starter defines one when
 * a {@code MeterRegistry} bean exists; an application's own bean of this type replaces it. {@link
 * #binder(String)} also measures what the application builds itself.
 */
public final class SctpMetricsCustomizer
    implements SctpClientCustomizer, SctpServerCustomizer, SctpEndpointCustomizer {
  private final Function<String, SctpMetrics> factory;
  private final Map<String, SctpMetrics> binders = new ConcurrentHashMap<>();

  /**
   * Creates the customizer.
   *
   * @param factory creates the binder of a name, called once per name
   */
  public SctpMetricsCustomizer(Function<String, SctpMetrics> factory) {
    this.factory = factory;
  }

  /**
   * Returns its binder.
   *
   * @param name an endpoint name
   * @return its binder, created on first use
   */
  public SctpMetrics binder(String name) {
    return binders.computeIfAbsent(name, factory);
  }

  @Override
  public SctpClient customize(String name, SctpClient client) {
    return client.doOnChannelInit(binder(name));
  }

  @Override
  public SctpServer customize(String name, SctpServer server) {
    return server.doOnChannelInit(binder(name));
  }

  @Override
  public SctpEndpoint customize(String name, SctpEndpoint endpoint) {
    return endpoint.doOnChannelInit(binder(name));
  }
}
