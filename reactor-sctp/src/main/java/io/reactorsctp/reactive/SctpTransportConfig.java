package io.reactorsctp.reactive;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import java.net.SocketAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The configuration an {@link SctpTransport} builds up: channel options, event loops, channel-init
 * hooks and the local address. Read-only to applications; each builder method works on a fresh copy
 * ({@link #duplicate()}), so a configuration, once a transport holds it, never changes.
 */
public abstract sealed class SctpTransportConfig
    permits SctpClientConfig, SctpServerTransportConfig {

  private static final Consumer<Channel> NO_INIT = ch -> {};

  Map<ChannelOption<?>, Object> options;
  SctpLoopResources loopResources;
  Consumer<Channel> channelInit;
  SocketAddress bindAddress;

  SctpTransportConfig() {
    this.options = Map.of();
    this.channelInit = NO_INIT;
  }

  SctpTransportConfig(SctpTransportConfig from) {
    this.options = from.options;
    this.loopResources = from.loopResources;
    this.channelInit = from.channelInit;
    this.bindAddress = from.bindAddress;
  }

  /** {@return a copy to change; the copy shares only immutable values with this} */
  abstract SctpTransportConfig duplicate();

  /** {@return the channel options, in the order given} */
  public Map<ChannelOption<?>, Object> options() {
    return options;
  }

  /**
   * {@return the event loops to run on: those given to {@code runOn}, or the process-wide default}
   */
  public SctpLoopResources loopResources() {
    return loopResources != null ? loopResources : SctpLoopResources.defaultResources();
  }

  /**
   * {@return the local address to bind (a {@link io.reactorsctp.channel.MultiHomedAddress} for
   * several), or null}
   */
  public SocketAddress bindAddress() {
    return bindAddress;
  }

  /** {@return the channel-init hooks, composed in the order given} */
  public Consumer<Channel> channelInit() {
    return channelInit;
  }

  void addOption(ChannelOption<?> option, Object value) {
    Map<ChannelOption<?>, Object> copy = new LinkedHashMap<>(options);
    copy.put(option, value);
    options = Collections.unmodifiableMap(copy);
  }

  void addChannelInit(Consumer<? super Channel> then) {
    Consumer<Channel> first = channelInit;
    channelInit =
        first == NO_INIT
            ? then::accept
            : ch -> {
              first.accept(ch);
              then.accept(ch);
            };
  }

  /**
   * Hands each option to a bootstrap. {@code AUTO_READ} is left out: the reactive side reads only
   * when asked for messages, so nothing is read, and lost, before a subscriber wants it.
   */
  void applyOptions(BiConsumer<ChannelOption<Object>, Object> bootstrap) {
    options.forEach(
        (option, value) -> {
          if (option != ChannelOption.AUTO_READ) {
            @SuppressWarnings("unchecked")
            ChannelOption<Object> untyped = (ChannelOption<Object>) option;
            bootstrap.accept(untyped, value);
          }
        });
  }
}
