package io.reactorsctp.reactive;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.time.Duration;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/** A bound SCTP server; disposing it stops accepting (established associations carry on until they end). */
public final class DisposableSctpServer implements Disposable {
  private final Channel channel;

  DisposableSctpServer(Channel channel) {
    this.channel = channel;
  }

  /** {@return the bound address} */
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

  /** Stops accepting and waits up to 10 s for the listening socket to close. */
  public void disposeNow() {
    disposeNow(Duration.ofSeconds(10));
  }

  /**
   * Stops accepting and waits for the listening socket to close.
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

  /** {@return completes when the server no longer accepts} */
  public Mono<Void> onDispose() {
    return Mono.create(sink -> channel.closeFuture().addListener(f -> sink.success()));
  }
}
