package io.reactorsctp.spring;

/**
 * A configured server ({@code reactor.sctp.servers.<name>}) could not bind: start-up fails with
 * this, naming the server and the address it asked for. The cause tells why (e.g. an {@code
 * SctpNativeException} with {@code EADDRINUSE}).
 */
public final class SctpBindException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

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
    super(
        "reactor.sctp.servers."
            + serverName
            + ": cannot bind to "
            + address
            + ": "
            + cause.getMessage(),
        cause);
    this.serverName = serverName;
    this.address = address;
  }

  /** {@return the server's name in the properties} */
  public String serverName() {
    return serverName;
  }

  /** {@return the address the server asked for, e.g. {@code 127.0.0.1:3868}} */
  public String address() {
    return address;
  }
}
