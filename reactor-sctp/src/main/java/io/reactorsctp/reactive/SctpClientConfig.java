package io.reactorsctp.reactive;

import java.net.SocketAddress;
import java.util.function.Consumer;

/**
 * The configuration of an {@link SctpClient}: the common one, the peer to connect to, and what runs
 * before each connect.
 */
public final class SctpClientConfig extends SctpTransportConfig {

  SocketAddress remoteAddress;
  Consumer<? super SctpClientConfig> doOnConnect = config -> {};

  SctpClientConfig() {}

  private SctpClientConfig(SctpClientConfig from) {
    super(from);
    this.remoteAddress = from.remoteAddress;
    this.doOnConnect = from.doOnConnect;
  }

  @Override
  SctpClientConfig duplicate() {
    return new SctpClientConfig(this);
  }

  /**
   * {@return the peer (a {@link io.reactorsctp.channel.MultiHomedAddress} for a multi-homed one; an
   * unresolved address after {@code host}, resolved at each connect), or null}
   */
  public SocketAddress remoteAddress() {
    return remoteAddress;
  }
}
