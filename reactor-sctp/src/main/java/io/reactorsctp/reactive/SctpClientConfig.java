package io.reactorsctp.reactive;

import java.net.SocketAddress;

/** The configuration of an {@link SctpClient}: the common one, and the peer to connect to. */
public final class SctpClientConfig extends SctpTransportConfig {

  SocketAddress remoteAddress;

  SctpClientConfig() {}

  private SctpClientConfig(SctpClientConfig from) {
    super(from);
    this.remoteAddress = from.remoteAddress;
  }

  @Override
  SctpClientConfig duplicate() {
    return new SctpClientConfig(this);
  }

  /**
   * {@return the peer (a {@link io.reactorsctp.channel.MultiHomedAddress} for a multi-homed one),
   * or null}
   */
  public SocketAddress remoteAddress() {
    return remoteAddress;
  }
}
