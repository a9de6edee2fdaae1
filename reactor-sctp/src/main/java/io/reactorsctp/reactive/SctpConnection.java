package io.reactorsctp.reactive;

import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.SctpAssociationStatus;
import java.net.InetSocketAddress;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/** One SCTP association: its inbound and outbound sides, its state, and its end. */
public interface SctpConnection extends Disposable {

  /** @return the receiving side */
  SctpInbound inbound();

  /** @return the sending side */
  SctpOutbound outbound();

  /** @return the underlying Netty channel */
  EpollSctpChannel channel();

  /** @return the local address */
  default InetSocketAddress localAddress() {
    return channel().localAddress();
  }

  /** @return the peer's primary address */
  default InetSocketAddress remoteAddress() {
    return channel().remoteAddress();
  }

  /** @return a snapshot of the association read from the kernel */
  default SctpAssociationStatus status() {
    return channel().status();
  }

  /**
   * Shuts the association down gracefully: queued messages are sent first.
   *
   * @return completes when the association is closed
   */
  Mono<Void> shutdown();

  /** Aborts the association at once (an ABORT chunk to the peer). */
  void abort();

  /** @return completes when the association has ended, for whatever reason */
  Mono<Void> onDispose();
}
