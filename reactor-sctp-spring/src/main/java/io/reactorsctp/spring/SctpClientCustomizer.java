package io.reactorsctp.spring;

import io.reactorsctp.reactive.SctpClient;

/**
 * Adjusts a configured client before it becomes a bean, after the properties and the starter's own
 * hooks (association tracking, metrics). Customizers run in {@code @Order}; each gets the previous
 * one's result.
 */
@FunctionalInterface
public interface SctpClientCustomizer {

  /**
   * Returns the client to use.
   *
   * @param name the client's name ({@code reactor.sctp.clients.<name>})
   * @param client the client so far (immutable)
   * @return the client to use, e.g. {@code client.option(...)} or {@code
   *     client.doOnChannelInit(...)}
   */
  SctpClient customize(String name, SctpClient client);
}
