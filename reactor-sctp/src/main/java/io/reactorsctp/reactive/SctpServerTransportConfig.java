package io.reactorsctp.reactive;

import java.net.InetSocketAddress;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;

/**
 * The configuration of an {@link SctpServer} or {@link SctpEndpoint}: the common one, and the
 * handler each association runs. The local address starts as the wildcard address with a
 * kernel-chosen port.
 */
public final class SctpServerTransportConfig extends SctpTransportConfig {

  BiFunction<? super SctpInbound, ? super SctpOutbound, ? extends Publisher<Void>> handler;

  SctpServerTransportConfig(
      BiFunction<? super SctpInbound, ? super SctpOutbound, ? extends Publisher<Void>> handler) {
    this.bindAddress = new InetSocketAddress(0);
    this.handler = handler;
  }

  private SctpServerTransportConfig(SctpServerTransportConfig from) {
    super(from);
    this.handler = from.handler;
  }

  @Override
  SctpServerTransportConfig duplicate() {
    return new SctpServerTransportConfig(this);
  }

  /**
   * {@return what runs once per association with its inbound and outbound sides, or null for none}
   */
  public BiFunction<? super SctpInbound, ? super SctpOutbound, ? extends Publisher<Void>>
      handler() {
    return handler;
  }
}
