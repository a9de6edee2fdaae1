package io.reactorsctp.reactive;

import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.SctpAssociationStatus;
import io.reactorsctp.channel.SctpNotification;
import java.net.InetSocketAddress;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** One SCTP association: its inbound and outbound sides, its state, and its end. */
public interface SctpConnection extends Disposable {

  /** @return the receiving side */
  SctpInbound inbound();

  /** @return the sending side */
  SctpOutbound outbound();

  /** @return the association's notifications, as {@link SctpInbound#notifications()} */
  default Flux<SctpNotification> notifications() {
    return inbound().notifications();
  }

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
   * Closes the association gracefully: the kernel sends what is queued, then the SCTP SHUTDOWN sequence.
   *
   * @return completes when the channel is closed (the kernel completes the shutdown sequence on its own)
   */
  Mono<Void> shutdown();

  /** Aborts the association at once (an ABORT chunk to the peer). */
  void abort();

  /** @return completes when the association has ended, for whatever reason */
  Mono<Void> onDispose();
}
