package io.reactorsctp.reactive;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.MultiHomedAddress;
import io.reactorsctp.channel.SctpChannelOptions;
import io.reactorsctp.channel.SctpInitMsg;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Sets up one-to-one SCTP associations. Immutable: every method returns a new client, so one configured client
 * can be shared and connected many times.
 *
 * <pre>{@code
 * SctpConnection c = SctpClient.create().remoteAddress(new InetSocketAddress("10.0.0.1", 3868)).streams(10, 10)
 *     .connectNow();
 * }</pre>
 */
public final class SctpClient {

  private final SocketAddress remote;
  private final SocketAddress local;
  private final Map<ChannelOption<?>, Object> options;
  private final SctpLoopResources resources;
  private final Consumer<Channel> channelInit;

  private SctpClient(SocketAddress remote, SocketAddress local, Map<ChannelOption<?>, Object> options,
      SctpLoopResources resources, Consumer<Channel> channelInit) {
    this.remote = remote;
    this.local = local;
    this.options = Map.copyOf(options);
    this.resources = resources;
    this.channelInit = channelInit;
  }

  /** {@return a client with no peer yet, on the default loop resources} */
  public static SctpClient create() {
    return new SctpClient(null, null, Map.of(), null, NO_INIT);
  }

  /**
   * Sets the peer to connect to.
   *
   * @param address the peer
   * @return a client connecting there
   */
  public SctpClient remoteAddress(InetSocketAddress address) {
    return new SctpClient(Objects.requireNonNull(address, "remoteAddress"), local, options, resources, channelInit);
  }

  /**
   * Sets the addresses of a multi-homed peer.
   *
   * @param addresses the addresses of a multi-homed peer; the association is set up with all of them (connectx)
   * @return a client connecting there
   */
  public SctpClient remoteAddresses(List<InetSocketAddress> addresses) {
    return new SctpClient(MultiHomedAddress.of(addresses), local, options, resources, channelInit);
  }

  /**
   * Sets local addresses to bind.
   *
   * @param addresses local addresses to bind (multi-homing): the first is bound, the rest added with bindx
   * @return a client binding them
   */
  public SctpClient localAddresses(List<InetSocketAddress> addresses) {
    return new SctpClient(remote, MultiHomedAddress.of(addresses), options, resources, channelInit);
  }

  /**
   * Sets the local address to bind before connecting.
   *
   * @param address the local address to bind before connecting
   * @return a client binding there
   */
  public SctpClient localAddress(InetSocketAddress address) {
    return new SctpClient(remote, Objects.requireNonNull(address, "localAddress"), options, resources, channelInit);
  }

  /**
   * Sets the stream counts asked for.
   *
   * @param outbound streams asked for
   * @param maxInbound most streams accepted from the peer
   * @return a client negotiating these stream counts ({@code SCTP_INITMSG})
   */
  public SctpClient streams(int outbound, int maxInbound) {
    return option(SctpChannelOptions.SCTP_INITMSG, new SctpInitMsg(outbound, maxInbound, 0, 0));
  }

  /**
   * Sets a channel option.
   *
   * @param <T> the option's value type
   * @param option a Netty or {@link SctpChannelOptions} option
   * @param value its value
   * @return a client setting it on each new channel
   */
  public <T> SctpClient option(ChannelOption<T> option, T value) {
    Map<ChannelOption<?>, Object> copy = new LinkedHashMap<>(options);
    copy.put(Objects.requireNonNull(option, "option"), Objects.requireNonNull(value, "value"));
    return new SctpClient(remote, local, copy, resources, channelInit);
  }

  /**
   * Sets the event loops to run on.
   *
   * @param resources the event loops to run on
   * @return a client using them
   */
  public SctpClient runOn(SctpLoopResources resources) {
    return new SctpClient(remote, local, options, Objects.requireNonNull(resources, "resources"), channelInit);
  }

  /**
   * Runs {@code init} on each new channel once it is registered with its event loop and before the association is
   * set up: the place to add pipeline handlers, e.g. {@code io.reactorsctp.metrics.SctpMetrics}. Hooks compose in
   * the order given.
   *
   * @param init what to do with the channel (an {@link EpollSctpChannel}), on its event loop
   * @return a client running it after the hooks already given
   */
  public SctpClient doOnChannelInit(Consumer<? super Channel> init) {
    return new SctpClient(remote, local, options, resources, compose(channelInit, init));
  }

  static final Consumer<Channel> NO_INIT = ch -> {};

  static Consumer<Channel> compose(Consumer<Channel> first, Consumer<? super Channel> then) {
    Objects.requireNonNull(then, "init");
    return first == NO_INIT ? then::accept : ch -> {
      first.accept(ch);
      then.accept(ch);
    };
  }

  /** {@return a Mono that sets up an association when subscribed} */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Mono<SctpConnection> connect() {
    return Mono.defer(() -> {
      if (remote == null) {
        return Mono.error(new IllegalStateException("remoteAddress: not set"));
      }
      SctpLoopResources r = resources != null ? resources : SctpLoopResources.defaultResources();
      Bootstrap b = new Bootstrap().group(r.group()).channel(EpollSctpChannel.class)
          .handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
              channelInit.accept(ch);
            }
          })
          // Nothing is read before the connection's inbound side asks for it: no message can be lost meanwhile.
          .option(ChannelOption.AUTO_READ, false);
      options.forEach((k, v) -> {
        if (k != ChannelOption.AUTO_READ) {
          b.option((ChannelOption) k, v);
        }
      });
      return Mono.create(sink -> {
        io.netty.channel.ChannelFuture f = local == null ? b.connect(remote) : b.connect(remote, local);
        f.addListener(done -> {
          if (done.isSuccess()) {
            EpollSctpChannel channel = (EpollSctpChannel) f.channel();
            channel.eventLoop().execute(() -> sink.success(new ChannelConnection(channel)));
          } else {
            sink.error(done.cause());
          }
        });
        sink.onCancel(() -> f.cancel(false));
      });
    });
  }

  /** {@return an established association, blocking up to 45 s (for scripts and tests)} */
  public SctpConnection connectNow() {
    return connectNow(Duration.ofSeconds(45));
  }

  /**
   * Connects, blocking.
   *
   * @param timeout how long to wait
   * @return an established association
   */
  public SctpConnection connectNow(Duration timeout) {
    return connect().block(timeout);
  }
}
