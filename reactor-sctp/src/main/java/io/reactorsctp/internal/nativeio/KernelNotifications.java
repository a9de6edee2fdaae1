package io.reactorsctp.internal.nativeio;

import static io.reactorsctp.internal.nativeio.SctpConstants.*;
import static io.reactorsctp.internal.nativeio.SctpStructs.offset;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One {@code MSG_NOTIFICATION} read, decoded from its {@code linux/sctp.h} struct into a record of
 * that struct's fields, as the kernel gives them (states as numbers). Lengths are checked against
 * the struct sizes: a truncated or unknown notification becomes {@link Unknown}, never an exception
 * on the event loop. Internal: not part of reactor-sctp's API.
 */
public final class KernelNotifications {
  /** The bytes may sit anywhere in a heap array or a pooled buffer, so every read is unaligned. */
  private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED;

  private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;

  /** A cause code as it travels in the chunk. */
  private static final ValueLayout.OfShort BE16 =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  /** One decoded notification. */
  public sealed interface KernelNotification {
    /** {@return the association the notification is about (0 for an unknown one)} */
    int assocId();
  }

  /**
   * {@code struct sctp_assoc_change}.
   *
   * @param assocId {@code sac_assoc_id}
   * @param state {@code sac_state}
   * @param error {@code sac_error}: Linux fills it with the error cause code as it travels in the
   *     chunk, in network byte order (as it does {@code sre_error}): 12, User-Initiated Abort, is
   *     the bytes 00 0c
   * @param outboundStreams {@code sac_outbound_streams}
   * @param inboundStreams {@code sac_inbound_streams}
   * @param info {@code sac_info[]}: Linux copies the ABORT chunk's error causes there
   */
  public record AssocChange(
      int assocId, int state, int error, int outboundStreams, int inboundStreams, byte[] info)
      implements KernelNotification {}

  /** {@code struct sctp_paddr_change}: {@code spc_aaddr}, {@code spc_state}, {@code spc_error}. */
  public record PeerAddrChange(int assocId, InetSocketAddress address, int state, int error)
      implements KernelNotification {}

  /** {@code struct sctp_remote_error}: {@code sre_error} (a cause code) and {@code sre_data[]}. */
  public record RemoteError(int assocId, int error, byte[] data) implements KernelNotification {}

  /**
   * {@code struct sctp_send_failed_event} with its {@code ssfe_info}.
   *
   * @param assocId {@code ssf_assoc_id}
   * @param dataSent whether {@code SCTP_DATA_SENT} is in {@code ssf_flags}
   * @param error {@code ssf_error}: the 32-bit field holds the 16-bit cause code in network byte
   *     order, in its first bytes
   * @param stream {@code snd_sid}
   * @param ppid {@code snd_ppid}, as registries list it
   * @param context {@code snd_context}
   * @param flags {@code snd_flags}
   * @param data {@code ssf_data[]}: the message that was not delivered
   */
  public record SendFailed(
      int assocId,
      boolean dataSent,
      int error,
      int stream,
      int ppid,
      int context,
      int flags,
      byte[] data)
      implements KernelNotification {}

  /** {@code struct sctp_shutdown_event}. */
  public record Shutdown(int assocId) implements KernelNotification {}

  /** {@code struct sctp_sender_dry_event}. */
  public record SenderDry(int assocId) implements KernelNotification {}

  /** {@code struct sctp_adaptation_event}: the peer's {@code sai_adaptation_ind}. */
  public record Adaptation(int assocId, int indication) implements KernelNotification {}

  /** {@code struct sctp_pdapi_event}. */
  public record PartialDelivery(int assocId, int indication, int stream, int sequence)
      implements KernelNotification {}

  /**
   * {@code struct sctp_stream_reset_event}: {@code strreset_flags} and {@code
   * strreset_stream_list[]}.
   */
  public record StreamReset(int assocId, int flags, int[] streams) implements KernelNotification {}

  /** {@code struct sctp_assoc_reset_event}. */
  public record AssocReset(int assocId, int flags, int localTsn, int remoteTsn)
      implements KernelNotification {}

