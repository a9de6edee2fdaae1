package io.reactorsctp.reactive;

import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;

/**
 * The configuration of an {@link SctpServer} or {@link SctpEndpoint}: the common one, the handler
 * each association runs, the binding hooks, and a server's attributes of each association. The
 * local address starts as the wildcard address with a kernel-chosen port.
 */
public final class SctpServerTransportConfig extends SctpTransportConfig {

  BiFunction<? super SctpInbound, ? super SctpOutbound, ? extends Publisher<Void>> handler;
  Consumer<? super SctpServerTransportConfig> doOnBind = config -> {};
  Consumer<DisposableSctpChannel<?>> doOnBound = bound -> {};
  Consumer<DisposableSctpChannel<?>> doOnUnbound = bound -> {};
  Map<AttributeKey<?>, Object> childAttrs = Map.of();

  SctpServerTransportConfig(
      BiFunction<? super SctpInbound, ? super SctpOutbound, ? extends Publisher<Void>> handler) {
    this.bindAddress = new InetSocketAddress(0);
    this.handler = handler;
  }

  private SctpServerTransportConfig(SctpServerTransportConfig from) {
    super(from);
    this.handler = from.handler;
    this.doOnBind = from.doOnBind;
    this.doOnBound = from.doOnBound;
    this.doOnUnbound = from.doOnUnbound;
    this.childAttrs = from.childAttrs;
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

  /** {@return a server's attributes of each association it accepts, in the order given} */
  public Map<AttributeKey<?>, Object> childAttrs() {
    return childAttrs;
  }
}
