package io.reactorsctp.metrics;

import io.micrometer.core.instrument.Metrics;
import io.netty.channel.Channel;
import io.reactorsctp.reactive.SctpMetricsProvider;
import java.util.function.Consumer;

/**
 * What {@code metrics(true)} of {@code SctpClient}, {@code SctpServer} and {@code SctpEndpoint}
 * binds: an {@link SctpMetrics} binder with its defaults on Micrometer's global registry ({@link
 * Metrics#globalRegistry}), as reactor-netty's {@code metrics(true)} does. Found through {@link
 * java.util.ServiceLoader}; for another registry or other settings, give {@code doOnChannelInit} an
 * {@link SctpMetrics} binder.
 */
public final class GlobalRegistryMetricsProvider implements SctpMetricsProvider {

  /** Creates the provider (the service loader calls this). */
  public GlobalRegistryMetricsProvider() {}

  @Override
  public Consumer<Channel> binder(String endpointName) {
    return SctpMetrics.binder(Metrics.globalRegistry, endpointName);
  }
}
