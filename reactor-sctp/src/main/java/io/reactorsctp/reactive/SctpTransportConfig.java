package io.reactorsctp.reactive;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelOption;
import io.netty.util.AttributeKey;
import io.reactorsctp.channel.InvalidSctpMessageException;
import io.reactorsctp.reactive.SctpConnectionObserver.State;
import java.net.SocketAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The configuration an {@link SctpTransport} builds up: channel options and attributes, event
 * loops, channel-init hooks, the association observer, wiretap, metrics and the local address.
 * Read-only to applications; each builder method works on a fresh copy ({@link #duplicate()}), so a
 * configuration, once a transport holds it, never changes.
 */
public abstract sealed class SctpTransportConfig
    permits SctpClientConfig, SctpServerTransportConfig {

  private static final Consumer<Channel> NO_INIT = ch -> {};

  Map<ChannelOption<?>, Object> options;
  SctpLoopResources loopResources;
  Map<AttributeKey<?>, Object> attrs;
  Consumer<Channel> channelInit;
  SctpConnectionObserver observer;
  SctpWiretap wiretap; // null: off
  Consumer<Channel> metrics; // null: off
  SocketAddress bindAddress;

  SctpTransportConfig() {
    this.options = Map.of();
    this.attrs = Map.of();
    this.channelInit = NO_INIT;
    this.observer = SctpConnectionObserver.emptyListener();
  }

  SctpTransportConfig(SctpTransportConfig from) {
    this.options = from.options;
    this.attrs = from.attrs;
    this.loopResources = from.loopResources;
    this.channelInit = from.channelInit;
    this.observer = from.observer;
    this.wiretap = from.wiretap;
    this.metrics = from.metrics;
    this.bindAddress = from.bindAddress;
  }

  /** {@return a copy to change; the copy shares only immutable values with this} */
  abstract SctpTransportConfig duplicate();

  /** {@return the channel options, in the order given} */
  public Map<ChannelOption<?>, Object> options() {
    return options;
  }

  /**
   * {@return the attributes set on the channel (a server's: on its listening channel), in the order
   * given}
   */
  public Map<AttributeKey<?>, Object> attrs() {
    return attrs;
  }

  /** {@return what is told of each association's state changes, composed in the order given} */
  public SctpConnectionObserver observer() {
    return observer;
  }

  /** {@return whether each message is logged ({@code wiretap})} */
  public boolean isWiretapped() {
    return wiretap != null;
  }

  /** {@return whether each channel is instrumented with meters ({@code metrics(true)})} */
  public boolean isMetricsEnabled() {
    return metrics != null;
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

  static Map<AttributeKey<?>, Object> withAttr(
      Map<AttributeKey<?>, Object> attrs, AttributeKey<?> key, Object value) {
    Map<AttributeKey<?>, Object> copy = new LinkedHashMap<>(attrs);
    if (value == null) {
      copy.remove(key);
    } else {
      copy.put(key, value);
    }
    return Collections.unmodifiableMap(copy);
  }

  /** Hands each attribute to a bootstrap ({@code attr} or a server's {@code childAttr}). */
  static void applyAttrs(
      Map<AttributeKey<?>, Object> attrs, BiConsumer<AttributeKey<Object>, Object> bootstrap) {
    attrs.forEach(
        (key, value) -> {
          @SuppressWarnings("unchecked")
          AttributeKey<Object> untyped = (AttributeKey<Object>) key;
          bootstrap.accept(untyped, value);
        });
  }

  /**
   * Sets a new channel up, on its event loop, before it connects or binds (a server's: each
   * association it accepts): the meters first, then the application's hooks in their order, then
   * the wiretap closest to the socket, so it logs what the socket reads and is asked to write.
   */
  void initChannel(Channel ch) {
    if (metrics != null) {
      metrics.accept(ch);
    }
    channelInit.accept(ch);
    if (wiretap != null) {
      ch.pipeline().addFirst(SctpWiretap.HANDLER_NAME, wiretap);
    }
  }

  /**
   * An association came up: the observer hears it now (before any handler reads from it), and again
   * when it ends.
   */
  void connected(SctpAssociation association) {
    SctpConnectionObserver o = observer;
    if (o == SctpConnectionObserver.emptyListener()) {
      return;
    }
    o.onStateChange(association, State.CONNECTED);
    association
        .onDispose()
        .subscribe(null, null, () -> o.onStateChange(association, State.DISCONNECTED));
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
   * {@return a factory of new channels with this transport's options set, for a bootstrap} They are
   * set here, before the bootstrap registers the channel, rather than handed to the bootstrap:
   * Netty only logs an option a channel does not know (and, with {@code
   * -Dio.netty.bootstrap.closeOnSetOptionFailure=false}, one it refuses), so the association would
   * come up without it. Here the refusal fails the connect or bind with the channel's own typed
   * error, and the channel is closed.
   *
   * @param newChannel makes an unregistered channel
   */
  <C extends Channel> ChannelFactory<C> channelFactory(Supplier<C> newChannel) {
    return () -> {
      C channel = newChannel.get();
      try {
        applyOptions(channel, Set.of());
      } catch (Throwable refused) {
        channel.unsafe().closeForcibly();
        throw refused;
      }
      return channel;
    };
  }

  /**
   * Sets each option on a channel, in the order given, and throws what the channel throws for the
   * first it refuses (e.g. {@link io.reactorsctp.channel.SctpUdpEncapsulationUnavailableException},
   * {@link InvalidSctpMessageException}, a {@link io.netty.channel.ChannelException} naming the
   * option and the kernel's error), or an {@link InvalidSctpMessageException} naming one it does
   * not know. {@code AUTO_READ} is left out: the reactive side reads only when asked for messages,
   * so nothing is read, and lost, before a subscriber wants it.
   *
   * @param leftOut options not to set on this channel
   */
  void applyOptions(Channel channel, Set<ChannelOption<?>> leftOut) {
    options.forEach(
        (option, value) -> {
          if (option == ChannelOption.AUTO_READ || leftOut.contains(option)) {
            return;
          }
          @SuppressWarnings("unchecked")
          ChannelOption<Object> untyped = (ChannelOption<Object>) option;
          if (!channel.config().setOption(untyped, value)) {
            throw new InvalidSctpMessageException(
                option.name(),
                "not an option of "
                    + channel.getClass().getSimpleName()
                    + " (SctpChannelOptions lists the SCTP ones; nothing was set)");
          }
        });
  }
}
