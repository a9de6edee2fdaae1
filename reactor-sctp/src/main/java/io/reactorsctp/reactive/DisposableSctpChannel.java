package io.reactorsctp.reactive;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.time.Duration;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * A bound listening channel, {@link DisposableSctpServer} or {@link DisposableSctpEndpoint}: its
 * address, its channel, and its end. Disposing closes the channel; what that means for its
 * associations each subclass says.
 *
 * @param <C> the Netty channel bound
 */
public abstract sealed class DisposableSctpChannel<C extends Channel> implements Disposable
    permits DisposableSctpServer, DisposableSctpEndpoint {

  private final C channel;

  DisposableSctpChannel(C channel) {
    this.channel = channel;
  }

  /** {@return the underlying Netty channel} */
  public C channel() {
    return channel;
  }

  /** {@return the bound address (the primary one, when multi-homed)} */
  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  /** {@return the bound port} */
  public int port() {
    return address().getPort();
  }

  @Override
  public void dispose() {
    channel.close();
  }

  /** Closes the channel and waits up to 10 s for it to close. */
  public void disposeNow() {
    disposeNow(Duration.ofSeconds(10));
  }

  /**
   * Closes the channel and waits for it to close.
   *
   * @param timeout how long to wait
   */
  public void disposeNow(Duration timeout) {
    channel.close().awaitUninterruptibly(timeout.toMillis());
  }

  @Override
  public boolean isDisposed() {
    return !channel.isOpen();
  }

  /** {@return completes when the channel has closed} */
  public Mono<Void> onDispose() {
    return Mono.create(sink -> channel.closeFuture().addListener(f -> sink.success()));
  }
}
