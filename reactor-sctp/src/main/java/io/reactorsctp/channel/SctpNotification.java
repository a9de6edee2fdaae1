package io.reactorsctp.channel;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * An SCTP event the kernel reported ({@code MSG_NOTIFICATION}, RFC 6458 §6.1), parsed into a typed
 * value. The channels fire these through {@code pipeline().fireUserEventTriggered(..)}.
 */
public sealed interface SctpNotification {

  /** {@return the association the event concerns (0 where the kernel gives none)} */
  int associationId();

  /** State of an association change (RFC 6458 §6.1.1 {@code sac_state}). */
  enum AssociationState {
    /** The association is up: data can flow. */
    COMMUNICATION_UP,
    /** The association failed (peer gone, retransmissions exhausted or aborted). */
    COMMUNICATION_LOST,
    /** The peer restarted. */
    RESTART,
    /** A graceful shutdown completed. */
    SHUTDOWN_COMPLETE,
    /** The association could not be set up. */
    CANNOT_START_ASSOCIATION
  }

  /**
   * The association came up, went down, restarted, shut down or could not be started.
   *
   * @param associationId the association
   * @param state what happened
   * @param error the error cause code (RFC 9260 §3.3.10) when the event carries one, 0 when none:
   *     e.g. 12 (User-Initiated Abort) in the COMMUNICATION_LOST of an association the peer aborted
   * @param outboundStreams the negotiated outbound streams (COMMUNICATION_UP, RESTART)
   * @param inboundStreams the negotiated inbound streams
   * @param info {@code sac_info} (RFC 6458 §6.1.1): when the peer aborted the association, the
   *     error causes of its ABORT chunk as they travelled (RFC 9260 §3.3.7: code, length, value,
   *     each padded to 4 bytes); empty when the kernel gives none. {@link #abortReason()} reads the
   *     user's reason from it.
   */
  record AssociationChange(
      int associationId,
      AssociationState state,
      int error,
      int outboundStreams,
      int inboundStreams,
      byte[] info)
      implements SctpNotification {

    /**
     * The RFC 9260 §3.3.10.12 cause code: User-Initiated Abort, whose value is the upper layer's
     * reason.
     */
    public static final int USER_INITIATED_ABORT = 12;

    /** Defensive copy: the record owns its bytes. */
    public AssociationChange {
      info = info.clone();
    }

    /** An association change without {@code sac_info}. */
    public AssociationChange(
        int associationId,
        AssociationState state,
        int error,
        int outboundStreams,
        int inboundStreams) {
      this(associationId, state, error, outboundStreams, inboundStreams, new byte[0]);
    }

    /** {@return a copy of {@code sac_info}} */
    @Override
    public byte[] info() {
      return info.clone();
    }

    /**
     * The reason the peer gave when it aborted the association: the value of the User-Initiated
     * Abort cause (12) in its ABORT chunk, as sent with {@code
     * SctpOutboundMessage.Builder.abort(true)} and a payload.
     *
     * @return the reason's bytes, or empty when the association did not end by a user's abort with
     *     a reason (an abort without a reason still carries cause 12, with no value: {@link
     *     #error()} tells it)
     */
    public Optional<byte[]> abortReason() {
      for (int at = 0; at + 4 <= info.length; ) {
        int code = ((info[at] & 0xFF) << 8) | (info[at + 1] & 0xFF);
        int length = ((info[at + 2] & 0xFF) << 8) | (info[at + 3] & 0xFF);
        if (length < 4 || at + length > info.length) {
          return Optional.empty(); // malformed: no reason to be had
        }
        if (code == USER_INITIATED_ABORT) {
          // Linux puts this cause in every ABORT a user asks for, with no value when no reason was
          // given.
          return length == 4
              ? Optional.empty()
              : Optional.of(Arrays.copyOfRange(info, at + 4, at + length));
        }
        at += (length + 3) & ~3;
      }
      return Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof AssociationChange c
          && c.associationId == associationId
          && c.state == state
          && c.error == error
          && c.outboundStreams == outboundStreams
          && c.inboundStreams == inboundStreams
          && Arrays.equals(c.info, info);
    }

    @Override
    public int hashCode() {
      return Objects.hash(associationId, state, error, outboundStreams, inboundStreams) * 31
          + Arrays.hashCode(info);
    }

    @Override
    public String toString() {
      return "AssociationChange[associationId="
          + associationId
          + ", state="
          + state
          + ", error="
          + error
          + ", outboundStreams="
          + outboundStreams
          + ", inboundStreams="
          + inboundStreams
          + ", info="
          + info.length
          + " B]";
    }
  }

