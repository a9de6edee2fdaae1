package io.reactorsctp.channel;

import io.reactorsctp.internal.nativeio.SctpConstants;

/**
 * An HMAC an SCTP-AUTH endpoint offers ({@link SctpChannelOptions#SCTP_HMAC_IDENT}; RFC 4895 §3.3,
 * the HMAC Identifier registry). Each end sends with the first HMAC of the peer's list it supports.
 */
public enum SctpHmacAlgorithm {
  /** HMAC-SHA-1, identifier 1: every AUTH endpoint must offer it (RFC 4895 §3.3). */
  SHA1(SctpConstants.SCTP_AUTH_HMAC_ID_SHA1),
  /** HMAC-SHA-256, identifier 3. */
  SHA256(SctpConstants.SCTP_AUTH_HMAC_ID_SHA256);

  private final int id;

  SctpHmacAlgorithm(int id) {
    this.id = id;
  }

  /** {@return the HMAC identifier as it travels in the HMAC-ALGO parameter and AUTH chunk} */
  public int id() {
    return id;
  }

  /** {@return the algorithm of an identifier, or null when this library does not know it} */
  static SctpHmacAlgorithm of(int id) {
    for (SctpHmacAlgorithm a : values()) {
      if (a.id == id) {
        return a;
      }
    }
    return null;
  }
}
