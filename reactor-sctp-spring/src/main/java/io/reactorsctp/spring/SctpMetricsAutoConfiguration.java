package io.reactorsctp.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.reactorsctp.metrics.SctpMetrics;
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
                  .hostMeters(properties.getMetrics().isHostMeters())
                  .peerTag(properties.getMetrics().getPeerTag());
          ObservationRegistry observationRegistry = observations.getIfAvailable();
          if (observationRegistry != null) {
            b.observationRegistry(observationRegistry);
          }
          return b.build();
        });
  }
}
