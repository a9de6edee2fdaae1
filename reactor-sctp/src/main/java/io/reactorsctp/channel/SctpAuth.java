package io.reactorsctp.channel;

import static io.reactorsctp.internal.nativeio.SctpConstants.*;

import io.netty.channel.ChannelException;
import io.reactorsctp.Errno;
import io.reactorsctp.SctpNativeException;
import io.reactorsctp.internal.nativeio.SctpSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * SCTP-AUTH (RFC 4895) on one socket, for the options and the key methods of both channel kinds:
 * values checked against RFC 4895's limits, the kernel's refusals turned into typed errors naming
 * the field. Key bytes are handed to the kernel only; no message here names them.
 */
final class SctpAuth {
  /** Linux keeps at most 4 HMAC identifiers ({@code SCTP_AUTH_NUM_HMACS}). */
  private static final int MAX_HMACS = 4;

  /**
   * Enables AUTH on the endpoint ({@code SCTP_AUTH_SUPPORTED}, per endpoint, rather than the
   * host-wide {@code net.sctp.auth_enable} sysctl) and subscribes to its notifications. Linux
   * refuses the chunk, HMAC and key options until AUTH is on, so each of them enables it first.
   */
  static void enable(SctpSocket socket, boolean on) throws SctpNativeException {
    socket.setAssocValue(SCTP_AUTH_SUPPORTED, SCTP_FUTURE_ASSOC, on ? 1 : 0);
    socket.subscribe(SCTP_AUTHENTICATION_EVENT, on);
  }

  static boolean enabled(SctpSocket socket) throws SctpNativeException {
    return socket.assocValue(SCTP_AUTH_SUPPORTED, SCTP_FUTURE_ASSOC) != 0;
  }

  static void enableIfOff(SctpSocket socket) throws SctpNativeException {
    if (!enabled(socket)) {
      enable(socket, true);
    }
  }

  /** Adds chunk types the peer must authenticate; Linux has no way to remove one. */
  static void addChunks(SctpSocket socket, String option, List<Integer> types)
      throws SctpNativeException {
    for (int type : types) {
      if (type < 0 || type > 255) {
        throw new InvalidSctpMessageException(option, "chunk type " + type + " is not 0 to 255");
      }
      if (type == 1 || type == 2 || type == 14 || type == 15) {
        throw new InvalidSctpMessageException(
            option,
            "chunk type "
                + type
                + ": INIT (1), INIT-ACK (2), SHUTDOWN-COMPLETE (14) and AUTH (15) are never"
                + " authenticated (RFC 4895 §3.2)");
      }
    }
    enableIfOff(socket);
    for (int type : types) {
      socket.addAuthChunk(type);
    }
  }

  static List<Integer> chunks(SctpSocket socket, boolean peer, int assocId)
      throws SctpNativeException {
    List<Integer> out = new ArrayList<>();
    for (int t : socket.authChunks(peer, assocId)) {
      out.add(t);
    }
    return List.copyOf(out);
  }

  static void setHmacs(SctpSocket socket, String option, List<SctpHmacAlgorithm> hmacs)
      throws SctpNativeException {
    if (hmacs.isEmpty() || hmacs.size() > MAX_HMACS || !hmacs.contains(SctpHmacAlgorithm.SHA1)) {
      throw new InvalidSctpMessageException(
          option,
          hmacs
              + ": 1 to "
              + MAX_HMACS
              + " HMACs, SHA1 among them (RFC 4895 §3.3 requires every AUTH endpoint to offer it)");
    }
    enableIfOff(socket);
    socket.setHmacIdents(hmacs.stream().mapToInt(SctpHmacAlgorithm::id).toArray());
  }

  static List<SctpHmacAlgorithm> hmacs(SctpSocket socket) throws SctpNativeException {
    List<SctpHmacAlgorithm> out = new ArrayList<>();
    for (int id : socket.hmacIdents()) {
      SctpHmacAlgorithm a = SctpHmacAlgorithm.of(id);
      if (a != null) {
        out.add(a);
      }
    }
    return List.copyOf(out);
  }

  /** The endpoint's key, for the associations to come, made the active one. */
  static void setEndpointKey(SctpSocket socket, SctpAuthKey key) throws SctpNativeException {
    enableIfOff(socket);
    socket.setAuthKey(SCTP_FUTURE_ASSOC, key.id(), key.material());
    socket.setAuthKeyId(SCTP_AUTH_ACTIVE_KEY, SCTP_FUTURE_ASSOC, key.id());
  }

  static void addKey(SctpSocket socket, int assocId, SctpAuthKey key) {
    try {
      socket.setAuthKey(assocId, key.id(), key.material());
    } catch (SctpNativeException e) {
      throw refused(socket, e, assocId, key.id(), "add");
    }
  }

  /**
   * One of {@code SCTP_AUTH_ACTIVE_KEY}, {@code SCTP_AUTH_DEACTIVATE_KEY}, {@code
   * SCTP_AUTH_DELETE_KEY}.
   */
  static void keyId(SctpSocket socket, int option, int assocId, int keyId) {
    SctpAuthKey.checkId(keyId);
    try {
      socket.setAuthKeyId(option, assocId, keyId);
    } catch (SctpNativeException e) {
      String what =
          switch (option) {
            case SCTP_AUTH_ACTIVE_KEY -> "activate";
            case SCTP_AUTH_DEACTIVATE_KEY -> "deactivate";
            default -> "delete";
          };
      throw refused(socket, e, assocId, keyId, what);
    }
  }

  static int activeKey(SctpSocket socket, int assocId) {
    try {
      return socket.activeAuthKey(assocId);
    } catch (SctpNativeException e) {
      throw refused(socket, e, assocId, -1, "read the active key of");
    }
  }

  /**
   * The kernel's refusal as a typed error: EACCES, no AUTH on the endpoint or the association;
   * EINVAL, no such association, no such key, or (deactivate, delete) the key is the active one.
   */
  private static RuntimeException refused(
      SctpSocket socket, SctpNativeException e, int assocId, int keyId, String what) {
    String where = assocId == SCTP_FUTURE_ASSOC ? "the endpoint" : "association " + assocId;
    if (e.errno() == Errno.EACCES) {
      return new SctpAuthUnavailableException(
          "cannot "
              + what
              + " key "
              + keyId
              + ": "
              + where
              + " has no SCTP-AUTH (AUTH off on the endpoint, or not negotiated with the peer: "
              + e.getMessage()
              + ")",
          e);
    }
    if (e.errno() == Errno.EINVAL) {
      if (assocId > SCTP_ALL_ASSOC && !associationExists(socket, assocId)) {
        return new InvalidSctpMessageException(
            "associationId", "no association " + assocId + " (" + e.getMessage() + ")");
      }
      boolean active = !what.equals("activate") && keyId == activeKeyOrMinus1(socket, assocId);
      return new InvalidSctpMessageException(
          "keyId",
          active
              ? keyId
                  + " is the active key of "
                  + where
                  + ": activate another key before you "
                  + what
                  + " it ("
                  + e.getMessage()
                  + ")"
              : "no shared key " + keyId + " on " + where + " (" + e.getMessage() + ")");
    }
    return new ChannelException(e);
  }

  private static boolean associationExists(SctpSocket socket, int assocId) {
    try {
      socket.status(assocId);
      return true;
    } catch (SctpNativeException e) {
      return false;
    }
  }

  private static int activeKeyOrMinus1(SctpSocket socket, int assocId) {
    try {
      return socket.activeAuthKey(assocId);
    } catch (SctpNativeException e) {
      return -1;
    }
  }

  private SctpAuth() {}
}
