package io.reactorsctp.reactive;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.reactorsctp.channel.MultiHomedAddress;
import io.reactorsctp.reactive.SctpConnectionObserver.State;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * What {@link SctpServer} and {@link SctpEndpoint} share beyond {@link SctpTransport}: where they
 * listen, the handler each association runs, binding and its hooks.
 *
 * @param <T> the concrete transport, which every method returns
 * @param <D> what binding yields
 * @param <A> the associations it has: an {@link SctpConnection} for a server, an {@link
 *     SctpAssociation} for an endpoint
 */
public abstract sealed class SctpServerTransport<
        T extends SctpServerTransport<T, D, A>,
        D extends DisposableSctpChannel<?>,
        A extends SctpAssociation>
    extends SctpTransport<T, SctpServerTransportConfig> permits SctpServer, SctpEndpoint {

  SctpServerTransport(SctpServerTransportConfig config) {
    super(config);
  }

  /**
   * Sets the local address and port to listen on.
   *
   * @param address the local address and port to listen on
   * @return a transport bound there
   */
  public final T bindAddress(InetSocketAddress address) {
    Objects.requireNonNull(address, "bindAddress");
    return with(c -> c.bindAddress = address);
  }

  /**
   * Sets the local address to listen on.
   *
   * @param host the local address to listen on
   * @param port the port (0: the kernel picks)
   * @return a transport bound there
   */
  public final T bindAddress(String host, int port) {
    return bindAddress(new InetSocketAddress(host, port));
  }

  /**
   * Sets local addresses to listen on (multi-homing: the first is bound, the rest added with
   * bindx).
   *
   * @param addresses local addresses to listen on, sharing the port of the first
   * @return a transport bound to all of them
   */
  public final T bindAddresses(List<InetSocketAddress> addresses) {
    MultiHomedAddress multi = MultiHomedAddress.of(addresses);
    return with(c -> c.bindAddress = multi);
  }

  /**
   * Sets the port to listen on, on the current address (each of them, when multi-homed).
   *
   * @param port the port to listen on (0: the kernel picks)
   * @return a transport bound there
   */
  public final T port(int port) {
    if (configuration().bindAddress instanceof MultiHomedAddress multi) {
      return bindAddresses(
          multi.addresses().stream()
              .map(a -> new InetSocketAddress(a.getAddress(), port))
              .toList());
    }
    return bindAddress(
        new InetSocketAddress(
            ((InetSocketAddress) configuration().bindAddress).getAddress(), port));
  }

  /**
   * Sets the handler each association runs as it comes up.
   *
   * @param handler runs once per association with its inbound and outbound sides; the association
   *     is shut down gracefully when the returned publisher terminates
   * @return a transport using it
   */
  public final T handle(
      BiFunction<? super SctpInbound, ? super SctpOutbound, ? extends Publisher<Void>> handler) {
    Objects.requireNonNull(handler, "handler");
    return with(c -> c.handler = handler);
  }

  /**
   * Runs {@code hook} each time a bind starts, before the channel is opened (reactor-netty's {@code
   * doOnBind}).
   *
   * @param hook receives the configuration binding
   * @return a transport running it after the hooks already given
   */
  public final T doOnBind(Consumer<? super SctpServerTransportConfig> hook) {
    Objects.requireNonNull(hook, "hook");
    return with(
        c -> {
          Consumer<? super SctpServerTransportConfig> first = c.doOnBind;
          c.doOnBind =
              config -> {
                first.accept(config);
                hook.accept(config);
              };
        });
  }

  /**
   * Runs {@code hook} once bound, on the channel's event loop, before {@link #bind()} emits
   * (reactor-netty's {@code doOnBound}). A hook that throws fails the bind and closes the channel.
   *
   * @param hook receives the bound server or endpoint; it must not block
   * @return a transport running it after the hooks already given
   */
  public final T doOnBound(Consumer<? super D> hook) {
    Objects.requireNonNull(hook, "hook");
    return with(c -> c.doOnBound = c.doOnBound.andThen(bound -> hook.accept(cast(bound))));
  }

  /**
   * Runs {@code hook} once the bound channel has closed (reactor-netty's {@code doOnUnbound}).
   *
   * @param hook receives the server or endpoint; it must not block
   * @return a transport running it after the hooks already given
   */
  public final T doOnUnbound(Consumer<? super D> hook) {
    Objects.requireNonNull(hook, "hook");
    return with(c -> c.doOnUnbound = c.doOnUnbound.andThen(bound -> hook.accept(cast(bound))));
  }

  /**
   * Runs {@code hook} for each association as it comes up, on its event loop, before the handler
   * reads from it (reactor-netty's {@code doOnConnection}); an observer of {@link State#CONNECTED}.
   *
   * @param hook receives the association (a server's: an {@link SctpConnection}); it must not block
   * @return a transport running it after the observers already given
   */
  public final T doOnConnection(Consumer<? super A> hook) {
    Objects.requireNonNull(hook, "hook");
    return observe(
        (association, state) -> {
          if (state == State.CONNECTED) {
            @SuppressWarnings("unchecked") // a server's associations are connections (see <A>)
            A typed = (A) association;
            hook.accept(typed);
          }
        });
  }

  @SuppressWarnings("unchecked") // the hooks of a T only ever see what its bind made: a D
  private D cast(DisposableSctpChannel<?> bound) {
    return (D) bound;
  }

  /** {@return a Mono that binds when subscribed; cancelling it closes the channel being bound} */
  public final Mono<D> bind() {
    return Mono.defer(
        () -> {
          SctpServerTransportConfig config = configuration();
          config.doOnBind.accept(config);
          return SctpTransport.open(
              () -> startBind(config),
              channel -> {
                D bound = bound(channel);
                config.doOnBound.accept(bound);
                channel.closeFuture().addListener(f -> config.doOnUnbound.accept(bound));
                return bound;
              });
        });
  }

  /** {@return the bind of a bootstrap set up from {@code config}} */
  abstract ChannelFuture startBind(SctpServerTransportConfig config);

  /** {@return what binding yields, made from the bound channel} */
  abstract D bound(Channel channel);

  /** {@return the bound server or endpoint, blocking up to 45 s} */
  public final D bindNow() {
    return bindNow(BLOCK_TIMEOUT);
  }

  /**
   * Binds, blocking.
   *
   * @param timeout how long to wait
   * @return the bound server or endpoint
   */
  public final D bindNow(Duration timeout) {
    return bind().block(timeout);
  }

  /**
   * Binds, then blocks the calling thread until the server or endpoint is disposed, closing it when
   * the JVM shuts down (reactor-netty's {@code bindUntilJavaShutdown}): the main of a program that
   * only serves.
   *
   * @param timeout how long the shutdown waits for the channel to close
   * @param onStart runs with the bound server or endpoint before blocking; may be null
   */
  public final void bindUntilJavaShutdown(Duration timeout, Consumer<? super D> onStart) {
    Objects.requireNonNull(timeout, "timeout");
    D bound = bindNow();
    Thread hook = new Thread(() -> bound.disposeNow(timeout), "reactor-sctp-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      if (onStart != null) {
        onStart.accept(bound);
      }
      bound.onDispose().block();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is shutting down: the hook is running (it disposed the channel).
      }
    }
  }
}
