package io.reactorsctp.reactive;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.EpollSctpServerChannel;
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
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Accepts one-to-one SCTP associations and runs a handler for each. Immutable: every method returns a new server.
 * When the handler's publisher terminates, the association is shut down gracefully.
 *
 * <pre>{@code
 * DisposableSctpServer server = SctpServer.create().port(3868)
 *     .handle((in, out) -> out.send(in.receive().map(Echo::reply)))
 *     .bindNow();
 * }</pre>
 */
public final class SctpServer {

  private static final InternalLogger LOG = InternalLoggerFactory.getInstance(SctpServer.class);

  private final SocketAddress bindAddress;
  private final Map<ChannelOption<?>, Object> childOptions;
  private final BiFunction<? super SctpInbound, ? super SctpOutbound, ? extends Publisher<Void>> handler;
  private final SctpLoopResources resources;
  private final Consumer<Channel> channelInit;

  private SctpServer(SocketAddress bindAddress, Map<ChannelOption<?>, Object> childOptions,
      BiFunction<? super SctpInbound, ? super SctpOutbound, ? extends Publisher<Void>> handler,
      SctpLoopResources resources, Consumer<Channel> channelInit) {
    this.bindAddress = bindAddress;
    this.childOptions = Map.copyOf(childOptions);
    this.handler = handler;
    this.resources = resources;
    this.channelInit = channelInit;
  }

  /** {@return a server on the wildcard address, a kernel-chosen port, and a handler that only reads} */
  public static SctpServer create() {
    return new SctpServer(new InetSocketAddress(0), Map.of(), (in, out) -> in.receive().then(), null,
        SctpClient.NO_INIT);
  }

  /**
   * Sets the local address and port to listen on.
   *
   * @param address the local address and port to listen on
   * @return a server bound there
   */
  public SctpServer bindAddress(InetSocketAddress address) {
    return new SctpServer(Objects.requireNonNull(address, "bindAddress"), childOptions, handler, resources,
        channelInit);
  }

  /**
   * Sets local addresses to listen on.
   *
   * @param addresses local addresses to listen on (multi-homing), sharing the port of the first
   * @return a server bound to all of them
   */
  public SctpServer bindAddresses(List<InetSocketAddress> addresses) {
    return new SctpServer(MultiHomedAddress.of(addresses), childOptions, handler, resources, channelInit);
  }

  /**
   * Sets the local address to listen on.
   *
   * @param host the local address to listen on
   * @param port the port (0: the kernel picks)
   * @return a server bound there
   */
  public SctpServer bindAddress(String host, int port) {
    return bindAddress(new InetSocketAddress(host, port));
  }

  /**
   * Sets the port to listen on, on the current address.
   *
   * @param port the port to listen on, on the current address
   * @return a server bound there
   */
  public SctpServer port(int port) {
    if (bindAddress instanceof MultiHomedAddress multi) {
      return bindAddresses(multi.addresses().stream().map(a -> new InetSocketAddress(a.getAddress(), port)).toList());
    }
    return bindAddress(new InetSocketAddress(((InetSocketAddress) bindAddress).getAddress(), port));
  }

  /**
   * Sets the stream counts offered to each peer.
   *
   * @param outbound streams offered to each peer
   * @param maxInbound most streams accepted from each peer
   * @return a server negotiating these stream counts
   */
  public SctpServer streams(int outbound, int maxInbound) {
    return option(SctpChannelOptions.SCTP_INITMSG, new SctpInitMsg(outbound, maxInbound, 0, 0));
  }

  /**
   * Sets a channel option.
   *
   * @param <T> the option's value type
   * @param option an option set on the listening socket (inherited by accepted associations) and on each of them
   * @param value its value
   * @return a server setting it
   */
  public <T> SctpServer option(ChannelOption<T> option, T value) {
    Map<ChannelOption<?>, Object> copy = new LinkedHashMap<>(childOptions);
    copy.put(Objects.requireNonNull(option, "option"), Objects.requireNonNull(value, "value"));
    return new SctpServer(bindAddress, copy, handler, resources, channelInit);
  }

  /**
   * Sets {@code handler}: runs once per association with its inbound and outbound sides.
   *
   * @param handler runs once per association with its inbound and outbound sides; the association is shut down
   *     when the returned publisher terminates
   * @return a server using it
   */
  public SctpServer handle(
      BiFunction<? super SctpInbound, ? super SctpOutbound, ? extends Publisher<Void>> handler) {
    return new SctpServer(bindAddress, childOptions, Objects.requireNonNull(handler, "handler"), resources,
        channelInit);
  }

  /**
   * Sets the event loops to run on.
   *
   * @param resources the event loops to run on
   * @return a server using them
   */
  public SctpServer runOn(SctpLoopResources resources) {
    return new SctpServer(bindAddress, childOptions, handler, Objects.requireNonNull(resources, "resources"),
        channelInit);
  }

  /**
   * Runs {@code init} on each accepted association's channel before the handler sees it: the place to add
   * pipeline handlers, e.g. {@code io.reactorsctp.metrics.SctpMetrics}. Hooks compose in the order given.
   *
   * @param init what to do with the channel (an {@link EpollSctpChannel}), on its event loop
   * @return a server running it after the hooks already given
   */
  public SctpServer doOnChannelInit(Consumer<? super Channel> init) {
    return new SctpServer(bindAddress, childOptions, handler, resources, SctpClient.compose(channelInit, init));
  }

  /** {@return a Mono that binds the server when subscribed} */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Mono<DisposableSctpServer> bind() {
    return Mono.defer(() -> {
      SctpLoopResources r = resources != null ? resources : SctpLoopResources.defaultResources();
      ServerBootstrap b = new ServerBootstrap().group(r.group()).channel(EpollSctpServerChannel.class)
          .childHandler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
              channelInit.accept(ch);
              ChannelConnection connection = new ChannelConnection((EpollSctpChannel) ch);
              Flux.from(handler.apply(connection, connection))
                  .doFinally(signal -> connection.dispose())
                  .subscribe(null, error -> LOG.warn("handler of {} failed; the association is closed",
                      connection, error));
            }
          });
      childOptions.forEach((k, v) -> {
        if (k != ChannelOption.AUTO_READ) {
          b.option((ChannelOption) k, v);
          b.childOption((ChannelOption) k, v);
        }
      });
      return Mono.create(sink -> {
        io.netty.channel.ChannelFuture f = b.bind(bindAddress);
        f.addListener(done -> {
          if (done.isSuccess()) {
            sink.success(new DisposableSctpServer(f.channel()));
          } else {
            sink.error(done.cause());
          }
        });
      });
    });
  }

  /** {@return the bound server, blocking up to 45 s} */
  public DisposableSctpServer bindNow() {
    return bindNow(Duration.ofSeconds(45));
  }

  /**
   * Binds, blocking.
   *
   * @param timeout how long to wait
   * @return the bound server
   */
  public DisposableSctpServer bindNow(Duration timeout) {
    return bind().block(timeout);
  }
}
