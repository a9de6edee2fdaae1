package io.reactorsctp.spring;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code sctp} health indicator (Spring Boot's {@code spring-boot-health} on the class path;
 * {@code management.health.sctp.enabled=false} turns it off).
 */
@AutoConfiguration(after = SctpAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean({SctpAssociations.class, SctpServers.class})
@ConditionalOnEnabledHealthIndicator("sctp")
public class SctpHealthAutoConfiguration {
  /** Creates the configuration. */
  public SctpHealthAutoConfiguration() {}

  /**
   * Returns the indicator.
   *
   * @param properties which clients and servers are configured
   * @param associations their associations
   * @param servers the servers
   * @param endpoints the one-to-many endpoints
   * @return the indicator
   */
  @Bean
  @ConditionalOnMissingBean(name = "sctpHealthIndicator")
  public SctpHealthIndicator sctpHealthIndicator(
      SctpProperties properties,
      SctpAssociations associations,
      SctpServers servers,
      ObjectProvider<SctpEndpoints> endpoints) {
    return new SctpHealthIndicator(properties, associations, servers, endpoints.getIfAvailable());
  }
}
