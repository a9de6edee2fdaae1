package io.reactorsctp.reactive;

import io.reactorsctp.channel.SctpAssociationStatus;
import io.reactorsctp.channel.SctpAuthKey;
import io.reactorsctp.channel.SctpNotification;
import io.reactorsctp.channel.SctpReconfigRequest;
import io.reactorsctp.channel.SctpReconfigurationException;
import io.reactorsctp.channel.SctpResetDirection;
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
   * Adds an SCTP-AUTH shared key to this association, or replaces the key of that id ({@code
   * SCTP_AUTH_KEY}). The key's bytes go to the kernel only.
   *
   * @param key the key
   * @return completes once the kernel holds the key; fails with {@link
   *     io.reactorsctp.channel.SctpAuthUnavailableException} when the association has no AUTH
   */
  Mono<Void> addAuthKey(SctpAuthKey key);

  /**
   * Makes a key the one this end authenticates its chunks with ({@code SCTP_AUTH_ACTIVE_KEY}).
   *
   * @param keyId a key added before
   * @return completes once active; fails with {@link
   *     io.reactorsctp.channel.InvalidSctpMessageException} naming {@code keyId} when there is no
   *     such key, the association staying up
   */
  Mono<Void> activateAuthKey(int keyId);

  /**
   * Stops sending with a key ({@code SCTP_AUTH_DEACTIVATE_KEY}); {@link
   * SctpNotification.Authentication} FREE_KEY follows once no chunk needs it.
   *
   * @param keyId a key added before, not the active one
   * @return completes once deactivated; fails naming {@code keyId} when there is no such key or it
   *     is the active one
   */
  Mono<Void> deactivateAuthKey(int keyId);

  /**
   * Deletes a key ({@code SCTP_AUTH_DELETE_KEY}).
   *
   * @param keyId a key added before, not the active one
   * @return completes once deleted; fails naming {@code keyId} when there is no such key or it is
   *     the active one
   */
  Mono<Void> deleteAuthKey(int keyId);

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

  /**
   * Resets streams' sequence numbers (RFC 6525 stream reconfiguration): after an outgoing reset the
   * next message on each stream carries SSN 0. Needs {@link SctpReconfigRequest#RESET_STREAMS}
   * enabled on both ends before the association is set up ({@link
   * SctpTransport#streamReconfiguration}). The answer comes as a notification, read with the
   * association's messages: keep {@link SctpInbound#receive()} subscribed (with demand) meanwhile.
   *
   * @param direction this end's outgoing streams, the peer's, or both
   * @param streams the streams; none: all
   * @return completes when the peer has performed the reset; fails with {@link
   *     SctpReconfigurationException} (not negotiated, in progress, data queued, denied, failed,
   *     ended) or {@link io.reactorsctp.channel.InvalidSctpMessageException} naming a stream beyond
   *     the association's count. The request is sent on subscription.
   */
  Mono<Void> resetStreams(SctpResetDirection direction, int... streams);

  /**
   * Resets the association's TSNs and every stream's sequence numbers (RFC 6525); needs {@link
   * SctpReconfigRequest#RESET_ASSOCIATION} enabled on both ends.
   *
   * @return completes when the peer has performed it; fails as {@link #resetStreams}
   */
  Mono<Void> resetAssociation();

  /**
   * Adds streams to the association (RFC 6525); needs {@link SctpReconfigRequest#ADD_STREAMS}
   * enabled on both ends. A new outbound stream takes messages as soon as the Mono completes.
   *
   * @param outbound outbound streams to add (0..65535)
   * @param inbound inbound streams to add (0..65535); at least one of the two is positive
   * @return completes when the peer has added them; fails as {@link #resetStreams}
   */
  Mono<Void> addStreams(int outbound, int inbound);

  /**
   * Adds a local address to the association at run time (RFC 5061 dynamic addresses): the kernel
   * binds it and sends the peer an ASCONF with an Add IP Address parameter, and the peer's
   * application sees {@link SctpNotification.PeerAddressChange} ADDED. Needs dynamic addresses on
   * both ends before the association is set up ({@link SctpTransport#dynamicAddresses}), and the
   * socket bound to specific addresses (not the wildcard). On a one-to-many endpoint the address is
   * the endpoint's: every association that negotiated ASCONF learns of it.
   *
   * @param address an address of this host, used with the association's port
   * @return completes once the kernel has bound it and sent (or queued behind the ASCONF awaiting
   *     its answer) the ASCONF; fails with {@link
   *     io.reactorsctp.channel.SctpAddressChangeException} (not negotiated, not enabled: nothing is
   *     changed) or the kernel's {@link io.reactorsctp.SctpNativeException} naming the address
   *     (EADDRNOTAVAIL: not on this host). Sent on subscription.
   */
  Mono<Void> addLocalAddress(java.net.InetAddress address);

  /**
   * Removes a local address from the association at run time (RFC 5061): an ASCONF with a Delete IP
   * Address parameter, seen by the peer as {@link SctpNotification.PeerAddressChange} REMOVED. Ask
   * the peer to use another address first ({@link #requestPeerPrimary}) so nothing it sends is held
   * up.
   *
   * @param address one of the association's local addresses
   * @return completes once removed and the ASCONF sent or queued; fails with {@link
   *     io.reactorsctp.channel.SctpAddressChangeException} (the last address, not negotiated, not
   *     enabled) or the kernel's refusal naming the address (EINVAL: not bound). Sent on
   *     subscription.
   */
  Mono<Void> removeLocalAddress(java.net.InetAddress address);

  /**
   * Asks the peer to use one of our addresses as its primary path to us (RFC 5061 Set Primary
   * Address; {@code SCTP_SET_PEER_PRIMARY_ADDR}); the peer's application sees {@link
   * SctpNotification.PeerAddressChange} MADE_PRIMARY. It may directly follow {@link
   * #addLocalAddress} of that address: the kernel sends one ASCONF at a time, in order.
   *
   * @param address one of the association's local addresses, used with the association's port
   * @return completes once the kernel has sent or queued the request; fails with {@link
   *     io.reactorsctp.channel.SctpAddressChangeException} naming the field (not negotiated, not an
   *     address of the association, not established). Sent on subscription.
   */
  Mono<Void> requestPeerPrimary(java.net.InetAddress address);

  /**
   * Sets an outbound stream's value for the association's stream scheduler (RFC 8260 §4.3.3; the
   * scheduler is chosen with {@link SctpTransport#streamScheduler}): under {@link
   * io.reactorsctp.channel.SctpStreamScheduler#PRIORITY}, its priority (lower goes first; every
   * stream starts at 0).
   *
   * @param stream an outbound stream of the association
   * @param value the value, 0..65535
   * @return completes once the kernel has it (set on subscription); fails with {@link
   *     io.reactorsctp.channel.InvalidSctpMessageException} naming {@code streamId} or {@code
   *     value}
   */
  Mono<Void> streamSchedulerValue(int stream, int value);

  /** Aborts the association at once (an ABORT chunk to the peer). */
  void abort();

  /** {@return completes when the association has ended, for whatever reason} */
  Mono<Void> onDispose();
}
