package io.reactorsctp.reactive;

import io.reactorsctp.channel.MultiHomedAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * What {@link SctpServer} and {@link SctpEndpoint} share beyond {@link SctpTransport}: where they
 * listen, the handler each association runs, and binding.
 *
 * @param <T> the concrete transport, which every method returns
 * @param <D> what binding yields
 */
public abstract sealed class SctpServerTransport<
        T extends SctpServerTransport<T, D>, D extends DisposableSctpChannel<?>>
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

  /** {@return a Mono that binds when subscribed; cancelling it closes the channel being bound} */
  public abstract Mono<D> bind();

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
}
