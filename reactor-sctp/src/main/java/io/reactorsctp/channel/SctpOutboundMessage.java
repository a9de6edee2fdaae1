package io.reactorsctp.channel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One SCTP user message to send, with everything RFC 6458 lets a sender say about it ({@code
 * SCTP_SNDINFO} and {@code SCTP_PRINFO}; FreeBSD {@code sctp_send(3)}): stream, payload protocol
 * identifier, context, unordered delivery, PR-SCTP policy and value, SACK-immediately, and the
 * association-level EOF and ABORT flags.
 *
 * <p>Build one with {@link #builder(ByteBuf)} (or from a {@code String}, {@code byte[]} or {@code
 * ByteBuffer}); the builder validates every field and throws {@link InvalidSctpMessageException}
 * naming the field. The message owns its payload: writing it to a channel transfers ownership, and
 * the channel releases the payload once the kernel has taken the message or the write fails. Direct
 * payloads reach the kernel without a copy; heap payloads are copied once into pooled direct
 * memory. The message holds no outcome: what became of it is told by the write's promise, and to
 * the channel's {@link SctpWriteListener}s.
 *
 * <p>The stream id is checked against the association's negotiated outbound streams when the
 * message is written, since only the association knows that number.
 */
public final class SctpOutboundMessage extends DefaultByteBufHolder {

  /** Largest stream identifier SCTP can carry (16 bits). */
  public static final int MAX_STREAM_ID = 0xFFFF;

  private final int streamId;
  private final int ppid;
  private final int context;
  private final boolean unordered;
  private final SctpPrPolicy prPolicy;
  private final int prValue;
  private final boolean sackImmediately;
  private final boolean eof;
  private final boolean abort;
  private final int associationId;
  private final SocketAddress peer;
  private final boolean sendAll;
  private final InetSocketAddress addressOverride;

  private SctpOutboundMessage(Builder b, ByteBuf payload) {
    super(payload);
    this.streamId = b.streamId;
    this.ppid = b.ppid;
    this.context = b.context;
    this.unordered = b.unordered;
    this.prPolicy = b.prPolicy;
    this.prValue = b.prValue;
    this.sackImmediately = b.sackImmediately;
    this.eof = b.eof;
    this.abort = b.abort;
    this.associationId = b.associationId;
    this.peer = b.peer;
    this.sendAll = b.sendAll;
    this.addressOverride = b.addressOverride;
  }

  /**
   * Starts a message on stream 0 with ppid 0, ordered and fully reliable.
   *
   * @param payload the message's bytes; ownership passes to the message
   * @return a builder
   */
  public static Builder builder(ByteBuf payload) {
    return new Builder(Objects.requireNonNull(payload, "payload"));
  }

  /**
   * Starts a message whose payload is the UTF-8 encoding of {@code text}.
   *
   * @param text the payload
   * @return a builder
   */
  public static Builder builder(String text) {
    return builder(
        Unpooled.copiedBuffer(Objects.requireNonNull(text, "text"), StandardCharsets.UTF_8));
  }

  /**
   * Starts a message whose payload is {@code bytes}. The array is wrapped, not copied: do not
   * change it until the message has been written.
   *
   * @param bytes the payload
   * @return a builder
   */
  public static Builder builder(byte[] bytes) {
    return builder(Unpooled.wrappedBuffer(Objects.requireNonNull(bytes, "bytes")));
  }

  /**
   * Starts a message whose payload is the remaining bytes of {@code buffer}, wrapped, not copied:
   * do not change them until the message has been written. A direct buffer reaches the kernel
   * without any copy.
   *
   * @param buffer the payload
   * @return a builder
   */
  public static Builder builder(ByteBuffer buffer) {
    return builder(Unpooled.wrappedBuffer(Objects.requireNonNull(buffer, "buffer")));
  }

  /** {@return the outbound stream, 0 to 65535} */
  public int streamId() {
    return streamId;
  }

  /**
   * Tells the payload protocol identifier.
   *
   * @return the payload protocol identifier as registries list it (46 is Diameter); an unsigned
   *     32-bit value held in an int. It goes on the wire in network byte order.
   */
  public int ppid() {
    return ppid;
  }

  /**
   * {@return the sender's opaque 32-bit tag, handed back with a send-failed notification for this
   * message}
   */
  public int context() {
    return context;
  }

  /** {@return whether the message may be delivered out of order (the DATA chunk's U bit)} */
  public boolean isUnordered() {
    return unordered;
  }

  /** {@return the PR-SCTP policy} */
  public SctpPrPolicy prPolicy() {
    return prPolicy;
  }

