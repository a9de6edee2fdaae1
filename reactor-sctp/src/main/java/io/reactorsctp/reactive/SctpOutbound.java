package io.reactorsctp.reactive;

import io.reactorsctp.channel.SctpOutboundMessage;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/** The sending side of an SCTP association. */
public interface SctpOutbound {

  /**
   * Sends every message of {@code messages}, requesting from it only while the association can take more: when the
   * kernel's send buffer is full (EAGAIN) the channel turns unwritable and demand stops until it drains.
   *
   * @param messages the messages; each is owned by the send from the moment it is emitted
   * @return completes when every message has been handed to the kernel; errors with {@link SctpSendException}
   *     naming the first message that failed (later messages are not sent and are released)
   */
  Mono<Void> send(Publisher<? extends SctpOutboundMessage> messages);
}
