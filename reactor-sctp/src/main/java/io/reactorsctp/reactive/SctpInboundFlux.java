package io.reactorsctp.reactive;

import io.netty.buffer.ByteBufUtil;
import io.reactorsctp.channel.SctpInboundMessage;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;

/**
 * The messages of {@link SctpInbound#receive()}, with reactor-netty's {@code ByteBufFlux}
 * conveniences: each turns every message into a value and releases it, so the subscriber owns
 * nothing to release. A message stays one value (SCTP keeps message boundaries): no aggregation is
 * needed or done. To keep stream, ppid and the other fields, use {@link #decode(Function)} or the
 * messages themselves.
 */
public final class SctpInboundFlux extends FluxOperator<SctpInboundMessage, SctpInboundMessage> {

  SctpInboundFlux(Flux<SctpInboundMessage> messages) {
    super(messages);
  }

  @Override
  public void subscribe(CoreSubscriber<? super SctpInboundMessage> actual) {
    source.subscribe(actual);
  }

  /**
   * Decodes each message and releases it.
   *
   * @param <V> what each message becomes
   * @param decoder reads one message (payload and fields); the message is released after it
   *     returns, so the value must not hold the payload
   * @return one value per message
   */
  public <V> Flux<V> decode(Function<? super SctpInboundMessage, ? extends V> decoder) {
    Objects.requireNonNull(decoder, "decoder");
    return map(
        m -> {
          try {
            return decoder.apply(m);
          } finally {
            m.release();
          }
        });
  }

  /** {@return each message's payload decoded as UTF-8, one string per message} */
  public Flux<String> asString() {
    return asString(StandardCharsets.UTF_8);
  }

  /**
   * Decodes each message's payload as text.
   *
   * @param charset the payload's character set
   * @return one string per message
   */
  public Flux<String> asString(Charset charset) {
    Objects.requireNonNull(charset, "charset");
    return decode(m -> m.content().toString(charset));
  }

  /** {@return each message's payload copied into a new array, one per message} */
  public Flux<byte[]> asByteArray() {
    return decode(m -> ByteBufUtil.getBytes(m.content()));
  }
}