  /**
   * {@return the PR-SCTP value: milliseconds for TTL, retransmissions for RTX, priority for PRIO, 0
   * for NONE}
   */
  public int prValue() {
    return prValue;
  }

  /** {@return whether the peer is asked to SACK this message without delay (I-bit, RFC 7053)} */
  public boolean isSackImmediately() {
    return sackImmediately;
  }

  /**
   * {@return whether the association is shut down gracefully once this message is sent ({@code
   * SCTP_EOF})}
   */
  public boolean isEof() {
    return eof;
  }

  /**
   * {@return whether the association is aborted, the payload being the abort reason ({@code
   * SCTP_ABORT})}
   */
  public boolean isAbort() {
    return abort;
  }

  /**
   * {@return the association this message goes to on a one-to-many channel, 0 when it names a peer
   * instead}
   */
  public int associationId() {
    return associationId;
  }

  /**
   * Tells the peer this message goes to.
   *
   * @return the peer this message goes to on a one-to-many channel ({@link
   *     java.net.InetSocketAddress} or {@link MultiHomedAddress}), or null; an association is set
   *     up implicitly if none exists
   */
  public SocketAddress peer() {
    return peer;
  }

  /**
   * {@return whether a one-to-many channel sends a copy to every association ({@code
   * SCTP_SENDALL})}
   */
  public boolean isSendAll() {
    return sendAll;
  }

  /**
   * Tells the address override.
   *
   * @return the peer address this message is sent to instead of the association's primary path
   *     ({@code SCTP_ADDR_OVER}), or null
   */
  public InetSocketAddress addressOverride() {
    return addressOverride;
  }

  /**
   * {@return a builder holding this message's fields, for a new payload given to {@link
   * Builder#build()}}
   */
  private Builder toBuilder(ByteBuf payload) {
    Builder b = new Builder(payload);
    b.streamId = streamId;
    b.ppid = ppid;
    b.context = context;
    b.unordered = unordered;
    b.prPolicy = prPolicy;
    b.prValue = prValue;
    b.sackImmediately = sackImmediately;
    b.eof = eof;
    b.abort = abort;
    b.associationId = associationId;
    b.peer = peer;
    b.sendAll = sendAll;
    b.addressOverride = addressOverride;
    return b;
  }

  /**
   * Copies this message with another context.
   *
   * @param context the new context ({@code snd_context}: local only, returned in a send-failed
   *     notification)
   * @return a message like this one with that context, sharing this one's payload (ownership moves
   *     to it)
   */
  public SctpOutboundMessage withContext(int context) {
    return toBuilder(content()).context(context).build();
  }

  /**
   * Copies this message onto an association.
   *
   * @param associationId the association of a one-to-many channel to send this message on
   * @return a message like this one, on that association, sharing this one's payload (ownership
   *     moves to it)
   */
  public SctpOutboundMessage toAssociation(int associationId) {
    return toBuilder(content()).associationId(associationId).build();
  }

  /**
   * Copies this message to a peer.
   *
   * @param peer the peer of a one-to-many channel to send this message to (an association to it is
   *     set up implicitly when there is none); an address or a {@link MultiHomedAddress}
   * @return a message like this one, to that peer, sharing this one's payload (ownership moves to
   *     it)
   */
  public SctpOutboundMessage toPeer(SocketAddress peer) {
    return toBuilder(content()).peer(peer).build();
  }

  @Override
  public SctpOutboundMessage replace(ByteBuf content) {
    return toBuilder(content).build();
  }

  @Override
  public SctpOutboundMessage copy() {
    return replace(content().copy());
  }

  @Override
  public SctpOutboundMessage duplicate() {
    return replace(content().duplicate());
  }

  @Override
  public SctpOutboundMessage retainedDuplicate() {
    return replace(content().retainedDuplicate());
  }

  @Override
  public SctpOutboundMessage retain() {
    super.retain();
    return this;
  }

  @Override
  public SctpOutboundMessage retain(int increment) {
    super.retain(increment);
    return this;
  }

  @Override
  public SctpOutboundMessage touch() {
    super.touch();
    return this;
  }

  @Override
  public SctpOutboundMessage touch(Object hint) {
    super.touch(hint);
    return this;
  }

