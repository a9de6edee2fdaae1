package io.reactorsctp.spring;

import io.reactorsctp.reactive.SctpServer;

/**
 * Adjusts a configured server before it is bound, after the properties, its {@link
 * SctpMessageHandler} and the starter's own hooks (association tracking, metrics). Customizers run
 * in {@code @Order}; each gets the previous one's result.
 */
@FunctionalInterface
public interface SctpServerCustomizer {

  /**
   * Returns the server to bind.
   *
   * @param name the server's name ({@code reactor.sctp.servers.<name>})
   * @param server the server so far (immutable)
   * @return the server to bind
   */
  SctpServer customize(String name, SctpServer server);
}
