package io.reactorsctp.reactive;

import io.reactorsctp.Errno;
import io.reactorsctp.SctpNativeException;
import java.time.Duration;
import reactor.util.retry.Retry;
import reactor.util.retry.RetryBackoffSpec;

/**
 * Reconnecting after a peer restarted or went away for a while: a {@link Retry} with exponential
 * backoff and jitter for {@link SctpClient#connect()}, retrying only the failures a restart
 * explains (nothing listens yet: {@code ECONNREFUSED}; the association was reset or timed out while
 * being set up) and passing every other error (bad configuration, an invalid address) through at
 * once.
 *
 * <pre>{@code
 * Mono<SctpConnection> connection = client.connect()
 *     .retryWhen(SctpReconnect.backoff(10, Duration.ofMillis(100), Duration.ofSeconds(5)));
 * }</pre>
 *
 * After an association ended ({@link SctpConnection#onDispose()}), subscribe to the same {@code
 * Mono} again. A failed attempt's socket is closed before the next one: retrying leaks no file
 * descriptor ({@code ServerRestartTest}).
 */
public final class SctpReconnect {

  /**
   * Makes the retry spec.
   *
   * @param maxAttempts retries before the last failure is passed on (wrapped by Reactor's
   *     retry-exhausted error, whose cause it is)
   * @param firstBackoff the wait before the first retry, doubled for each further one (with jitter)
   * @param maxBackoff the longest wait
   * @return the retry spec for {@code retryWhen}
   */
  public static RetryBackoffSpec backoff(
      long maxAttempts, Duration firstBackoff, Duration maxBackoff) {
    return Retry.backoff(maxAttempts, firstBackoff)
        .maxBackoff(maxBackoff)
        .filter(SctpReconnect::isTransient);
  }

  /**
   * Tells whether a failure is one a peer restart explains.
   *
   * @param error why a connect failed
   * @return whether a later attempt may succeed: the peer refused (nothing listening), reset, or
   *     did not answer
   */
  public static boolean isTransient(Throwable error) {
    if (error instanceof SctpNativeException e) {
      int errno = e.errno();
      return errno == Errno.ECONNREFUSED
          || errno == Errno.ECONNRESET
          || errno == Errno.EPIPE
          || errno == Errno.ETIMEDOUT
          || errno == Errno.EHOSTUNREACH;
    }
    return error instanceof io.netty.channel.ConnectTimeoutException;
  }

  private SctpReconnect() {}
}