  /** {@code struct sctp_stream_change_event}. */
  public record StreamChange(int assocId, int flags, int inboundStreams, int outboundStreams)
      implements KernelNotification {}

  /**
   * {@code struct sctp_authkey_event} ({@code SCTP_AUTHENTICATION_EVENT}).
   *
   * @param assocId {@code auth_assoc_id}
   * @param keyNumber {@code auth_keynumber}
   * @param altKeyNumber {@code auth_altkeynumber}
   * @param indication {@code auth_indication}: {@code SCTP_AUTH_NEW_KEY}, {@code
   *     SCTP_AUTH_FREE_KEY} or {@code SCTP_AUTH_NO_AUTH}
   */
  public record AuthKey(int assocId, int keyNumber, int altKeyNumber, int indication)
      implements KernelNotification {}

  /**
   * A notification of a type not decoded here, or too short for its struct.
   *
   * @param type {@code sn_type}, or -1 when even the header is incomplete
   * @param raw every byte read
   */
  public record Unknown(int type, byte[] raw) implements KernelNotification {
    @Override
    public int assocId() {
      return 0;
    }
  }

  /**
   * Decodes one notification.
   *
   * @param bytes the notification, from its position to its limit (not consumed)
   * @return its record
   */
  public static KernelNotification decode(ByteBuffer bytes) {
    MemorySegment s = MemorySegment.ofBuffer(bytes);
    long n = s.byteSize();
    if (n < SctpStructs.SCTP_SN_HEADER.byteSize()) {
      return unknown(s, -1);
    }
    int type = u16(s, SctpStructs.SCTP_SN_HEADER, "sn_type");
    int flags = u16(s, SctpStructs.SCTP_SN_HEADER, "sn_flags");
    // Variable parts end at sn_length, or at the end of what was read when that is shorter.
    long end =
        Math.min(
            n, Integer.toUnsignedLong(s.get(U32, offset(SctpStructs.SCTP_SN_HEADER, "sn_length"))));
    StructLayout l =
        switch (type) {
          case SCTP_ASSOC_CHANGE -> SctpStructs.SCTP_ASSOC_CHANGE;
          case SCTP_PEER_ADDR_CHANGE -> SctpStructs.SCTP_PADDR_CHANGE;
          case SCTP_REMOTE_ERROR -> SctpStructs.SCTP_REMOTE_ERROR;
          case SCTP_SEND_FAILED_EVENT -> SctpStructs.SCTP_SEND_FAILED_EVENT;
          case SCTP_SHUTDOWN_EVENT -> SctpStructs.SCTP_SHUTDOWN_EVENT;
          case SCTP_SENDER_DRY_EVENT -> SctpStructs.SCTP_SENDER_DRY_EVENT;
          case SCTP_ADAPTATION_INDICATION -> SctpStructs.SCTP_ADAPTATION_EVENT;
          case SCTP_PARTIAL_DELIVERY_EVENT -> SctpStructs.SCTP_PDAPI_EVENT;
          case SCTP_STREAM_RESET_EVENT -> SctpStructs.SCTP_STREAM_RESET_EVENT;
          case SCTP_ASSOC_RESET_EVENT -> SctpStructs.SCTP_ASSOC_RESET_EVENT;
          case SCTP_STREAM_CHANGE_EVENT -> SctpStructs.SCTP_STREAM_CHANGE_EVENT;
          case SCTP_AUTHENTICATION_EVENT -> SctpStructs.SCTP_AUTHKEY_EVENT;
          default -> null;
        };
    if (l == null || n < l.byteSize()) {
      return unknown(s, type);
    }
    return switch (type) {
      case SCTP_ASSOC_CHANGE ->
          new AssocChange(
              i32(s, l, "sac_assoc_id"),
              u16(s, l, "sac_state"),
              Short.toUnsignedInt(s.get(BE16, offset(l, "sac_error"))),
              u16(s, l, "sac_outbound_streams"),
              u16(s, l, "sac_inbound_streams"),
              bytes(s, offset(l, "sac_info"), end));
      case SCTP_PEER_ADDR_CHANGE ->
          new PeerAddrChange(
              i32(s, l, "spc_assoc_id"),
              SockAddrs.read(s.asSlice(offset(l, "spc_aaddr"), SctpStructs.SOCKADDR_STORAGE_SIZE)),
              i32(s, l, "spc_state"),
              i32(s, l, "spc_error"));
      case SCTP_REMOTE_ERROR ->
          new RemoteError(
              i32(s, l, "sre_assoc_id"),
              Short.toUnsignedInt(s.get(BE16, offset(l, "sre_error"))),
              bytes(s, offset(l, "sre_data"), end));
      case SCTP_SEND_FAILED_EVENT ->
          new SendFailed(
              i32(s, l, "ssf_assoc_id"),
              (flags & SCTP_DATA_SENT) != 0,
              Short.toUnsignedInt(s.get(BE16, offset(l, "ssf_error"))),
              Short.toUnsignedInt(s.get(U16, offset(l, "ssfe_info", "snd_sid"))),
              SendMsg.ppidFromNetwork(s.get(U32, offset(l, "ssfe_info", "snd_ppid"))),
              s.get(U32, offset(l, "ssfe_info", "snd_context")),
              Short.toUnsignedInt(s.get(U16, offset(l, "ssfe_info", "snd_flags"))),
              bytes(s, offset(l, "ssf_data"), end));
      case SCTP_SHUTDOWN_EVENT -> new Shutdown(i32(s, l, "sse_assoc_id"));
      case SCTP_SENDER_DRY_EVENT -> new SenderDry(i32(s, l, "sender_dry_assoc_id"));
      case SCTP_ADAPTATION_INDICATION ->
          new Adaptation(i32(s, l, "sai_assoc_id"), i32(s, l, "sai_adaptation_ind"));
      case SCTP_PARTIAL_DELIVERY_EVENT ->
          new PartialDelivery(
              i32(s, l, "pdapi_assoc_id"),
              i32(s, l, "pdapi_indication"),
              i32(s, l, "pdapi_stream"),
              i32(s, l, "pdapi_seq"));
      case SCTP_STREAM_RESET_EVENT ->
          new StreamReset(
              i32(s, l, "strreset_assoc_id"),
              flags,
              streams(s, offset(l, "strreset_stream_list"), end));
      case SCTP_ASSOC_RESET_EVENT ->
          new AssocReset(
              i32(s, l, "assocreset_assoc_id"),
              flags,
              i32(s, l, "assocreset_local_tsn"),
              i32(s, l, "assocreset_remote_tsn"));
      case SCTP_STREAM_CHANGE_EVENT ->
          new StreamChange(
              i32(s, l, "strchange_assoc_id"),
              flags,
              u16(s, l, "strchange_instrms"),
              u16(s, l, "strchange_outstrms"));
      case SCTP_AUTHENTICATION_EVENT ->
          new AuthKey(
              i32(s, l, "auth_assoc_id"),
              u16(s, l, "auth_keynumber"),
              u16(s, l, "auth_altkeynumber"),
              i32(s, l, "auth_indication"));
      default -> throw new AssertionError(type); // every type with a layout above has a case
    };
  }

  private static int u16(MemorySegment s, StructLayout l, String field) {
    return Short.toUnsignedInt(s.get(U16, offset(l, field)));
  }

  private static int i32(MemorySegment s, StructLayout l, String field) {
    return s.get(U32, offset(l, field));
  }

  private static byte[] bytes(MemorySegment s, long from, long end) {
    return end <= from ? new byte[0] : s.asSlice(from, end - from).toArray(ValueLayout.JAVA_BYTE);
  }

  private static int[] streams(MemorySegment s, long from, long end) {
    int[] out = new int[(int) Math.max(0, end - from) / (int) U16.byteSize()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Short.toUnsignedInt(s.get(U16, from + i * U16.byteSize()));
    }
    return out;
  }

  private static Unknown unknown(MemorySegment s, int type) {
    return new Unknown(type, s.toArray(ValueLayout.JAVA_BYTE));
  }

  private KernelNotifications() {}
}
