package io.reactorsctp.spring;

import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.reactive.SctpAssociation;
import reactor.core.publisher.Flux;

/**
 * Serves the associations of a configured server: called once per association with its inbound
 * messages; the messages of the returned {@code Flux} are sent on that association. When the
 * returned {@code Flux} terminates, the association is shut down gracefully.
 *
 * <pre>{@code
 * @Bean
 * SctpMessageHandler diameter() {
 *   return (association, inbound) -> inbound.map(m ->       // answer each request on its own stream
 *       SctpOutboundMessage.builder(answer(m.content())).streamId(m.streamId()).ppid(m.ppid()).build());
 * }
 * }</pre>
 *
 * <p>Each inbound message belongs to the handler: {@code release()} it, or hand its content to an
 * outbound message (which then owns it). Inbound messages are read as the returned {@code Flux}
 * requests them. A server takes the handler named by {@code reactor.sctp.servers.<name>.handler},
 * or the only {@code SctpMessageHandler} bean.
 */
@FunctionalInterface
public interface SctpMessageHandler {

  /**
   * Returns the messages to send on it.
   *
   * @param association the association (peer addresses, status, notifications, shutdown)
   * @param inbound its messages, in arrival order
   * @return the messages to send on it
   */
  Flux<SctpOutboundMessage> handle(SctpAssociation association, Flux<SctpInboundMessage> inbound);
}
