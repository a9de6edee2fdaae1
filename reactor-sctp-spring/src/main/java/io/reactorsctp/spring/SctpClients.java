package io.reactorsctp.spring;

import io.reactorsctp.reactive.SctpClient;
import java.util.Map;

/**
 * The configured clients ({@code reactor.sctp.clients.<name>}), each an immutable {@link
 * SctpClient} ready to {@code connect()}. Each is also a bean named {@code <name>SctpClient}.
 */
public final class SctpClients {

  private final Map<String, SctpClient> clients;

  /**
   * Creates the set of configured clients.
   *
   * @param clients the clients by name
   */
  public SctpClients(Map<String, SctpClient> clients) {
    this.clients = Map.copyOf(clients);
  }

  /**
   * Returns the client.
   *
   * @param name a client's name
   * @return the client
   * @throws IllegalArgumentException naming the configured clients when there is none of that name
   */
  public SctpClient client(String name) {
    SctpClient client = clients.get(name);
    if (client == null) {
      throw new IllegalArgumentException(
          "reactor.sctp.clients."
              + name
              + ": not configured; configured clients: "
              + clients.keySet());
    }
    return client;
  }

  /** {@return every client by name} */
  public Map<String, SctpClient> asMap() {
    return clients;
  }
}
