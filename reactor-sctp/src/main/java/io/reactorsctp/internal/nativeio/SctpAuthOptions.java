package io.reactorsctp.internal.nativeio;

import static io.reactorsctp.internal.nativeio.SctpConstants.*;
import static io.reactorsctp.internal.nativeio.SctpStructs.offset;

import io.reactorsctp.SctpNativeException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * The SCTP-AUTH socket options (RFC 4895; RFC 6458 §8.1.18-§8.1.23, §8.2.3-§8.2.4) of an {@link
 * SctpSocket}. Enabling AUTH itself is {@code setAssocValue(SCTP_AUTH_SUPPORTED, ..)}. Key bytes
 * never appear in a call's description (what an exception names), and the native copy of a key is
 * zeroed before its memory is released. Internal: not part of reactor-sctp's API.
 */
abstract sealed class SctpAuthOptions extends SctpSocketOptions permits SctpSocket {
  /** Chunk types are one byte: at most 256 in a list. */
  private static final int MAX_CHUNK_TYPES = 256;

  /** Linux keeps at most this many HMAC identifiers ({@code SCTP_AUTH_NUM_HMACS}). */
  private static final int MAX_HMAC_IDENTS = 4;

  SctpAuthOptions(int fd, boolean ipv6) {
    super(fd, ipv6);
  }

