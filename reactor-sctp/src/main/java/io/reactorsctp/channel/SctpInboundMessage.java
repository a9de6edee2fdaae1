package io.reactorsctp.channel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One complete SCTP user message received, with the kernel's {@code SCTP_RCVINFO} (RFC 6458
 * §5.3.5): stream, stream sequence number, payload protocol identifier, unordered flag, TSN,
 * cumulative TSN, context and association id. The receiver owns the payload and must release it.
 */
public final class SctpInboundMessage extends DefaultByteBufHolder {

  private final int streamId;
  private final int ssn;
  private final int ppid;
  private final boolean unordered;
  private final int tsn;
  private final int cumTsn;
  private final int context;
  private final int associationId;

  /**
   * Creates a received message.
   *
   * @param payload the message's bytes
   * @param streamId inbound stream
   * @param ssn stream sequence number (meaningless for unordered messages)
   * @param ppid payload protocol identifier, as registries list it
   * @param unordered whether the message was sent unordered
   * @param tsn transmission sequence number of the message's first DATA chunk
   * @param cumTsn cumulative TSN the receiver has acknowledged
   * @param context the context set with {@code SCTP_CONTEXT} on the receiving socket
   * @param associationId association the message arrived on
   */
  public SctpInboundMessage(
      ByteBuf payload,
      int streamId,
      int ssn,
      int ppid,
      boolean unordered,
      int tsn,
      int cumTsn,
      int context,
      int associationId) {
    super(payload);
    this.streamId = streamId;
    this.ssn = ssn;
    this.ppid = ppid;
    this.unordered = unordered;
    this.tsn = tsn;
    this.cumTsn = cumTsn;
    this.context = context;
    this.associationId = associationId;
  }

  /** {@return the inbound stream} */
  public int streamId() {
    return streamId;
  }

  /** {@return the stream sequence number} */
  public int ssn() {
    return ssn;
  }

  /**
   * {@return the payload protocol identifier as registries list it (unsigned 32-bit held in an
   * int)}
   */
  public int ppid() {
    return ppid;
  }

  /** {@return whether the message was sent unordered} */
  public boolean isUnordered() {
    return unordered;
  }

  /** {@return the TSN of the message's first DATA chunk (unsigned)} */
  public int tsn() {
    return tsn;
  }

  /** {@return the cumulative TSN (unsigned)} */
  public int cumTsn() {
    return cumTsn;
  }

  /** {@return the receiving socket's context for this association} */
  public int context() {
    return context;
  }

  /** {@return the association id} */
  public int associationId() {
    return associationId;
  }

  @Override
  public SctpInboundMessage replace(ByteBuf content) {
    return new SctpInboundMessage(
        content, streamId, ssn, ppid, unordered, tsn, cumTsn, context, associationId);
  }

  @Override
  public SctpInboundMessage copy() {
    return replace(content().copy());
  }

  @Override
  public SctpInboundMessage duplicate() {
    return replace(content().duplicate());
  }

  @Override
  public SctpInboundMessage retainedDuplicate() {
    return replace(content().retainedDuplicate());
  }

  @Override
  public SctpInboundMessage retain() {
    super.retain();
    return this;
  }

  @Override
  public SctpInboundMessage retain(int increment) {
    super.retain(increment);
    return this;
  }

  @Override
  public SctpInboundMessage touch() {
    super.touch();
    return this;
  }

  @Override
  public SctpInboundMessage touch(Object hint) {
    super.touch(hint);
    return this;
  }

  @Override
  public String toString() {
    return "SctpInboundMessage(stream="
        + streamId
        + ", ssn="
        + ssn
        + ", ppid="
        + Integer.toUnsignedString(ppid)
        + (unordered ? ", unordered" : "")
        + ", tsn="
        + Integer.toUnsignedString(tsn)
        + ", assoc="
        + associationId
        + ", "
        + content().readableBytes()
        + " B)";
  }
}