  @Override
  public String toString() {
    return "SctpOutboundMessage(stream="
        + streamId
        + ", ppid="
        + Integer.toUnsignedString(ppid)
        + ", context="
        + Integer.toUnsignedString(context)
        + (unordered ? ", unordered" : "")
        + (prPolicy != SctpPrPolicy.NONE
            ? ", pr=" + prPolicy + "/" + Integer.toUnsignedString(prValue)
            : "")
        + (sackImmediately ? ", sack-immediately" : "")
        + (eof ? ", eof" : "")
        + (abort ? ", abort" : "")
        + (associationId != 0 ? ", assoc=" + associationId : "")
        + (peer != null ? ", peer=" + peer : "")
        + (sendAll ? ", send-all" : "")
        + (addressOverride != null ? ", to " + addressOverride : "")
        + ", "
        + content().readableBytes()
        + " B)";
  }

  /**
   * Validating builder of {@link SctpOutboundMessage}. Not thread-safe; {@link #build()} may be
   * called once.
   */
  public static final class Builder {
    private final ByteBuf payload;
    private int streamId;
    private int ppid;
    private int context;
    private boolean unordered;
    private SctpPrPolicy prPolicy = SctpPrPolicy.NONE;
    private int prValue;
    private boolean sackImmediately;
    private boolean eof;
    private boolean abort;
    private int associationId;
    private SocketAddress peer;
    private boolean sendAll;
    private InetSocketAddress addressOverride;

    private Builder(ByteBuf payload) {
      this.payload = payload;
    }

    /**
     * Sets the outbound stream, 0 to {@value SctpOutboundMessage#MAX_STREAM_ID}.
     *
     * @param streamId the outbound stream, 0 to {@value SctpOutboundMessage#MAX_STREAM_ID}
     * @return this builder
     */
    public Builder streamId(int streamId) {
      if (streamId < 0 || streamId > MAX_STREAM_ID) {
        throw new InvalidSctpMessageException(
            "streamId",
            streamId + " is outside 0.." + MAX_STREAM_ID + " (a 16-bit stream identifier)");
      }
      this.streamId = streamId;
      return this;
    }

    /**
     * Sets the payload protocol identifier as registries list it.
     *
     * @param ppid the payload protocol identifier as registries list it (e.g. 46 for Diameter, 3
     *     for M3UA); any 32-bit value, read as unsigned
     * @return this builder
     */
    public Builder ppid(int ppid) {
      this.ppid = ppid;
      return this;
    }

    /**
     * Sets the payload protocol identifier, 0 to 4294967295.
     *
     * @param ppid the payload protocol identifier, 0 to 4294967295
     * @return this builder
     */
    public Builder ppid(long ppid) {
      this.ppid = checkU32("ppid", ppid);
      return this;
    }

    /**
     * Sets an opaque 32-bit tag returned with a send-failed notification for this message.
     *
     * @param context an opaque 32-bit tag returned with a send-failed notification for this message
     * @return this builder
     */
    public Builder context(int context) {
      this.context = context;
      return this;
    }

    /**
     * Sets unordered delivery ({@code SCTP_UNORDERED}).
     *
     * @param unordered deliver without regard to stream sequence (U bit)
     * @return this builder
     */
    public Builder unordered(boolean unordered) {
      this.unordered = unordered;
      return this;
    }

    /**
     * Sets the PR-SCTP policy and its value (RFC 3758; RFC 6458 {@code SCTP_PRINFO}).
     *
     * @param policy the policy; {@link SctpPrPolicy#BUF} is refused (no Linux equivalent)
     * @param value milliseconds for TTL (at least 1), retransmissions for RTX, priority for PRIO
     *     (unsigned 32-bit); 0 for NONE
     * @return this builder
     */
    public Builder prPolicy(SctpPrPolicy policy, long value) {
      Objects.requireNonNull(policy, "prPolicy");
      int v = checkU32("prValue", value);
      switch (policy) {
        case NONE -> {
          if (value != 0) {
            throw new InvalidSctpMessageException(
                "prValue",
                value + " given with prPolicy NONE; a value needs a policy (TTL, RTX or PRIO)");
          }
        }
        case BUF ->
            throw new InvalidSctpMessageException(
                "prPolicy",
                "BUF (FreeBSD SCTP_PR_SCTP_BUF) has no Linux equivalent; use TTL, RTX or PRIO");
        case TTL -> {
          // Linux computes the expiry as now + value: a lifetime of 0 expires the message before it
          // can be sent.
          if (value == 0) {
            throw new InvalidSctpMessageException(
                "prValue",
                "0 with prPolicy TTL would abandon the message at once; give a lifetime of at least 1 ms,"
                    + " or prPolicy NONE for full reliability");
          }
        }
        case RTX, PRIO -> {}
      }
      this.prPolicy = policy;
      this.prValue = v;
      return this;
    }