  /**
   * Adds a chunk type the peer must authenticate ({@code SCTP_AUTH_CHUNK}): it goes into the CHUNKS
   * parameter of later INITs and INIT-ACKs. Linux refuses it (EACCES) until AUTH is enabled.
   *
   * @param chunkType the chunk type, 0-255
   * @throws SctpNativeException when the kernel refuses (EINVAL for INIT, INIT-ACK,
   *     SHUTDOWN-COMPLETE, AUTH)
   */
  public void addAuthChunk(int chunkType) throws SctpNativeException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = arena.allocate(SctpStructs.SCTP_AUTHCHUNK);
      s.set(
          ValueLayout.JAVA_BYTE,
          offset(SctpStructs.SCTP_AUTHCHUNK, "sauth_chunk"),
          (byte) chunkType);
      setOption(
          arena, SOL_SCTP, SCTP_AUTH_CHUNK, s, "setsockopt(SCTP_AUTH_CHUNK, " + chunkType + ")");
    }
  }

  /**
   * Reads the chunk types that must be authenticated ({@code SCTP_LOCAL_AUTH_CHUNKS}: those this
   * end requires; {@code SCTP_PEER_AUTH_CHUNKS}: those the peer requires).
   *
   * @param peer the peer's list rather than ours
   * @param assocId the association (0: the endpoint's, for the local list only)
   * @return the chunk types, in the order of the CHUNKS parameter
   * @throws SctpNativeException when the kernel refuses (EACCES: AUTH off or not negotiated)
   */
  public int[] authChunks(boolean peer, int assocId) throws SctpNativeException {
    StructLayout l = SctpStructs.SCTP_AUTHCHUNKS;
    int option = peer ? SCTP_PEER_AUTH_CHUNKS : SCTP_LOCAL_AUTH_CHUNKS;
    String what = "getsockopt(" + (peer ? "SCTP_PEER_AUTH_CHUNKS" : "SCTP_LOCAL_AUTH_CHUNKS") + ")";
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = arena.allocate(l.byteSize() + MAX_CHUNK_TYPES, 4);
      s.set(ValueLayout.JAVA_INT, offset(l, "gauth_assoc_id"), assocId);
      getOption(arena, SOL_SCTP, option, s, what);
      int n =
          Math.min(
              MAX_CHUNK_TYPES, s.get(ValueLayout.JAVA_INT, offset(l, "gauth_number_of_chunks")));
      int[] types = new int[n];
      for (int i = 0; i < n; i++) {
        types[i] = Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, offset(l, "gauth_chunks") + i));
      }
      return types;
    }
  }

  /**
   * Sets the HMAC identifiers this endpoint offers, most preferred first ({@code SCTP_HMAC_IDENT}).
   * Linux requires SHA-1 among them (EINVAL otherwise, RFC 4895 §3.3) and AUTH enabled (EACCES).
   *
   * @param idents HMAC identifiers ({@code SCTP_AUTH_HMAC_ID_*}), 1 to 4 of them
   * @throws SctpNativeException when the kernel refuses (EOPNOTSUPP: an unknown identifier)
   */
  public void setHmacIdents(int[] idents) throws SctpNativeException {
    StructLayout l = SctpStructs.SCTP_HMACALGO;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = arena.allocate(l.byteSize() + 2L * idents.length, 4);
      s.set(ValueLayout.JAVA_INT, offset(l, "shmac_num_idents"), idents.length);
      for (int i = 0; i < idents.length; i++) {
        s.set(ValueLayout.JAVA_SHORT, offset(l, "shmac_idents") + 2L * i, (short) idents[i]);
      }
      setOption(
          arena,
          SOL_SCTP,
          SCTP_HMAC_IDENT,
          s,
          "setsockopt(SCTP_HMAC_IDENT, " + java.util.Arrays.toString(idents) + ")");
    }
  }

  /**
   * @return the HMAC identifiers this endpoint offers, most preferred first ({@code
   *     SCTP_HMAC_IDENT})
   * @throws SctpNativeException when the kernel refuses (EACCES: AUTH off)
   */
  public int[] hmacIdents() throws SctpNativeException {
    StructLayout l = SctpStructs.SCTP_HMACALGO;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = arena.allocate(l.byteSize() + 2L * MAX_HMAC_IDENTS, 4);
      getOption(arena, SOL_SCTP, SCTP_HMAC_IDENT, s, "getsockopt(SCTP_HMAC_IDENT)");
      int n = Math.min(MAX_HMAC_IDENTS, s.get(ValueLayout.JAVA_INT, offset(l, "shmac_num_idents")));
      int[] idents = new int[n];
      for (int i = 0; i < n; i++) {
        idents[i] =
            Short.toUnsignedInt(s.get(ValueLayout.JAVA_SHORT, offset(l, "shmac_idents") + 2L * i));
      }
      return idents;
    }
  }

  /**
   * Adds a shared key, or replaces the key of that id ({@code SCTP_AUTH_KEY}). The native copy is
   * zeroed before it is released; the description of the call names the id and length only.
   *
   * @param assocId the association (0: the endpoint, for associations to come)
   * @param keyId the shared key identifier, 0-65535
   * @param key the key's bytes, 1-65535 of them (Linux refuses an empty key: EINVAL)
   * @throws SctpNativeException when the kernel refuses (EACCES: AUTH off or not negotiated)
   */
  public void setAuthKey(int assocId, int keyId, byte[] key) throws SctpNativeException {
    StructLayout l = SctpStructs.SCTP_AUTHKEY;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = arena.allocate(l.byteSize() + key.length, 4);
      try {
        s.set(ValueLayout.JAVA_INT, offset(l, "sca_assoc_id"), assocId);
        s.set(ValueLayout.JAVA_SHORT, offset(l, "sca_keynumber"), (short) keyId);
        s.set(ValueLayout.JAVA_SHORT, offset(l, "sca_keylength"), (short) key.length);
        MemorySegment.copy(key, 0, s, ValueLayout.JAVA_BYTE, offset(l, "sca_key"), key.length);
        setOption(
            arena,
            SOL_SCTP,
            SCTP_AUTH_KEY,
            s,
            "setsockopt(SCTP_AUTH_KEY, id " + keyId + ", " + key.length + " bytes)");
      } finally {
        s.fill((byte) 0);
      }
    }
  }

  /**
   * One of the options taking {@code struct sctp_authkeyid}: {@code SCTP_AUTH_ACTIVE_KEY}, {@code
   * SCTP_AUTH_DEACTIVATE_KEY}, {@code SCTP_AUTH_DELETE_KEY}.
   *
   * @param option the option
   * @param assocId the association (0: the endpoint)
   * @param keyId the shared key identifier
   * @throws SctpNativeException when the kernel refuses (EINVAL: no such key, or the active key
   *     deactivated or deleted; EACCES: AUTH off or not negotiated)
   */
  public void setAuthKeyId(int option, int assocId, int keyId) throws SctpNativeException {
    StructLayout l = SctpStructs.SCTP_AUTHKEYID;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = arena.allocate(l);
      s.set(ValueLayout.JAVA_INT, offset(l, "scact_assoc_id"), assocId);
      s.set(ValueLayout.JAVA_SHORT, offset(l, "scact_keynumber"), (short) keyId);
      setOption(
          arena,
          SOL_SCTP,
          option,
          s,
          "setsockopt(" + optionName(SOL_SCTP, option) + ", id " + keyId + ")");
    }
  }

  /**
   * @param assocId the association (0: the endpoint)
   * @return the active shared key identifier ({@code SCTP_AUTH_ACTIVE_KEY})
   * @throws SctpNativeException when the kernel refuses (EACCES: AUTH off or not negotiated)
   */
  public int activeAuthKey(int assocId) throws SctpNativeException {
    StructLayout l = SctpStructs.SCTP_AUTHKEYID;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = arena.allocate(l);
      s.set(ValueLayout.JAVA_INT, offset(l, "scact_assoc_id"), assocId);
      getOption(arena, SOL_SCTP, SCTP_AUTH_ACTIVE_KEY, s, "getsockopt(SCTP_AUTH_ACTIVE_KEY)");
      return Short.toUnsignedInt(s.get(ValueLayout.JAVA_SHORT, offset(l, "scact_keynumber")));
    }
  }
}