  /** State of a peer address (RFC 6458 §6.1.2 {@code spc_state}). */
  enum PeerAddressState {
    /** The address is reachable again. */
    AVAILABLE,
    /** The address can no longer be reached. */
    UNREACHABLE,
    /** The address was removed from the association. */
    REMOVED,
    /** The address was added to the association. */
    ADDED,
    /** The address became the primary path. */
    MADE_PRIMARY,
    /** The address was confirmed by a heartbeat. */
    CONFIRMED,
    /** The path is potentially failed (RFC 7829). */
    POTENTIALLY_FAILED
  }

  /**
   * A peer address changed state.
   *
   * @param associationId the association
   * @param address the peer address
   * @param state its new state
   * @param error the error, when any
   */
  record PeerAddressChange(
      int associationId, InetSocketAddress address, PeerAddressState state, int error)
      implements SctpNotification {}

  /**
   * The peer sent an ERROR chunk.
   *
   * @param associationId the association
   * @param causeCode the first error cause code
   * @param data the error chunk's causes, as received
   */
  record RemoteError(int associationId, int causeCode, byte[] data) implements SctpNotification {
    /** Defensive copy: the record owns its bytes. */
    public RemoteError {
      data = data.clone();
    }

    /** {@return a copy of the bytes} */
    @Override
    public byte[] data() {
      return data.clone();
    }

    @Override
    public String toString() {
      return "RemoteError[associationId="
          + associationId
          + ", causeCode="
          + causeCode
          + ", "
          + data.length
          + " B]";
    }
  }

  /**
   * A message could not be delivered (RFC 6458 §6.1.11 {@code SCTP_SEND_FAILED_EVENT}). Carries the
   * context the sender gave the message, and its payload where the kernel returns it.
   *
   * @param associationId the association
   * @param sent whether the message had been sent at least once (else it never left this host). A
   *     sent message may still have been delivered (RFC 6458 §6.1.11): Linux also reports, when it
   *     frees an association, messages the peer acknowledged only in a gap report, even fully
   *     reliable ones behind an abandoned PR-SCTP message (docs/reliability.md)
   * @param error the error cause code (RFC 9260 §3.3.10), e.g. 12 (User-Initiated Abort) for the
   *     messages of an association this end aborted; 0 when none
   * @param streamId the message's stream
   * @param ppid the message's payload protocol identifier, as registries list it
   * @param context the message's context
   * @param flags the message's send flags
   * @param payload the undelivered payload (possibly empty)
   */
  record SendFailed(
      int associationId,
      boolean sent,
      int error,
      int streamId,
      int ppid,
      int context,
      int flags,
      byte[] payload)
      implements SctpNotification {
    /** Defensive copy: the record owns its bytes. */
    public SendFailed {
      payload = payload.clone();
    }

    /** {@return a copy of the payload} */
    @Override
    public byte[] payload() {
      return payload.clone();
    }

    @Override
    public String toString() {
      return "SendFailed[associationId="
          + associationId
          + ", sent="
          + sent
          + ", error="
          + error
          + ", stream="
          + streamId
          + ", ppid="
          + Integer.toUnsignedString(ppid)
          + ", context="
          + Integer.toUnsignedString(context)
          + ", "
          + payload.length
          + " B]";
    }
  }

  /**
   * The peer started a graceful shutdown: no more data may be sent.
   *
   * @param associationId the association
   */
  record Shutdown(int associationId) implements SctpNotification {}

