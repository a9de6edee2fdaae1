package io.reactorsctp.reactive;

import io.netty.util.concurrent.Future;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/** A Netty future as a {@code Mono<Void>}: the request starts on subscription, once each time. */
final class FutureMono {
  static Mono<Void> of(Supplier<Future<Void>> request) {
    return Mono.create(
        sink ->
            request
                .get()
                .addListener(
                    f -> {
                      if (f.isSuccess()) {
                        sink.success();
                      } else {
                        sink.error(f.cause());
                      }
                    }));
  }

  private FutureMono() {}
}
