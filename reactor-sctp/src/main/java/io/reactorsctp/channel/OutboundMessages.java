package io.reactorsctp.channel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.sctp.SctpMessage;
import io.netty.util.ReferenceCountUtil;
import io.reactorsctp.Errno;
import io.reactorsctp.internal.nativeio.SctpConstants;
import io.reactorsctp.internal.nativeio.SctpSocket;
import io.reactorsctp.internal.nativeio.SendMsg;
import java.nio.ByteBuffer;

/**
 * What both writing channels do to a message on its way to {@code sendmsg}, and the errors they
 * read alike: plain helpers, called from each channel's {@code filterOutboundMessage} and {@code
 * doWrite}.
 */
final class OutboundMessages {

  /**
   * Accepts {@link SctpOutboundMessage}, Netty's {@link SctpMessage} and a plain {@link ByteBuf}
   * (stream 0).
   */
  static SctpOutboundMessage toOutboundMessage(Object msg) {
    return switch (msg) {
      case SctpOutboundMessage o -> o;
      case SctpMessage n ->
          SctpOutboundMessage.builder(n.content())
              .streamId(n.streamIdentifier())
              .ppid(n.protocolIdentifier())
              .unordered(n.isUnordered())
              .build();
      case ByteBuf b -> SctpOutboundMessage.builder(b).build();
      default ->
          throw new UnsupportedOperationException(
              "unsupported message type: "
                  + msg.getClass().getName()
                  + " (write SctpOutboundMessage, SctpMessage or ByteBuf)");
    };
  }

  /**
   * The kernel reads payload through native addresses, at most {@link SendMsg#MAX_IOV} pieces of
   * it: heap bytes, or a buffer in more pieces, are copied once into pooled direct memory.
   */
  static SctpOutboundMessage withDirectPayload(SctpOutboundMessage m, ByteBufAllocator alloc) {
    ByteBuf content = m.content();
    if ((content.isDirect() && content.nioBufferCount() <= SendMsg.MAX_IOV)
        || content.readableBytes() == 0) {
      return m;
    }
    ByteBuf direct = alloc.directBuffer(content.readableBytes());
    direct.writeBytes(content, content.readerIndex(), content.readableBytes());
    SctpOutboundMessage copy = m.replace(direct);
    ReferenceCountUtil.release(m);
    return copy;
  }

  /**
   * Fills {@code m} for one message: payload by address (no copy), SCTP_SNDINFO, SCTP_PRINFO with a
   * PR-SCTP policy, and the destination of an address override.
   */
  static void prepare(
      SendMsg m, SctpOutboundMessage msg, int extraFlags, int assocId, SctpSocket socket) {
    ByteBuf content = msg.content();
    m.reset();
    if (content.readableBytes() > 0) {
      if (content.hasMemoryAddress()) {
        m.addIov(content.memoryAddress() + content.readerIndex(), content.readableBytes());
      } else if (content.nioBufferCount() == 1) {
        ByteBuffer nio = content.internalNioBuffer(content.readerIndex(), content.readableBytes());
        m.addIov(SendMsg.addressOf(nio), nio.remaining());
      } else {
        for (ByteBuffer nio : content.nioBuffers()) {
          m.addIov(SendMsg.addressOf(nio), nio.remaining());
        }
      }
    }
    int flags = extraFlags;
    if (msg.isUnordered()) {
      flags |= SctpConstants.SCTP_UNORDERED;
    }
    if (msg.isSackImmediately()) {
      flags |= SctpConstants.SCTP_SACK_IMMEDIATELY;
    }
    if (msg.addressOverride() != null) {
      flags |= SctpConstants.SCTP_ADDR_OVER;
    }
    m.sndInfo(msg.streamId(), flags, SendMsg.ppidToNetwork(msg.ppid()), msg.context(), assocId);
    if (msg.prPolicy() != SctpPrPolicy.NONE) {
      m.prInfo(SctpSockets.nativePolicy(msg.prPolicy()), msg.prValue());
    }
    if (msg.addressOverride() != null) {
      // Linux reads the SCTP_ADDR_OVER destination from msg_name.
      m.destination(msg.addressOverride(), socket.isIpv6());
    }
  }

  /**
   * The errors of the message itself that both socket styles report alike: too large for the
   * association, or an address override the association does not have.
   *
   * @return the typed failure, or null when {@code errno} is none of these
   */
  static Throwable messageFault(SctpOutboundMessage msg, int errno, SctpSocket socket) {
    if (errno == Errno.EMSGSIZE) {
      return new SctpMessageTooLargeException(msg.content().readableBytes(), socket);
    }
    if (msg.addressOverride() != null && (errno == Errno.EADDRNOTAVAIL || errno == Errno.EINVAL)) {
      return SctpSockets.notAPeerAddress(msg.addressOverride(), errno);
    }
    return null;
  }

  private OutboundMessages() {}
}
