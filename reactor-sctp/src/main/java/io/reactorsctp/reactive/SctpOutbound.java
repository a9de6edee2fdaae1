package io.reactorsctp.reactive;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.reactorsctp.channel.SctpOutboundMessage;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The sending side of an SCTP association. */
public interface SctpOutbound {

  /**
   * Sends every message of {@code messages}, requesting from it only while the association can take
   * more: when the kernel's send buffer is full (EAGAIN) the channel turns unwritable and demand
   * stops until it drains.
   *
   * @param messages the messages; each is owned by the send from the moment it is emitted
   * @return completes when every message has been handed to the kernel; errors with {@link
   *     SctpSendException} naming the first message that failed (later messages are not sent and
   *     are released)
   */
  Mono<Void> send(Publisher<? extends SctpOutboundMessage> messages);

  /**
   * Sends like {@link #send} and reports what became of each message: exactly one {@link
   * SendResult} per message taken from {@code messages}, as soon as it is known. A message the
   * channel refuses fails alone (the others are still sent). The kernel's send-failed reports
   * abandon or fail messages; the association's send queue draining ({@code SCTP_STATUS} with
   * nothing unacknowledged, read every 10 ms while messages wait) acknowledges the rest; its end
   * settles what is left. The flux completes once every message has its result; it errors after
   * that if sending stopped early (the association ended, the publisher failed).
   *
   * <p>The kernel's reports travel in the association's receive queue, behind its data: keep {@link
   * SctpInbound#receive()} consumed, or abandonments surface late (as {@code
   * ACKNOWLEDGED_OR_ABANDONED}) and an end as {@code UNCONFIRMED}. Each message travels with a
   * context of the library's (the context is local to the sender and never on the wire); results
   * carry the message's own.
   *
   * @param messages the messages; each is owned by the send from the moment it is emitted
   * @return one result per message, in the order outcomes become known
   */
  Flux<SendResult> sendWithReceipts(Publisher<? extends SctpOutboundMessage> messages);

  /**
   * Sends each string as one message, UTF-8 encoded, on stream 0 with ppid 0 (reactor-netty's
   * {@code sendString}). For another stream or ppid, build {@link SctpOutboundMessage}s.
   *
   * @param strings the messages' texts
   * @return as {@link #send}
   */
  default Mono<Void> sendString(Publisher<? extends String> strings) {
    return sendString(strings, StandardCharsets.UTF_8);
  }

  /**
   * Sends each string as one message on stream 0 with ppid 0, encoded straight into pooled direct
   * memory (the channel then copies nothing more).
   *
   * @param strings the messages' texts
   * @param charset how to encode them
   * @return as {@link #send}
   */
  default Mono<Void> sendString(Publisher<? extends String> strings, Charset charset) {
    Objects.requireNonNull(charset, "charset");
    return send(
        Flux.from(strings)
            .map(
                s ->
                    SctpOutboundMessage.builder(
                            ByteBufUtil.encodeString(
                                ByteBufAllocator.DEFAULT, CharBuffer.wrap(s), charset))
                        .build()));
  }

  /**
   * Sends each array as one message on stream 0 with ppid 0 (reactor-netty's {@code
   * sendByteArray}). Each array is wrapped, not copied: do not change it until {@code send}
   * completes.
   *
   * @param arrays the messages' payloads
   * @return as {@link #send}
   */
  default Mono<Void> sendByteArray(Publisher<? extends byte[]> arrays) {
    return send(Flux.from(arrays).map(bytes -> SctpOutboundMessage.builder(bytes).build()));
  }
}
