package io.reactorsctp.channel;

import java.util.Arrays;
import java.util.Objects;

/**
 * An SCTP-AUTH endpoint-pair shared key (RFC 4895 §3.1, {@code SCTP_AUTH_KEY}): its identifier and
 * its bytes. The bytes are a secret: {@link #toString()} shows the identifier and the length only,
 * and no exception, log line or meter of this library names them. The key keeps its own copy of the
 * bytes, handed to the kernel when it is set; the native copy made for that call is zeroed at once.
 * {@link #destroy()} zeroes the key's own copy once it is no longer needed.
 */
public final class SctpAuthKey {
  /** The largest key identifier ({@code sca_keynumber} is 16 bits). */
  public static final int MAX_ID = 0xFFFF;

  /** The longest key ({@code sca_keylength} is 16 bits). */
  public static final int MAX_LENGTH = 0xFFFF;

  private final int id;
  private final byte[] material;

  private SctpAuthKey(int id, byte[] material) {
    this.id = id;
    this.material = material;
  }

  /**
   * Makes a key from a copy of {@code material}.
   *
   * @param id the shared key identifier, 0-65535; both ends must use the same identifier for the
   *     same bytes
   * @param material the key's bytes, 1-65535 of them (Linux refuses an empty key); copied, so the
   *     caller may zero its array afterwards
   * @return the key
   * @throws InvalidSctpMessageException naming {@code keyId} or {@code key} when out of range
   */
  public static SctpAuthKey of(int id, byte[] material) {
    Objects.requireNonNull(material, "key");
    checkId(id);
    if (material.length == 0 || material.length > MAX_LENGTH) {
      throw new InvalidSctpMessageException(
          "key", material.length + " bytes, must be 1 to " + MAX_LENGTH);
    }
    return new SctpAuthKey(id, material.clone());
  }

  /** {@return the shared key identifier} */
  public int id() {
    return id;
  }

  /** {@return the key's length in bytes} */
  public int length() {
    return material.length;
  }

  /** Zeroes this key's copy of the bytes; a destroyed key must not be set again. */
  public void destroy() {
    Arrays.fill(material, (byte) 0);
  }

  /** The bytes themselves, for the socket call only: never returned to users, never copied out. */
  byte[] material() {
    return material;
  }

  static int checkId(int id) {
    if (id < 0 || id > MAX_ID) {
      throw new InvalidSctpMessageException("keyId", id + " is outside 0 to " + MAX_ID);
    }
    return id;
  }

  /** {@return the identifier and length, never the bytes} */
  @Override
  public String toString() {
    return "SctpAuthKey[id=" + id + ", " + material.length + " bytes]";
  }
}
