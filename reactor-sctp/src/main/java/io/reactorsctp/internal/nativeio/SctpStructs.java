package io.reactorsctp.internal.nativeio;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Struct layouts of {@code linux/sctp.h}, {@code <sys/socket.h>} and {@code <netinet/in.h>}
 * (x86_64), the one description of every kernel struct the library reads or writes: offsets are
 * derived from them ({@link #offset}), never counted by hand. {@code SctpStructsTest} checks every
 * layout's size and every named member's offset against the C compiler. Internal: not part of
 * reactor-sctp's API.
 */
public final class SctpStructs {
  private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT;
  private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT;
  private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG;

  /** A 16-bit field the kernel keeps in network byte order ({@code __be16}). */
  static final ValueLayout.OfShort NET_U16 = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);

  static final StructLayout IOVEC =
      MemoryLayout.structLayout(U64.withName("iov_base"), U64.withName("iov_len"));
  static final StructLayout MSGHDR =
      MemoryLayout.structLayout(
          U64.withName("msg_name"),
          U32.withName("msg_namelen"),
          MemoryLayout.paddingLayout(4),
          U64.withName("msg_iov"),
          U64.withName("msg_iovlen"),
          U64.withName("msg_control"),
          U64.withName("msg_controllen"),
          U32.withName("msg_flags"),
          MemoryLayout.paddingLayout(4));
  static final long MSG_NAME = offset(MSGHDR, "msg_name");
  static final long MSG_NAMELEN = offset(MSGHDR, "msg_namelen");
  static final long MSG_IOV = offset(MSGHDR, "msg_iov");
  static final long MSG_IOVLEN = offset(MSGHDR, "msg_iovlen");
  static final long MSG_CONTROL = offset(MSGHDR, "msg_control");
  static final long MSG_CONTROLLEN = offset(MSGHDR, "msg_controllen");
  static final long MSG_FLAGS = offset(MSGHDR, "msg_flags");
  static final StructLayout CMSGHDR =
      MemoryLayout.structLayout(
          U64.withName("cmsg_len"), U32.withName("cmsg_level"), U32.withName("cmsg_type"));
  static final StructLayout SCTP_SNDINFO =
      MemoryLayout.structLayout(
          U16.withName("snd_sid"),
          U16.withName("snd_flags"),
          U32.withName("snd_ppid"),
          U32.withName("snd_context"),
          U32.withName("snd_assoc_id"));
  static final StructLayout SCTP_PRINFO =
      MemoryLayout.structLayout(
          U16.withName("pr_policy"), MemoryLayout.paddingLayout(2), U32.withName("pr_value"));
  static final StructLayout SCTP_RCVINFO =
      MemoryLayout.structLayout(
          U16.withName("rcv_sid"),
          U16.withName("rcv_ssn"),
          U16.withName("rcv_flags"),
          MemoryLayout.paddingLayout(2),
          U32.withName("rcv_ppid"),
          U32.withName("rcv_tsn"),
          U32.withName("rcv_cumtsn"),
          U32.withName("rcv_context"),
          U32.withName("rcv_assoc_id"));
  static final StructLayout SCTP_EVENT =
      MemoryLayout.structLayout(
          U32.withName("se_assoc_id"),
          U16.withName("se_type"),
          ValueLayout.JAVA_BYTE.withName("se_on"),
          MemoryLayout.paddingLayout(1));
  static final StructLayout SCTP_INITMSG =
      MemoryLayout.structLayout(
          U16.withName("sinit_num_ostreams"), U16.withName("sinit_max_instreams"),
          U16.withName("sinit_max_attempts"), U16.withName("sinit_max_init_timeo"));
  static final StructLayout SCTP_RTOINFO =
      MemoryLayout.structLayout(
          U32.withName("srto_assoc_id"),
          U32.withName("srto_initial"),
          U32.withName("srto_max"),
          U32.withName("srto_min"));
  static final StructLayout SCTP_SACK_INFO =
      MemoryLayout.structLayout(
          U32.withName("sack_assoc_id"), U32.withName("sack_delay"), U32.withName("sack_freq"));
  static final StructLayout SCTP_ASSOC_VALUE =
      MemoryLayout.structLayout(U32.withName("assoc_id"), U32.withName("assoc_value"));

  /** {@code struct sctp_reset_streams}: its stream list follows at {@code srs_stream_list}. */
  static final StructLayout SCTP_RESET_STREAMS =
      MemoryLayout.structLayout(
          U32.withName("srs_assoc_id"),
          U16.withName("srs_flags"),
          U16.withName("srs_number_streams"),
          MemoryLayout.sequenceLayout(0, U16).withName("srs_stream_list"));

  /** {@code struct sctp_add_streams}. */
  static final StructLayout SCTP_ADD_STREAMS =
      MemoryLayout.structLayout(
          U32.withName("sas_assoc_id"), U16.withName("sas_instrms"), U16.withName("sas_outstrms"));

  /** {@code struct sctp_stream_value} ({@code SCTP_STREAM_SCHEDULER_VALUE}). */
  static final StructLayout SCTP_STREAM_VALUE =
      MemoryLayout.structLayout(
          U32.withName("assoc_id"), U16.withName("stream_id"), U16.withName("stream_value"));

  /** {@code struct sockaddr_storage}: 128 bytes. */
  public static final long SOCKADDR_STORAGE_SIZE = 128;

  static final StructLayout SCTP_PADDRINFO =
      MemoryLayout.structLayout( // packed, aligned(4)
          U32.withName("spinfo_assoc_id"),
          MemoryLayout.sequenceLayout(SOCKADDR_STORAGE_SIZE, ValueLayout.JAVA_BYTE)
              .withName("spinfo_address"),
          U32.withName("spinfo_state"),
          U32.withName("spinfo_cwnd"),
          U32.withName("spinfo_srtt"),
          U32.withName("spinfo_rto"),
          U32.withName("spinfo_mtu"));
  static final StructLayout SCTP_STATUS =
      MemoryLayout.structLayout(
          U32.withName("sstat_assoc_id"),
          U32.withName("sstat_state"),
          U32.withName("sstat_rwnd"),
          U16.withName("sstat_unackdata"),
          U16.withName("sstat_penddata"),
          U16.withName("sstat_instrms"),
          U16.withName("sstat_outstrms"),
          U32.withName("sstat_fragmentation_point"),
          SCTP_PADDRINFO.withName("sstat_primary"));
  static final StructLayout SCTP_ASSOCPARAMS =
      MemoryLayout.structLayout(
          U32.withName("sasoc_assoc_id"), U16.withName("sasoc_asocmaxrxt"),
          U16.withName("sasoc_number_peer_destinations"), U32.withName("sasoc_peer_rwnd"),
          U32.withName("sasoc_local_rwnd"), U32.withName("sasoc_cookie_life"));
  static final StructLayout SCTP_PADDRPARAMS =
      MemoryLayout.structLayout( // packed, aligned(4)
          U32.withName("spp_assoc_id"),
          MemoryLayout.sequenceLayout(SOCKADDR_STORAGE_SIZE, ValueLayout.JAVA_BYTE)
              .withName("spp_address"),
          ValueLayout.JAVA_INT_UNALIGNED.withName("spp_hbinterval"),
          ValueLayout.JAVA_SHORT_UNALIGNED.withName("spp_pathmaxrxt"),
          ValueLayout.JAVA_INT_UNALIGNED.withName("spp_pathmtu"),
          ValueLayout.JAVA_INT_UNALIGNED.withName("spp_sackdelay"),
          ValueLayout.JAVA_INT_UNALIGNED.withName("spp_flags"),
          ValueLayout.JAVA_INT_UNALIGNED.withName("spp_ipv6_flowlabel"),
          ValueLayout.JAVA_BYTE.withName("spp_dscp"),
          MemoryLayout.paddingLayout(1));
  static final StructLayout SCTP_PRSTATUS =
      MemoryLayout.structLayout(
          U32.withName("sprstat_assoc_id"),
          U16.withName("sprstat_sid"),
          U16.withName("sprstat_policy"),
          U64.withName("sprstat_abandoned_unsent"),
          U64.withName("sprstat_abandoned_sent"));
  static final StructLayout SCTP_ASSOC_STATS =
      MemoryLayout.structLayout(
          U32.withName("sas_assoc_id"),
          MemoryLayout.paddingLayout(4),
          MemoryLayout.sequenceLayout(SOCKADDR_STORAGE_SIZE, ValueLayout.JAVA_BYTE)
              .withName("sas_obs_rto_ipaddr"),
          U64.withName("sas_maxrto"),
          U64.withName("sas_isacks"),
          U64.withName("sas_osacks"),
          U64.withName("sas_opackets"),
          U64.withName("sas_ipackets"),
          U64.withName("sas_rtxchunks"),
          U64.withName("sas_outofseqtsns"),
          U64.withName("sas_idupchunks"),
          U64.withName("sas_gapcnt"),
          U64.withName("sas_ouodchunks"),
          U64.withName("sas_iuodchunks"),
          U64.withName("sas_oodchunks"),
          U64.withName("sas_iodchunks"),
          U64.withName("sas_octrlchunks"),
          U64.withName("sas_ictrlchunks"));
  static final StructLayout LINGER =
      MemoryLayout.structLayout(U32.withName("l_onoff"), U32.withName("l_linger"));

  /** {@code struct sctp_setadaptation}: the Adaptation Layer Indication this endpoint sends. */
  static final StructLayout SCTP_SETADAPTATION =
      MemoryLayout.structLayout(U32.withName("ssb_adaptation_ind"));

  /** {@code struct sockaddr_in}. */
  static final StructLayout SOCKADDR_IN =
      MemoryLayout.structLayout(
          U16.withName("sin_family"),
          U16.withName("sin_port"),
          MemoryLayout.sequenceLayout(4, ValueLayout.JAVA_BYTE).withName("sin_addr"),
          MemoryLayout.sequenceLayout(8, ValueLayout.JAVA_BYTE).withName("sin_zero"));

  /** {@code struct sockaddr_in6}. */
  static final StructLayout SOCKADDR_IN6 =
      MemoryLayout.structLayout(
          U16.withName("sin6_family"),
          U16.withName("sin6_port"),
          U32.withName("sin6_flowinfo"),
          MemoryLayout.sequenceLayout(16, ValueLayout.JAVA_BYTE).withName("sin6_addr"),
          U32.withName("sin6_scope_id"));

  /** {@code struct sctp_getaddrs_old}, the argument of {@code SCTP_SOCKOPT_CONNECTX3}. */
  static final StructLayout SCTP_GETADDRS_OLD =
      MemoryLayout.structLayout(
          U32.withName("assoc_id"),
          U32.withName("addr_num"),
          ValueLayout.ADDRESS.withName("addrs"));

  /** {@code struct sctp_getaddrs}: its packed addresses follow at {@code addrs}. */
  static final StructLayout SCTP_GETADDRS =
      MemoryLayout.structLayout(
          U32.withName("assoc_id"),
          U32.withName("addr_num"),
          MemoryLayout.sequenceLayout(0, ValueLayout.JAVA_BYTE).withName("addrs"));

  /** {@code sctp_peeloff_arg_t}. */
  static final StructLayout SCTP_PEELOFF_ARG =
      MemoryLayout.structLayout(U32.withName("associd"), U32.withName("sd"));

  /** {@code sctp_peeloff_flags_arg_t}. */
  static final StructLayout SCTP_PEELOFF_FLAGS_ARG =
      MemoryLayout.structLayout(SCTP_PEELOFF_ARG.withName("p_arg"), U32.withName("flags"));

  /**
   * {@code struct sctp_udpencaps}, for {@code SCTP_REMOTE_UDP_ENCAPS_PORT} (RFC 6951): {@code
   * sue_port} in network byte order; not packed, so the address starts at 8.
   */
  static final StructLayout SCTP_UDPENCAPS =
      MemoryLayout.structLayout(
          U32.withName("sue_assoc_id"),
          MemoryLayout.paddingLayout(4),
          MemoryLayout.sequenceLayout(SOCKADDR_STORAGE_SIZE, ValueLayout.JAVA_BYTE)
              .withName("sue_address"),
          NET_U16.withName("sue_port"),
          MemoryLayout.paddingLayout(6));

  /** {@code struct sctp_prim} (packed, aligned 4), for {@code SCTP_PRIMARY_ADDR}. */
  static final StructLayout SCTP_PRIM =
      MemoryLayout.structLayout(
          U32.withName("ssp_assoc_id"),
          MemoryLayout.sequenceLayout(SOCKADDR_STORAGE_SIZE, ValueLayout.JAVA_BYTE)
              .withName("ssp_addr"));

  /**
   * {@code struct sctp_setpeerprim} (packed, aligned 4), for {@code SCTP_SET_PEER_PRIMARY_ADDR}.
   */
  static final StructLayout SCTP_SETPEERPRIM =
      MemoryLayout.structLayout(
          U32.withName("sspp_assoc_id"),
          MemoryLayout.sequenceLayout(SOCKADDR_STORAGE_SIZE, ValueLayout.JAVA_BYTE)
              .withName("sspp_addr"));

  // Notifications (sctp.h "SCTP events"): each starts with type u16, flags u16, length u32; the
  // variable part (a flexible array member in C) is a zero-length sequence here, so its offset is
  // the struct's size.
  /** The header every notification starts with ({@code union sctp_notification.sn_header}). */
  static final StructLayout SCTP_SN_HEADER =
      MemoryLayout.structLayout(
          U16.withName("sn_type"), U16.withName("sn_flags"), U32.withName("sn_length"));

  /** {@code struct sctp_assoc_change}; {@code sac_error} is a cause code in network byte order. */
  static final StructLayout SCTP_ASSOC_CHANGE =
      MemoryLayout.structLayout(
          U16.withName("sac_type"),
          U16.withName("sac_flags"),
          U32.withName("sac_length"),
          U16.withName("sac_state"),
          U16.withName("sac_error"),
          U16.withName("sac_outbound_streams"),
          U16.withName("sac_inbound_streams"),
          U32.withName("sac_assoc_id"),
          MemoryLayout.sequenceLayout(0, ValueLayout.JAVA_BYTE).withName("sac_info"));

  /** {@code struct sctp_paddr_change} (packed, aligned 4). */
  static final StructLayout SCTP_PADDR_CHANGE =
      MemoryLayout.structLayout(
          U16.withName("spc_type"),
          U16.withName("spc_flags"),
          U32.withName("spc_length"),
          MemoryLayout.sequenceLayout(SOCKADDR_STORAGE_SIZE, ValueLayout.JAVA_BYTE)
              .withName("spc_aaddr"),
          U32.withName("spc_state"),
          U32.withName("spc_error"),
          U32.withName("spc_assoc_id"));

  /** {@code struct sctp_remote_error}; {@code sre_error} is {@code __be16}. */
  static final StructLayout SCTP_REMOTE_ERROR =
      MemoryLayout.structLayout(
          U16.withName("sre_type"),
          U16.withName("sre_flags"),
          U32.withName("sre_length"),
          U16.withName("sre_error"),
          MemoryLayout.paddingLayout(2),
          U32.withName("sre_assoc_id"),
          MemoryLayout.sequenceLayout(0, ValueLayout.JAVA_BYTE).withName("sre_data"));

  /** {@code struct sctp_send_failed_event}. */
  static final StructLayout SCTP_SEND_FAILED_EVENT =
      MemoryLayout.structLayout(
          U16.withName("ssf_type"),
          U16.withName("ssf_flags"),
          U32.withName("ssf_length"),
          U32.withName("ssf_error"),
          SCTP_SNDINFO.withName("ssfe_info"),
          U32.withName("ssf_assoc_id"),
          MemoryLayout.sequenceLayout(0, ValueLayout.JAVA_BYTE).withName("ssf_data"));

  /** {@code struct sctp_shutdown_event}. */
  static final StructLayout SCTP_SHUTDOWN_EVENT =
      MemoryLayout.structLayout(
          U16.withName("sse_type"),
          U16.withName("sse_flags"),
          U32.withName("sse_length"),
          U32.withName("sse_assoc_id"));

  /** {@code struct sctp_sender_dry_event}. */
  static final StructLayout SCTP_SENDER_DRY_EVENT =
      MemoryLayout.structLayout(
          U16.withName("sender_dry_type"),
          U16.withName("sender_dry_flags"),
          U32.withName("sender_dry_length"),
          U32.withName("sender_dry_assoc_id"));

  /** {@code struct sctp_adaptation_event}. */
  static final StructLayout SCTP_ADAPTATION_EVENT =
      MemoryLayout.structLayout(
          U16.withName("sai_type"),
          U16.withName("sai_flags"),
          U32.withName("sai_length"),
          U32.withName("sai_adaptation_ind"),
          U32.withName("sai_assoc_id"));

  /** {@code struct sctp_pdapi_event}. */
  static final StructLayout SCTP_PDAPI_EVENT =
      MemoryLayout.structLayout(
          U16.withName("pdapi_type"),
          U16.withName("pdapi_flags"),
          U32.withName("pdapi_length"),
          U32.withName("pdapi_indication"),
          U32.withName("pdapi_assoc_id"),
          U32.withName("pdapi_stream"),
          U32.withName("pdapi_seq"));

  /** {@code struct sctp_stream_reset_event}. */
  static final StructLayout SCTP_STREAM_RESET_EVENT =
      MemoryLayout.structLayout(
          U16.withName("strreset_type"),
          U16.withName("strreset_flags"),
          U32.withName("strreset_length"),
          U32.withName("strreset_assoc_id"),
          MemoryLayout.sequenceLayout(0, U16).withName("strreset_stream_list"));

  /** {@code struct sctp_assoc_reset_event}. */
  static final StructLayout SCTP_ASSOC_RESET_EVENT =
      MemoryLayout.structLayout(
          U16.withName("assocreset_type"),
          U16.withName("assocreset_flags"),
          U32.withName("assocreset_length"),
          U32.withName("assocreset_assoc_id"),
          U32.withName("assocreset_local_tsn"),
          U32.withName("assocreset_remote_tsn"));

  /** {@code struct sctp_stream_change_event}. */
  static final StructLayout SCTP_STREAM_CHANGE_EVENT =
      MemoryLayout.structLayout(
          U16.withName("strchange_type"),
          U16.withName("strchange_flags"),
          U32.withName("strchange_length"),
          U32.withName("strchange_assoc_id"),
          U16.withName("strchange_instrms"),
          U16.withName("strchange_outstrms"));

  /** {@code struct sctp_authkey_event} ({@code SCTP_AUTHENTICATION_EVENT}, RFC 6458 §6.1.8). */
  static final StructLayout SCTP_AUTHKEY_EVENT =
      MemoryLayout.structLayout(
          U16.withName("auth_type"),
          U16.withName("auth_flags"),
          U32.withName("auth_length"),
          U16.withName("auth_keynumber"),
          U16.withName("auth_altkeynumber"),
          U32.withName("auth_indication"),
          U32.withName("auth_assoc_id"));

  // SCTP-AUTH socket options (RFC 6458 §8.1.18-§8.1.23, §8.2.3-§8.2.4).
  /** {@code struct sctp_authchunk}, for {@code SCTP_AUTH_CHUNK}. */
  static final StructLayout SCTP_AUTHCHUNK =
      MemoryLayout.structLayout(ValueLayout.JAVA_BYTE.withName("sauth_chunk"));

  /** {@code struct sctp_hmacalgo}: its identifiers follow at {@code shmac_idents}. */
  static final StructLayout SCTP_HMACALGO =
      MemoryLayout.structLayout(
          U32.withName("shmac_num_idents"),
          MemoryLayout.sequenceLayout(0, U16).withName("shmac_idents"));

  /** {@code struct sctp_authkey}: the key's bytes follow at {@code sca_key}. */
  static final StructLayout SCTP_AUTHKEY =
      MemoryLayout.structLayout(
          U32.withName("sca_assoc_id"),
          U16.withName("sca_keynumber"),
          U16.withName("sca_keylength"),
          MemoryLayout.sequenceLayout(0, ValueLayout.JAVA_BYTE).withName("sca_key"));

  /** {@code struct sctp_authkeyid}, for the active, deactivate and delete key options. */
  static final StructLayout SCTP_AUTHKEYID =
      MemoryLayout.structLayout(
          U32.withName("scact_assoc_id"),
          U16.withName("scact_keynumber"),
          MemoryLayout.paddingLayout(2));

  /** {@code struct sctp_authchunks}: the chunk types follow at {@code gauth_chunks}. */
  static final StructLayout SCTP_AUTHCHUNKS =
      MemoryLayout.structLayout(
          U32.withName("gauth_assoc_id"),
          U32.withName("gauth_number_of_chunks"),
          MemoryLayout.sequenceLayout(0, ValueLayout.JAVA_BYTE).withName("gauth_chunks"));

  /** Space of one control message carrying {@code payloadSize} bytes ({@code CMSG_SPACE}). */
  static long cmsgSpace(long payloadSize) {
    return CMSGHDR.byteSize() + cmsgAlign(payloadSize);
  }

  /** Value of {@code cmsg_len} for {@code payloadSize} bytes ({@code CMSG_LEN}). */
  static long cmsgLen(long payloadSize) {
    return CMSGHDR.byteSize() + payloadSize;
  }

  /**
   * {@code n} rounded up to the alignment of control messages ({@code CMSG_ALIGN}: that of {@code
   * size_t}).
   */
  static long cmsgAlign(long n) {
    return (n + 7) & ~7L;
  }

  static long offset(StructLayout layout, String field) {
    return layout.byteOffset(PathElement.groupElement(field));
  }

  /** {@return the offset of {@code inner} within the member struct {@code outer}} */
  static long offset(StructLayout layout, String outer, String inner) {
    return layout.byteOffset(PathElement.groupElement(outer), PathElement.groupElement(inner));
  }

  private SctpStructs() {}
}
