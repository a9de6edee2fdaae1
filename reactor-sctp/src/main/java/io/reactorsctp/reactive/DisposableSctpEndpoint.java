package io.reactorsctp.reactive;

import io.reactorsctp.channel.EpollSctpMultiChannel;
import io.reactorsctp.channel.InvalidSctpMessageException;
import io.reactorsctp.channel.SctpNotification;
import io.reactorsctp.channel.SctpOutboundMessage;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Objects;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A bound one-to-many endpoint: its associations, implicit association set-up, and its end.
 * Disposing it closes the socket, which aborts every association.
 *
 * <p>All associations share the socket's receive queue: an association holds up to 256 messages
 * beyond its subscriber's demand, and the endpoint stops reading (for all of them) while one holds
 * more; a subscriber that cancels releases its association's hold.
 */
public final class DisposableSctpEndpoint extends DisposableSctpChannel<EpollSctpMultiChannel> {
  private final EndpointDispatch dispatch;

  DisposableSctpEndpoint(EpollSctpMultiChannel channel, EndpointDispatch dispatch) {
    super(channel);
    this.dispatch = dispatch;
  }

  /**
   * Emits the endpoint's associations.
   *
   * @return the associations up when subscribed, then each as it comes up (set up by a peer or
   *     implicitly); completes when the endpoint closes. Each association's {@code receive()}
   *     allows one subscriber: with a handler installed, that is the handler.
   */
  public Flux<SctpAssociation> associations() {
    return dispatch.associations();
  }

  /** {@return every notification of every association, as read (hot)} */
  public Flux<SctpNotification> notifications() {
    return dispatch.notifications();
  }

  /**
   * Sends messages to a peer, setting an association up implicitly when there is none (as {@code
   * sctp_sendx(3)}): the first message travels in the association's set-up. Each message is sent to
   * {@code peer} whatever it named.
   *
   * @param peer the peer: an address, or a {@link io.reactorsctp.channel.MultiHomedAddress}
   *     (connectx)
   * @param messages the messages; each is owned by the send from the moment it is emitted
   * @return completes when every message has been handed to the kernel; errors with {@link
   *     SctpSendException}
   */
  public Mono<Void> send(SocketAddress peer, Publisher<? extends SctpOutboundMessage> messages) {
    Objects.requireNonNull(peer, "peer");
    return dispatch.send(Flux.from(messages).map(m -> m.toPeer(peer)));
  }

  /**
   * The association this endpoint has with a peer, found by any of the peer's addresses: how a
   * writer learns the association a {@link #send(SocketAddress, Publisher)} set up implicitly
   * ({@code SCTP_GET_PEER_ADDR_INFO}).
   *
   * @param peer one of the peer's addresses
   * @return the association; errors with {@link InvalidSctpMessageException} naming {@code peer}
   *     when there is none
   */
  public Mono<SctpAssociation> association(InetSocketAddress peer) {
    Objects.requireNonNull(peer, "peer");
    return Mono.<SctpAssociation>create(
        sink ->
            channel()
                .eventLoop()
                .execute(
                    () -> {
                      int id;
                      try {
                        id = channel().peerAddressInfo(0, peer).associationId();
                      } catch (RuntimeException e) {
                        sink.error(
                            new InvalidSctpMessageException(
                                "peer",
                                "this endpoint has no association with "
                                    + peer
                                    + " ("
                                    + e.getMessage()
                                    + ")"));
                        return;
                      }
                      sink.success(dispatch.association(id));
                    }));
  }

  /**
   * Sends messages that name their own association or peer.
   *
   * @param messages messages that each name their association ({@code associationId}) or peer, or
   *     go to all
   * @return completes when every message has been handed to the kernel; errors with {@link
   *     SctpSendException}
   */
  public Mono<Void> send(Publisher<? extends SctpOutboundMessage> messages) {
    return dispatch.send(messages);
  }
}
