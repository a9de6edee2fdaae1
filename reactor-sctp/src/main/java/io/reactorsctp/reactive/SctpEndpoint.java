package io.reactorsctp.reactive;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.reactorsctp.channel.EpollSctpMultiChannel;
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
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * A one-to-many SCTP endpoint (RFC 6458 §3): one socket, many associations, each with its own inbound and outbound
 * side. Peers set associations up with it, and {@link DisposableSctpEndpoint#send(SocketAddress, Publisher)} sets
 * them up implicitly to a peer. Immutable: every method returns a new endpoint.
 *
 * <pre>{@code
 * DisposableSctpEndpoint endpoint = SctpEndpoint.create().bindAddress("0.0.0.0", 2905)
 *     .handle((in, out) -> out.send(in.receive().map(Asp::answer)))   // per association, as SctpServer's
 *     .bindNow();
 * endpoint.send(new InetSocketAddress("10.0.0.7", 2905), Flux.just(aspUp)).block();
 * }</pre>
 */
public final class SctpEndpoint {

  private final SocketAddress bindAddress;
  private final Map<ChannelOption<?>, Object> options;
  private final BiFunction<? super SctpInbound, ? super SctpOutbound, ? extends Publisher<Void>> handler;
  private final SctpLoopResources resources;
  private final Consumer<Channel> channelInit;

  private SctpEndpoint(SocketAddress bindAddress, Map<ChannelOption<?>, Object> options,
      BiFunction<? super SctpInbound, ? super SctpOutbound, ? extends Publisher<Void>> handler,
      SctpLoopResources resources, Consumer<Channel> channelInit) {
    this.bindAddress = bindAddress;
    this.options = Map.copyOf(options);
    this.handler = handler;
    this.resources = resources;
    this.channelInit = channelInit;
  }

  /** {@return an endpoint on the wildcard address and a kernel-chosen port, without a handler} */
  public static SctpEndpoint create() {
    return new SctpEndpoint(new InetSocketAddress(0), Map.of(), null, null, SctpClient.NO_INIT);
  }

  /**
   * Sets the local address and port.
   *
   * @param address the local address and port
   * @return an endpoint bound there
   */
  public SctpEndpoint bindAddress(InetSocketAddress address) {
    return new SctpEndpoint(Objects.requireNonNull(address, "bindAddress"), options, handler, resources, channelInit);
  }

  /**
   * Sets the local address.
   *
   * @param host the local address
   * @param port the port (0: the kernel picks)
   * @return an endpoint bound there
   */
  public SctpEndpoint bindAddress(String host, int port) {
    return bindAddress(new InetSocketAddress(host, port));
  }

  /**
   * Sets local addresses.
   *
   * @param addresses local addresses (multi-homing), sharing the port of the first
   * @return an endpoint bound to all of them
   */
  public SctpEndpoint bindAddresses(List<InetSocketAddress> addresses) {
    return new SctpEndpoint(MultiHomedAddress.of(addresses), options, handler, resources, channelInit);
  }

  /**
   * Sets the stream counts offered to each peer.
   *
   * @param outbound streams offered to each peer
   * @param maxInbound most streams accepted from each peer
   * @return an endpoint negotiating these stream counts
   */
  public SctpEndpoint streams(int outbound, int maxInbound) {
    return option(SctpChannelOptions.SCTP_INITMSG, new SctpInitMsg(outbound, maxInbound, 0, 0));
  }

  /**
   * Sets a channel option.
   *
   * @param <T> the option's value type
   * @param option a channel option of {@link EpollSctpMultiChannel}
   * @param value its value
   * @return an endpoint setting it
   */
  public <T> SctpEndpoint option(ChannelOption<T> option, T value) {
    Map<ChannelOption<?>, Object> copy = new LinkedHashMap<>(options);
    copy.put(Objects.requireNonNull(option, "option"), Objects.requireNonNull(value, "value"));
    return new SctpEndpoint(bindAddress, copy, handler, resources, channelInit);
  }

  /**
   * Sets {@code handler}: runs once per association as it comes up.
   *
   * @param handler runs once per association as it comes up (set up by the peer or implicitly), with its inbound
   *     and outbound sides; the association is shut down when the returned publisher terminates. Without a
   *     handler, associations are reached through {@link DisposableSctpEndpoint#associations()}.
   * @return an endpoint using it
   */
  public SctpEndpoint handle(
      BiFunction<? super SctpInbound, ? super SctpOutbound, ? extends Publisher<Void>> handler) {
    return new SctpEndpoint(bindAddress, options, Objects.requireNonNull(handler, "handler"), resources,
        channelInit);
  }

  /**
   * Sets the event loops to run on.
   *
   * @param resources the event loops to run on
   * @return an endpoint using them
   */
  public SctpEndpoint runOn(SctpLoopResources resources) {
    return new SctpEndpoint(bindAddress, options, handler, Objects.requireNonNull(resources, "resources"),
        channelInit);
  }

  /**
   * Runs {@code init} on the endpoint's channel before it is bound: the place to add pipeline handlers, e.g.
   * {@code io.reactorsctp.metrics.SctpMetrics}. Hooks compose in the order given.
   *
   * @param init what to do with the channel (an {@link EpollSctpMultiChannel}), on its event loop
   * @return an endpoint running it after the hooks already given
   */
  public SctpEndpoint doOnChannelInit(Consumer<? super Channel> init) {
    return new SctpEndpoint(bindAddress, options, handler, resources, SctpClient.compose(channelInit, init));
  }

  /** {@return a Mono that opens and binds the endpoint when subscribed} */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Mono<DisposableSctpEndpoint> bind() {
    return Mono.defer(() -> {
      SctpLoopResources r = resources != null ? resources : SctpLoopResources.defaultResources();
      Bootstrap b = new Bootstrap().group(r.group()).channel(EpollSctpMultiChannel.class)
          .handler(new io.netty.channel.ChannelInitializer<EpollSctpMultiChannel>() {
            @Override
            protected void initChannel(EpollSctpMultiChannel ch) {
              channelInit.accept(ch);
              ch.pipeline().addLast(new EndpointDispatch(ch, handler));
            }
          });
      options.forEach((k, v) -> {
        if (k != ChannelOption.AUTO_READ) {
          b.option((ChannelOption) k, v);
        }
      });
      return Mono.create(sink -> {
        io.netty.channel.ChannelFuture f = b.bind(bindAddress);
        f.addListener(done -> {
          if (done.isSuccess()) {
            EpollSctpMultiChannel ch = (EpollSctpMultiChannel) f.channel();
            sink.success(new DisposableSctpEndpoint(ch, ch.pipeline().get(EndpointDispatch.class)));
          } else {
            sink.error(done.cause());
          }
        });
      });
    });
  }

  /** {@return the bound endpoint, blocking up to 45 s} */
  public DisposableSctpEndpoint bindNow() {
    return bindNow(Duration.ofSeconds(45));
  }

  /**
   * Binds, blocking.
   *
   * @param timeout how long to wait
   * @return the bound endpoint
   */
  public DisposableSctpEndpoint bindNow(Duration timeout) {
    return bind().block(timeout);
  }
}
