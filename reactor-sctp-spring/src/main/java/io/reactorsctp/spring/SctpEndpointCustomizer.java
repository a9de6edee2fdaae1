package io.reactorsctp.spring;

import io.reactorsctp.reactive.SctpEndpoint;

/**
 * Adjusts a configured one-to-many endpoint before it is bound, after the properties, its {@link
 * SctpMessageHandler} and the starter's own hooks (metrics). Customizers run in {@code @Order};
 * each gets the previous one's result.
 */
@FunctionalInterface
public interface SctpEndpointCustomizer {

  /**
   * Returns the endpoint to bind.
   *
   * @param name the endpoint's name ({@code reactor.sctp.endpoints.<name>})
   * @param endpoint the endpoint so far (immutable)
   * @return the endpoint to bind
   */
  SctpEndpoint customize(String name, SctpEndpoint endpoint);
}
