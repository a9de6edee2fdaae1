package io.reactorsctp.reactive;

import io.reactorsctp.channel.SctpAssociationStatus;
import io.reactorsctp.channel.SctpNotification;
import java.net.InetSocketAddress;
import java.util.List;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One SCTP association: its inbound and outbound sides, its state, and its end. A one-to-one
 * connection ({@link SctpConnection}) is one; so is each association of a one-to-many {@link
 * DisposableSctpEndpoint}.
 */
public interface SctpAssociation extends Disposable {

  /** {@return the receiving side} */
  SctpInbound inbound();

  /** {@return the sending side} */
  SctpOutbound outbound();

  /** {@return the association's notifications, as {@link SctpInbound#notifications()}} */
  default Flux<SctpNotification> notifications() {
    return inbound().notifications();
  }

  /** {@return the association's id as the kernel reports it (what one-to-many messages name)} */
  int associationId();

  /** {@return the local address} */
  InetSocketAddress localAddress();

  /** {@return the peer's primary address} */
  InetSocketAddress remoteAddress();

  /** {@return every address of the peer (multi-homing)} */
  List<InetSocketAddress> remoteAddresses();

  /** {@return a snapshot of the association read from the kernel ({@code SCTP_STATUS})} */
  SctpAssociationStatus status();

  /**
   * Ends the association gracefully: every message already written (waiting in the channel or in
   * the kernel) is sent first, then the SCTP SHUTDOWN sequence; a message written after it fails
   * (on a one-to-one connection with {@link
   * io.netty.channel.socket.ChannelOutputShutdownException}). What the peer sent that was not read
   * yet goes to {@link SctpInbound#receive()}'s subscriber as the association ends (released when
   * there is none).
   *
   * @return completes when the association has ended, that is once the peer acknowledged
   *     everything: a peer that reads nothing holds it back, so bound the wait (e.g. {@code
   *     timeout}) and {@link #abort()} if needed
   */
  Mono<Void> shutdown();

  /** Aborts the association at once (an ABORT chunk to the peer). */
  void abort();

  /** {@return completes when the association has ended, for whatever reason} */
  Mono<Void> onDispose();
}