    /**
     * Sets a PR-SCTP time to live ({@code SCTP_PR_SCTP_TTL}).
     *
     * @param ttlMillis lifetime in milliseconds after which the message is abandoned if not yet
     *     sent
     * @return this builder
     */
    public Builder ttl(long ttlMillis) {
      return prPolicy(SctpPrPolicy.TTL, ttlMillis);
    }

    /**
     * Asks the peer to acknowledge at once ({@code SCTP_SACK_IMMEDIATELY}).
     *
     * @param sackImmediately ask the peer to SACK this message at once ({@code
     *     SCTP_SACK_IMMEDIATELY})
     * @return this builder
     */
    public Builder sackImmediately(boolean sackImmediately) {
      this.sackImmediately = sackImmediately;
      return this;
    }

    /**
     * Ends the association gracefully after this message ({@code SCTP_EOF}). A one-to-one channel
     * sends the payload, if any, then shuts down; a one-to-many channel takes an EOF only without
     * payload (Linux refuses SCTP_EOF with data) and refuses one with a payload with {@link
     * InvalidSctpMessageException} naming {@code eof}.
     *
     * @param eof shut the association down gracefully after this message ({@code SCTP_EOF})
     * @return this builder
     */
    public Builder eof(boolean eof) {
      this.eof = eof;
      return this;
    }

    /**
     * Aborts the association with this message as the reason ({@code SCTP_ABORT}). The peer
     * receives the payload as the User-Initiated Abort cause of the ABORT chunk and reads it with
     * {@link SctpNotification.AssociationChange#abortReason()}. Only a one-to-many channel can send
     * a reason: a one-to-one channel refuses a non-empty abort with {@link
     * InvalidSctpMessageException} (Linux cannot carry it there) and aborts without a reason when
     * the payload is empty.
     *
     * @param abort abort the association, sending the payload as the user-initiated abort reason
     *     ({@code SCTP_ABORT})
     * @return this builder
     */
    public Builder abort(boolean abort) {
      this.abort = abort;
      return this;
    }

    /**
     * Sets the association to send to on a one-to-many channel.
     *
     * @param associationId the association to send to on a one-to-many channel (as inbound messages
     *     and notifications name it); when given with a peer, the association id wins, as in {@code
     *     sctp_sendx(3)}
     * @return this builder
     */
    public Builder associationId(int associationId) {
      if (associationId < 0) {
        throw new InvalidSctpMessageException("associationId", associationId + " is negative");
      }
      this.associationId = associationId;
      return this;
    }

    /**
     * Sets the peer to send to on a one-to-many channel.
     *
     * @param peer the peer to send to on a one-to-many channel: an {@link
     *     java.net.InetSocketAddress}, or a {@link MultiHomedAddress} whose addresses all belong to
     *     it; without an association to it, one is set up implicitly and carries this message
     * @return this builder
     */
    public Builder peer(SocketAddress peer) {
      if (peer instanceof MultiHomedAddress m) {
        this.peer = m;
      } else {
        this.peer = SctpAddresses.inet("peer", peer);
      }
      return this;
    }

    /**
     * Sends a copy to every association of a one-to-many channel ({@code SCTP_SENDALL}).
     *
     * @param sendAll on a one-to-many channel, send a copy to every association ({@code
     *     SCTP_SENDALL})
     * @return this builder
     */
    public Builder sendAll(boolean sendAll) {
      this.sendAll = sendAll;
      return this;
    }

    /**
     * Sends this message to one given peer address instead of the primary path ({@code
     * SCTP_ADDR_OVER}).
     *
     * @param peerAddress one of the association's peer addresses: this message goes there rather
     *     than to the primary path ({@code SCTP_ADDR_OVER}); an address the association does not
     *     have fails the message
     * @return this builder
     */
    public Builder addressOverride(InetSocketAddress peerAddress) {
      this.addressOverride = SctpAddresses.inet("addressOverride", peerAddress);
      return this;
    }

    /** {@return the message, owning the payload} */
    public SctpOutboundMessage build() {
      if (eof && abort) {
        throw new InvalidSctpMessageException(
            "abort", "EOF and ABORT exclude each other: choose one");
      }
      if (!abort && !eof && payload.readableBytes() == 0) {
        throw new InvalidSctpMessageException(
            "payload",
            "empty; SCTP carries no empty user message (only EOF or ABORT may have no payload)");
      }
      return new SctpOutboundMessage(this, payload);
    }

    private static int checkU32(String field, long value) {
      if (value < 0 || value > 0xFFFF_FFFFL) {
        throw new InvalidSctpMessageException(
            field, value + " is outside 0..4294967295 (unsigned 32-bit)");
      }
      return (int) value;
    }
  }
}
