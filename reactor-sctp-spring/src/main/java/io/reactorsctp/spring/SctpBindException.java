package io.reactorsctp.spring;

/**
 * A configured server ({@code reactor.sctp.servers.<name>}) or one-to-many endpoint ({@code
 * reactor.sctp.endpoints.<name>}) could not bind: start-up fails with this, naming it and the
 * address it asked for. The cause tells why (e.g. an {@code SctpNativeException} with {@code
 * EADDRINUSE}).
 */
public final class SctpBindException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** {@code server} or {@code endpoint}. */
  private final String kind;

  /** The server's name in the properties. */
  private final String serverName;

  /** The address it asked for, e.g. {@code 127.0.0.1:3868} or {@code *:3868}. */
  private final String address;

  /**
   * Creates the exception.
   *
   * @param serverName the server's name in the properties
   * @param address the address it asked for, e.g. {@code 127.0.0.1:3868}
   * @param cause why it could not bind
   */
  public SctpBindException(String serverName, String address, Throwable cause) {
    this("server", serverName, address, cause);
  }

  /**
   * Creates the exception.
   *
   * @param kind {@code server} ({@code reactor.sctp.servers}) or {@code endpoint} ({@code
   *     reactor.sctp.endpoints})
   * @param name its name in the properties
   * @param address the address it asked for, e.g. {@code 127.0.0.1:3868}
   * @param cause why it could not bind
   */
  public SctpBindException(String kind, String name, String address, Throwable cause) {
    super(
        "reactor.sctp."
            + kind
            + "s."
            + name
            + ": cannot bind to "
            + address
            + ": "
            + cause.getMessage(),
        cause);
    this.kind = kind;
    this.serverName = name;
    this.address = address;
  }

  /** {@return {@code server} or {@code endpoint}} */
  public String kind() {
    return kind;
  }

  /** {@return its properties' prefix, e.g. {@code reactor.sctp.servers.echo}} */
  public String propertyPrefix() {
    return "reactor.sctp." + kind + "s." + serverName;
  }

  /** {@return the server's (or endpoint's) name in the properties} */
  public String serverName() {
    return serverName;
  }

  /** {@return the address the server asked for, e.g. {@code 127.0.0.1:3868}} */
  public String address() {
    return address;
  }
}
