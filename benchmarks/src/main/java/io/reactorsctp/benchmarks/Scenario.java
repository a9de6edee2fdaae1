package io.reactorsctp.benchmarks;

/**
 * One benchmark configuration: what every peer sends on its one association.
 *
 * @param size payload bytes per message
 * @param streams streams negotiated and used round-robin
 * @param unordered whether messages are sent unordered (the DATA chunk's U bit)
 * @param ttlMillis a PR-SCTP TTL in milliseconds, or 0 for fully reliable
 */
record Scenario(int size, int streams, boolean unordered, int ttlMillis) {
  static final int PPID = 46;

  /** From the JMH parameter {@code delivery}: {@code ordered}, {@code unordered} or {@code ttl} (1 s TTL). */
  static Scenario of(int size, int streams, String delivery) {
    return switch (delivery) {
      case "ordered" -> new Scenario(size, streams, false, 0);
      case "unordered" -> new Scenario(size, streams, true, 0);
      case "ttl" -> new Scenario(size, streams, false, 1000);
      default -> throw new IllegalArgumentException("delivery must be ordered, unordered or ttl, not " + delivery);
    };
  }
}
