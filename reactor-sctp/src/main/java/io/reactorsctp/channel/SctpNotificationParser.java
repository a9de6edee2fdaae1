package io.reactorsctp.channel;

import static io.reactorsctp.internal.nativeio.SctpConstants.*;
import static io.reactorsctp.internal.nativeio.SctpStructs.*;

import io.netty.buffer.ByteBuf;
import io.reactorsctp.internal.nativeio.SendMsg;
import io.reactorsctp.internal.nativeio.SockAddrs;
import java.net.InetSocketAddress;

/**
 * Turns the bytes of a {@code MSG_NOTIFICATION} read into a {@link SctpNotification}. Lengths are checked against
 * the struct sizes: a truncated or unknown notification becomes {@link SctpNotification.Unknown}, never an
 * exception on the event loop.
 */
final class SctpNotificationParser {

  static SctpNotification parse(ByteBuf b) {
    int base = b.readerIndex();
    int n = b.readableBytes();
    if (n < SN_HEADER) {
      return unknown(b, -1);
    }
    int type = b.getUnsignedShortLE(base + SN_TYPE);
    int flags = b.getUnsignedShortLE(base + SN_FLAGS);
    return switch (type) {
      // Linux fills sac_error with the error cause code as it travels in the chunk, in network byte order (as it
      // does sre_error): 12, User-Initiated Abort, is the bytes 00 0c.
      case SCTP_ASSOC_CHANGE -> n < SAC_SIZE ? unknown(b, type) : new SctpNotification.AssociationChange(
          b.getIntLE(base + SAC_ASSOC_ID), associationState(b.getUnsignedShortLE(base + SAC_STATE)),
          b.getUnsignedShort(base + SAC_ERROR), b.getUnsignedShortLE(base + SAC_OUTBOUND_STREAMS),
          b.getUnsignedShortLE(base + SAC_INBOUND_STREAMS),
          bytes(b, base + SAC_INFO, Math.min(n, length(b, base)) - SAC_INFO));
      case SCTP_PEER_ADDR_CHANGE -> n < SPC_SIZE ? unknown(b, type) : new SctpNotification.PeerAddressChange(
          b.getIntLE(base + SPC_ASSOC_ID), address(b, base + SPC_ADDR),
          peerAddressState(b.getIntLE(base + SPC_STATE)), b.getIntLE(base + SPC_ERROR));
      case SCTP_REMOTE_ERROR -> n < SRE_DATA ? unknown(b, type) : new SctpNotification.RemoteError(
          b.getIntLE(base + SRE_ASSOC_ID), b.getUnsignedShort(base + SRE_ERROR), bytes(b, base + SRE_DATA,
              Math.min(n, length(b, base)) - SRE_DATA));
      // ssf_error likewise: the 32-bit field holds the 16-bit cause code in network byte order, in its first bytes.
      case SCTP_SEND_FAILED_EVENT -> n < SSF_DATA ? unknown(b, type) : new SctpNotification.SendFailed(
          b.getIntLE(base + SSF_ASSOC_ID), (flags & SCTP_DATA_SENT) != 0, b.getUnsignedShort(base + SSF_ERROR),
          b.getUnsignedShortLE(base + SSF_INFO + SNDINFO_SID),
          SendMsg.ppidFromNetwork(b.getIntLE(base + SSF_INFO + SNDINFO_PPID)),
          b.getIntLE(base + SSF_INFO + SNDINFO_CONTEXT), b.getUnsignedShortLE(base + SSF_INFO + SNDINFO_FLAGS),
          bytes(b, base + SSF_DATA, Math.min(n, length(b, base)) - SSF_DATA));
      case SCTP_SHUTDOWN_EVENT -> n < SSE_SIZE ? unknown(b, type)
          : new SctpNotification.Shutdown(b.getIntLE(base + SSE_ASSOC_ID));
      case SCTP_SENDER_DRY_EVENT -> n < SSE_SIZE ? unknown(b, type)
          : new SctpNotification.SenderDry(b.getIntLE(base + SSE_ASSOC_ID));
      case SCTP_ADAPTATION_INDICATION -> n < SAI_SIZE ? unknown(b, type)
          : new SctpNotification.AdaptationIndication(b.getIntLE(base + SAI_ASSOC_ID),
              b.getIntLE(base + SAI_ADAPTATION_IND));
      case SCTP_PARTIAL_DELIVERY_EVENT -> n < PDAPI_SIZE ? unknown(b, type)
          : new SctpNotification.PartialDelivery(b.getIntLE(base + PDAPI_ASSOC_ID),
              b.getIntLE(base + PDAPI_INDICATION), b.getIntLE(base + PDAPI_STREAM), b.getIntLE(base + PDAPI_SEQ));
      case SCTP_STREAM_RESET_EVENT -> n < STRRESET_STREAM_LIST ? unknown(b, type)
          : new SctpNotification.StreamReset(b.getIntLE(base + STRRESET_ASSOC_ID), flags,
              streams(b, base + STRRESET_STREAM_LIST, Math.min(n, length(b, base)) - STRRESET_STREAM_LIST));
      case SCTP_ASSOC_RESET_EVENT -> n < ASSOCRESET_SIZE ? unknown(b, type)
          : new SctpNotification.AssociationReset(b.getIntLE(base + ASSOCRESET_ASSOC_ID), flags,
              b.getIntLE(base + ASSOCRESET_LOCAL_TSN), b.getIntLE(base + ASSOCRESET_REMOTE_TSN));
      case SCTP_STREAM_CHANGE_EVENT -> n < STRCHANGE_SIZE ? unknown(b, type)
          : new SctpNotification.StreamChange(b.getIntLE(base + STRCHANGE_ASSOC_ID), flags,
              b.getUnsignedShortLE(base + STRCHANGE_INSTRMS), b.getUnsignedShortLE(base + STRCHANGE_OUTSTRMS));
      default -> unknown(b, type);
    };
  }

  private static int length(ByteBuf b, int base) {
    long len = b.getUnsignedIntLE(base + SN_LENGTH);
    return len > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) len;
  }

  private static SctpNotification.AssociationState associationState(int state) {
    SctpNotification.AssociationState[] all = SctpNotification.AssociationState.values();
    return state < all.length ? all[state] : SctpNotification.AssociationState.COMMUNICATION_LOST;
  }

  private static SctpNotification.PeerAddressState peerAddressState(int state) {
    SctpNotification.PeerAddressState[] all = SctpNotification.PeerAddressState.values();
    return state >= 0 && state < all.length ? all[state] : SctpNotification.PeerAddressState.UNREACHABLE;
  }

  private static InetSocketAddress address(ByteBuf b, int at) {
    return SockAddrs.read(b.nioBuffer(at, (int) SOCKADDR_STORAGE_SIZE));
  }

  private static byte[] bytes(ByteBuf b, int at, int length) {
    byte[] out = new byte[Math.max(0, length)];
    b.getBytes(at, out);
    return out;
  }

  private static int[] streams(ByteBuf b, int at, int length) {
    int[] out = new int[Math.max(0, length) / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.getUnsignedShortLE(at + 2 * i);
    }
    return out;
  }

  private static SctpNotification unknown(ByteBuf b, int type) {
    byte[] raw = new byte[b.readableBytes()];
    b.getBytes(b.readerIndex(), raw);
    return new SctpNotification.Unknown(0, type, raw);
  }

  private SctpNotificationParser() {}
}
