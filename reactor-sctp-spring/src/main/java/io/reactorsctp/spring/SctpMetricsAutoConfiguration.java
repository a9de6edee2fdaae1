package io.reactorsctp.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.reactorsctp.metrics.SctpMetrics;
import io.reactorsctp.reactive.SctpClient;
import io.reactorsctp.reactive.SctpServer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters for every configured client and server ({@link SctpMetrics}, one binder per
 * name, the name being the {@code sctp.endpoint} tag), when a {@link MeterRegistry} bean exists and
 * {@code reactor.sctp.metrics.enabled} is not false.
 */
@AutoConfiguration(
    after = SctpAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
      "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"
    })
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "reactor.sctp.metrics.enabled", matchIfMissing = true)
public class SctpMetricsAutoConfiguration {
  /** Creates the configuration. */
  public SctpMetricsAutoConfiguration() {}

  /**
   * Returns the customizer putting the binder on each configured client and server.
   *
   * @param registry where meters go
   * @param observations where the association set-up observation goes; without one, a timer in
   *     {@code registry}
   * @param properties the settings
   * @return the customizer putting the binder on each configured client and server
   */
  @Bean
  @ConditionalOnMissingBean
  public SctpMetricsCustomizer sctpMetricsCustomizer(
      MeterRegistry registry,
      ObjectProvider<ObservationRegistry> observations,
      SctpProperties properties) {
    return new SctpMetricsCustomizer(
        name -> {
          SctpMetrics.Builder b =
              SctpMetrics.builder(registry, name)
                  .kernelPollInterval(properties.getMetrics().getKernelPollInterval())
                  .perStreamMeters(properties.getMetrics().isPerStreamMeters())
                  .hostMeters(properties.getMetrics().isHostMeters());
          ObservationRegistry observationRegistry = observations.getIfAvailable();
          if (observationRegistry != null) {
            b.observationRegistry(observationRegistry);
          }
          return b.build();
        });
  }

  /**
   * Puts one {@link SctpMetrics} binder per name on the configured clients and servers of that
   * name.
   */
  public static final class SctpMetricsCustomizer
      implements SctpClientCustomizer, SctpServerCustomizer {
    private final java.util.function.Function<String, SctpMetrics> factory;
    private final Map<String, SctpMetrics> binders = new ConcurrentHashMap<>();

    SctpMetricsCustomizer(java.util.function.Function<String, SctpMetrics> factory) {
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
  }
}
