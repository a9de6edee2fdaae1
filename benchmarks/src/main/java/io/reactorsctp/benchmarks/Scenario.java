package io.reactorsctp.benchmarks;

/**
 * One benchmark configuration: what every peer sends on its one association.
 *
 * @param size payload bytes per message
 * @param streams streams negotiated and used round-robin
 * @param unordered whether messages are sent unordered (the DATA chunk's U bit)
 * @param ttlMillis a PR-SCTP TTL in milliseconds, or 0 for fully reliable
 * @param path where the two ends meet: {@link NetworkPath#LOOPBACK} or {@link NetworkPath#VETH}
 */
record Scenario(int size, int streams, boolean unordered, int ttlMillis, String path) {
  static final int PPID = 46;

  /**
   * A PR-SCTP TTL long enough never to expire here: the scenario measures the cost of the PR-SCTP
   * send path, and an abandoned message would never arrive to be counted.
   */
  static final int TTL_MILLIS = 30_000;

  /** From the JMH parameter {@code delivery}: {@code ordered}, {@code unordered} or {@code ttl}. */
  static Scenario of(int size, int streams, String delivery) {
    return switch (delivery) {
      case "ordered" -> new Scenario(size, streams, false, 0, NetworkPath.LOOPBACK);
      case "unordered" -> new Scenario(size, streams, true, 0, NetworkPath.LOOPBACK);
      case "ttl" -> new Scenario(size, streams, false, TTL_MILLIS, NetworkPath.LOOPBACK);
      default ->
          throw new IllegalArgumentException(
              "delivery must be ordered, unordered or ttl, not " + delivery);
    };
  }

  /** The same scenario over {@code path}. */
  Scenario on(String path) {
    return new Scenario(size, streams, unordered, ttlMillis, path);
  }

  /** Over the veth pair at MTU 1500. */
  boolean overVeth() {
    return NetworkPath.VETH.equals(path);
  }
}
