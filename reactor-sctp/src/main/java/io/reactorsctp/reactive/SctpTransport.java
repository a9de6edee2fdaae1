package io.reactorsctp.reactive;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.reactorsctp.channel.SctpAuthKey;
import io.reactorsctp.channel.SctpChannelOptions;
import io.reactorsctp.channel.SctpHmacAlgorithm;
import io.reactorsctp.channel.SctpInitMsg;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * What {@link SctpClient}, {@link SctpServer} and {@link SctpEndpoint} share: stream counts,
 * channel options, event loops and channel-init hooks, each set here once. Immutable: every method
 * returns a new transport holding a changed copy of the configuration, so one configured transport
 * can be shared and used many times.
 *
 * @param <T> the concrete transport, which every method returns
 * @param <C> its configuration
 */
public abstract sealed class SctpTransport<
        T extends SctpTransport<T, C>, C extends SctpTransportConfig>
    permits SctpClient, SctpServerTransport {

  /** How long {@code connectNow()} and {@code bindNow()} wait when not told. */
  static final Duration BLOCK_TIMEOUT = Duration.ofSeconds(45);

  private final C config;

  SctpTransport(C config) {
    this.config = config;
  }

  /** {@return this transport's configuration (read-only)} */
  public final C configuration() {
    return config;
  }

  /**
   * {@return a new transport of the same kind holding a copy of this one's configuration, to
   * change}
   */
  abstract T duplicate();

  /**
   * {@return a new transport whose configuration is a copy of this one's with {@code change}
   * applied}
   */
  final T with(Consumer<? super C> change) {
    T copy = duplicate();
    change.accept(copy.configuration());
    return copy;
  }

  /**
   * Sets the stream counts asked for ({@code SCTP_INITMSG}).
   *
   * @param outbound streams asked for (offered to each peer)
   * @param maxInbound most streams accepted from the peer
   * @return a transport negotiating these stream counts
   */
  public final T streams(int outbound, int maxInbound) {
    return option(SctpChannelOptions.SCTP_INITMSG, new SctpInitMsg(outbound, maxInbound, 0, 0));
  }

  /**
   * Sets a channel option. A client sets it on its channel, an endpoint on its socket, a server on
   * the listening socket (inherited by accepted associations) and on each association. {@code
   * AUTO_READ} is not applied: reading follows the subscribers' demand.
   *
   * @param <V> the option's value type
   * @param option a Netty or {@link SctpChannelOptions} option
   * @param value its value
   * @return a transport setting it, in place of any value given before
   */
  public final <V> T option(ChannelOption<V> option, V value) {
    Objects.requireNonNull(option, "option");
    Objects.requireNonNull(value, "value");
    return with(c -> c.addOption(option, value));
  }

  /**
   * Enables SCTP-AUTH (RFC 4895) with one shared key: the peer must authenticate {@code chunkTypes}
   * (e.g. {@code List.of(0)}, DATA), HMAC-SHA-256 is offered first (SHA-1 second, as RFC 4895
   * requires), and {@code key} is the endpoint's active key, which every association starts with.
   * Sets {@link SctpChannelOptions#SCTP_HMAC_IDENT}, {@link SctpChannelOptions#SCTP_AUTH_CHUNKS}
   * and {@link SctpChannelOptions#SCTP_AUTH_KEY}; further keys and rotation go through {@link
   * SctpAssociation#addAuthKey}. The transport keeps the key (its {@code toString} shows the id and
   * length only) to set it on every socket it opens.
   *
   * @param key the shared key; both ends need the same id and bytes
   * @param chunkTypes chunk types the peer must authenticate
   * @return a transport setting up authenticated associations
   */
  public final T auth(SctpAuthKey key, List<Integer> chunkTypes) {
    Objects.requireNonNull(key, "key");
    List<Integer> types = List.copyOf(chunkTypes);
    return with(
        c -> {
          c.addOption(
              SctpChannelOptions.SCTP_HMAC_IDENT,
              List.of(SctpHmacAlgorithm.SHA256, SctpHmacAlgorithm.SHA1));
          c.addOption(SctpChannelOptions.SCTP_AUTH_CHUNKS, types);
          c.addOption(SctpChannelOptions.SCTP_AUTH_KEY, key);
        });
  }

  /**
   * Sets the event loops to run on.
   *
   * @param resources the event loops to run on
   * @return a transport using them
   */
  public final T runOn(SctpLoopResources resources) {
    Objects.requireNonNull(resources, "resources");
    return with(c -> c.loopResources = resources);
  }

  /**
   * Runs {@code init} on each new channel, on its event loop: the place to add pipeline handlers,
   * e.g. {@code io.reactorsctp.metrics.SctpMetrics}. A client's channel (an {@code
   * EpollSctpChannel}) gets it once registered and before the association is set up; each
   * association a server accepts (an {@code EpollSctpChannel}), before the handler sees it; an
   * endpoint's channel (an {@code EpollSctpMultiChannel}), before it is bound. Hooks compose in the
   * order given.
   *
   * @param init what to do with the channel
   * @return a transport running it after the hooks already given
   */
  public final T doOnChannelInit(Consumer<? super Channel> init) {
    Objects.requireNonNull(init, "init");
    return with(c -> c.addChannelInit(init));
  }

  /**
   * The one bridge from a Netty channel future to a {@link Mono}: opens a channel when subscribed
   * and emits what {@code opened} makes of it. Cancelling closes the channel being opened, so a
   * cancelled connect or bind leaves no socket behind, whether it was still opening or had just
   * opened.
   *
   * @param opening starts opening the channel (a bootstrap's {@code connect} or {@code bind})
   * @param opened makes the result from the open channel, on its event loop
   */
  static <R> Mono<R> open(
      Supplier<ChannelFuture> opening, Function<? super Channel, ? extends R> opened) {
    return Mono.create(
        sink -> {
          ChannelFuture future = opening.get();
          future.addListener(
              done -> {
                if (!done.isSuccess()) {
                  sink.error(done.cause());
                  return;
                }
                Channel channel = future.channel();
                // Made on the channel's event loop, in a task of its own: after Netty has finished
                // completing the open.
                channel.eventLoop().execute(() -> sink.success(opened.apply(channel)));
              });
          sink.onCancel(
              () -> {
                future.cancel(false);
                future.channel().close();
              });
        });
  }
}