  /**
   * The peer's adaptation layer indication (RFC 5061).
   *
   * @param associationId the association
   * @param indication the indication
   */
  record AdaptationIndication(int associationId, int indication) implements SctpNotification {}

  /**
   * A partially delivered message was aborted.
   *
   * @param associationId the association
   * @param indication the indication (0: aborted)
   * @param streamId the stream
   * @param sequence the stream sequence number
   */
  record PartialDelivery(int associationId, int indication, int streamId, int sequence)
      implements SctpNotification {}

  /**
   * Nothing is left to send or retransmit on the association.
   *
   * @param associationId the association
   */
  record SenderDry(int associationId) implements SctpNotification {}

  /**
   * Streams were reset (RFC 6525).
   *
   * @param associationId the association
   * @param flags the reset flags
   * @param streams the streams reset (empty: all)
   */
  record StreamReset(int associationId, int flags, int[] streams) implements SctpNotification {
    /** Defensive copy: the record owns its array. */
    public StreamReset {
      streams = streams.clone();
    }

    /** {@return a copy of the stream list} */
    @Override
    public int[] streams() {
      return streams.clone();
    }

    @Override
    public String toString() {
      return "StreamReset[associationId="
          + associationId
          + ", flags="
          + flags
          + ", streams="
          + Arrays.toString(streams)
          + "]";
    }
  }

  /**
   * The association's TSNs were reset (RFC 6525).
   *
   * @param associationId the association
   * @param flags the reset flags
   * @param localTsn the new local TSN
   * @param remoteTsn the new remote TSN
   */
  record AssociationReset(int associationId, int flags, int localTsn, int remoteTsn)
      implements SctpNotification {}

  /**
   * The number of streams changed (RFC 6525).
   *
   * @param associationId the association
   * @param flags the change flags
   * @param inboundStreams inbound streams now
   * @param outboundStreams outbound streams now
   */
  record StreamChange(int associationId, int flags, int inboundStreams, int outboundStreams)
      implements SctpNotification {}

  /**
   * What an {@link Authentication} notification reports (RFC 6458 §6.1.8 {@code auth_indication}).
   */
  enum AuthenticationIndication {
    /**
     * The peer authenticated a chunk with a key other than this end's active key: {@code keyId}
     * names it (the peer switched keys).
     */
    NEW_KEY,
    /**
     * A deactivated key is no longer used by any association: {@code keyId} names it, and it may be
     * deleted.
     */
    FREE_KEY,
    /** The peer does not support SCTP-AUTH: the association runs unauthenticated. */
    NO_AUTH
  }

  /**
   * An SCTP-AUTH event ({@code SCTP_AUTHENTICATION_EVENT}, RFC 4895, RFC 6458 §6.1.8). Carries key
   * identifiers only, never key material. A chunk that fails authentication is discarded by the
   * kernel without any notification (RFC 4895 §6.3).
   *
   * @param associationId the association
   * @param indication what happened
   * @param keyId the shared key identifier concerned ({@code auth_keynumber}; 0 with NO_AUTH)
   * @param alternateKeyId {@code auth_altkeynumber} (Linux reports 0)
   */
  record Authentication(
      int associationId, AuthenticationIndication indication, int keyId, int alternateKeyId)
      implements SctpNotification {}

  /**
   * A notification of a type this library does not parse, kept whole.
   *
   * @param associationId 0: unknown layouts carry no association id we could trust
   * @param type the {@code sn_type}
   * @param raw the notification's bytes
   */
  record Unknown(int associationId, int type, byte[] raw) implements SctpNotification {
    /** Defensive copy: the record owns its bytes. */
    public Unknown {
      raw = raw.clone();
    }

    /** {@return a copy of the raw bytes} */
    @Override
    public byte[] raw() {
      return raw.clone();
    }

    @Override
    public String toString() {
      return "Unknown[type=" + type + ", " + raw.length + " B]";
    }
  }
}
