package io.reactorsctp.internal.nativeio;

import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * Struct layouts of {@code linux/sctp.h} and {@code <sys/socket.h>} (x86_64) and the field offsets the rest of
 * the library reads, derived from the layouts so each struct is described once. Sizes are checked against the C
 * compiler's {@code sizeof} in {@code SctpStructsTest}. Internal: not part of reactor-sctp's API.
 */
public final class SctpStructs {
  private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT;
  private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT;
  private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG;

  static final StructLayout IOVEC = MemoryLayout.structLayout(U64.withName("iov_base"), U64.withName("iov_len"));
  static final StructLayout MSGHDR = MemoryLayout.structLayout(
      U64.withName("msg_name"), U32.withName("msg_namelen"), MemoryLayout.paddingLayout(4),
      U64.withName("msg_iov"), U64.withName("msg_iovlen"),
      U64.withName("msg_control"), U64.withName("msg_controllen"),
      U32.withName("msg_flags"), MemoryLayout.paddingLayout(4));
  static final long MSG_NAME = offset(MSGHDR, "msg_name");
  static final long MSG_NAMELEN = offset(MSGHDR, "msg_namelen");
  static final long MSG_IOV = offset(MSGHDR, "msg_iov");
  static final long MSG_IOVLEN = offset(MSGHDR, "msg_iovlen");
  static final long MSG_CONTROL = offset(MSGHDR, "msg_control");
  static final long MSG_CONTROLLEN = offset(MSGHDR, "msg_controllen");
  static final long MSG_FLAGS = offset(MSGHDR, "msg_flags");
  static final StructLayout CMSGHDR = MemoryLayout.structLayout(
      U64.withName("cmsg_len"), U32.withName("cmsg_level"), U32.withName("cmsg_type"));
  static final StructLayout SCTP_SNDINFO = MemoryLayout.structLayout(
      U16.withName("snd_sid"), U16.withName("snd_flags"), U32.withName("snd_ppid"),
      U32.withName("snd_context"), U32.withName("snd_assoc_id"));
  static final StructLayout SCTP_PRINFO = MemoryLayout.structLayout(
      U16.withName("pr_policy"), MemoryLayout.paddingLayout(2), U32.withName("pr_value"));
  static final StructLayout SCTP_RCVINFO = MemoryLayout.structLayout(
      U16.withName("rcv_sid"), U16.withName("rcv_ssn"), U16.withName("rcv_flags"), MemoryLayout.paddingLayout(2),
      U32.withName("rcv_ppid"), U32.withName("rcv_tsn"), U32.withName("rcv_cumtsn"), U32.withName("rcv_context"),
      U32.withName("rcv_assoc_id"));
  static final StructLayout SCTP_EVENT = MemoryLayout.structLayout(
      U32.withName("se_assoc_id"), U16.withName("se_type"), ValueLayout.JAVA_BYTE.withName("se_on"),
      MemoryLayout.paddingLayout(1));
  static final StructLayout SCTP_INITMSG = MemoryLayout.structLayout(
      U16.withName("sinit_num_ostreams"), U16.withName("sinit_max_instreams"),
      U16.withName("sinit_max_attempts"), U16.withName("sinit_max_init_timeo"));
  static final StructLayout SCTP_RTOINFO = MemoryLayout.structLayout(
      U32.withName("srto_assoc_id"), U32.withName("srto_initial"), U32.withName("srto_max"),
      U32.withName("srto_min"));
  static final StructLayout SCTP_SACK_INFO = MemoryLayout.structLayout(
      U32.withName("sack_assoc_id"), U32.withName("sack_delay"), U32.withName("sack_freq"));
  static final StructLayout SCTP_ASSOC_VALUE = MemoryLayout.structLayout(
      U32.withName("assoc_id"), U32.withName("assoc_value"));
  /** {@code struct sockaddr_storage}: 128 bytes. */
  public static final long SOCKADDR_STORAGE_SIZE = 128;
  static final StructLayout SCTP_PADDRINFO = MemoryLayout.structLayout( // packed, aligned(4)
      U32.withName("spinfo_assoc_id"), MemoryLayout.sequenceLayout(SOCKADDR_STORAGE_SIZE, ValueLayout.JAVA_BYTE)
          .withName("spinfo_address"),
      U32.withName("spinfo_state"), U32.withName("spinfo_cwnd"), U32.withName("spinfo_srtt"),
      U32.withName("spinfo_rto"), U32.withName("spinfo_mtu"));
  static final StructLayout SCTP_STATUS = MemoryLayout.structLayout(
      U32.withName("sstat_assoc_id"), U32.withName("sstat_state"), U32.withName("sstat_rwnd"),
      U16.withName("sstat_unackdata"), U16.withName("sstat_penddata"), U16.withName("sstat_instrms"),
      U16.withName("sstat_outstrms"), U32.withName("sstat_fragmentation_point"),
      SCTP_PADDRINFO.withName("sstat_primary"));
  static final StructLayout SCTP_ASSOCPARAMS = MemoryLayout.structLayout(
      U32.withName("sasoc_assoc_id"), U16.withName("sasoc_asocmaxrxt"),
      U16.withName("sasoc_number_peer_destinations"), U32.withName("sasoc_peer_rwnd"),
      U32.withName("sasoc_local_rwnd"), U32.withName("sasoc_cookie_life"));
  static final StructLayout SCTP_PADDRPARAMS = MemoryLayout.structLayout( // packed, aligned(4)
      U32.withName("spp_assoc_id"),
      MemoryLayout.sequenceLayout(SOCKADDR_STORAGE_SIZE, ValueLayout.JAVA_BYTE).withName("spp_address"),
      ValueLayout.JAVA_INT_UNALIGNED.withName("spp_hbinterval"),
      ValueLayout.JAVA_SHORT_UNALIGNED.withName("spp_pathmaxrxt"),
      ValueLayout.JAVA_INT_UNALIGNED.withName("spp_pathmtu"), ValueLayout.JAVA_INT_UNALIGNED.withName("spp_sackdelay"),
      ValueLayout.JAVA_INT_UNALIGNED.withName("spp_flags"), ValueLayout.JAVA_INT_UNALIGNED.withName("spp_ipv6_flowlabel"),
      ValueLayout.JAVA_BYTE.withName("spp_dscp"), MemoryLayout.paddingLayout(1));
  static final StructLayout SCTP_PRSTATUS = MemoryLayout.structLayout(
      U32.withName("sprstat_assoc_id"), U16.withName("sprstat_sid"), U16.withName("sprstat_policy"),
      U64.withName("sprstat_abandoned_unsent"), U64.withName("sprstat_abandoned_sent"));
  static final StructLayout SCTP_ASSOC_STATS = MemoryLayout.structLayout(
      U32.withName("sas_assoc_id"), MemoryLayout.paddingLayout(4),
      MemoryLayout.sequenceLayout(SOCKADDR_STORAGE_SIZE, ValueLayout.JAVA_BYTE).withName("sas_obs_rto_ipaddr"),
      U64.withName("sas_maxrto"), U64.withName("sas_isacks"), U64.withName("sas_osacks"),
      U64.withName("sas_opackets"), U64.withName("sas_ipackets"), U64.withName("sas_rtxchunks"),
      U64.withName("sas_outofseqtsns"), U64.withName("sas_idupchunks"), U64.withName("sas_gapcnt"),
      U64.withName("sas_ouodchunks"), U64.withName("sas_iuodchunks"), U64.withName("sas_oodchunks"),
      U64.withName("sas_iodchunks"), U64.withName("sas_octrlchunks"), U64.withName("sas_ictrlchunks"));
  static final StructLayout LINGER = MemoryLayout.structLayout(U32.withName("l_onoff"), U32.withName("l_linger"));

  /** Space of one control message carrying {@code payloadSize} bytes ({@code CMSG_SPACE}). */
  static long cmsgSpace(long payloadSize) {
    return CMSGHDR.byteSize() + align8(payloadSize);
  }

  /** Value of {@code cmsg_len} for {@code payloadSize} bytes ({@code CMSG_LEN}). */
  static long cmsgLen(long payloadSize) {
    return CMSGHDR.byteSize() + payloadSize;
  }

  private static long align8(long n) {
    return (n + 7) & ~7L;
  }

  static long offset(StructLayout layout, String field) {
    return layout.byteOffset(PathElement.groupElement(field));
  }

  // Notifications (sctp.h §"SCTP events"): every one starts with type u16, flags u16, length u32.
  /** Offset of {@code sn_type}. */
  public static final int SN_TYPE = 0;
  /** Offset of {@code sn_flags}. */
  public static final int SN_FLAGS = 2;
  /** Offset of {@code sn_length}. */
  public static final int SN_LENGTH = 4;
  /** Size of the common notification header. */
  public static final int SN_HEADER = 8;

  // struct sctp_assoc_change
  public static final int SAC_STATE = 8;
  public static final int SAC_ERROR = 10;
  public static final int SAC_OUTBOUND_STREAMS = 12;
  public static final int SAC_INBOUND_STREAMS = 14;
  public static final int SAC_ASSOC_ID = 16;
  public static final int SAC_SIZE = 20;
  /** Where {@code sac_info[]} starts: Linux copies the ABORT chunk's error causes there. */
  public static final int SAC_INFO = SAC_SIZE;
  // struct sctp_paddr_change (packed, aligned 4)
  public static final int SPC_ADDR = 8;
  public static final int SPC_STATE = 8 + (int) SOCKADDR_STORAGE_SIZE;
  public static final int SPC_ERROR = SPC_STATE + 4;
  public static final int SPC_ASSOC_ID = SPC_STATE + 8;
  public static final int SPC_SIZE = SPC_STATE + 12;
  // struct sctp_remote_error
  public static final int SRE_ERROR = 8;
  public static final int SRE_ASSOC_ID = 12;
  public static final int SRE_DATA = 16;
  // struct sctp_send_failed_event
  public static final int SSF_ERROR = 8;
  public static final int SSF_INFO = 12;
  public static final int SSF_ASSOC_ID = SSF_INFO + (int) SCTP_SNDINFO.byteSize();
  public static final int SSF_DATA = SSF_ASSOC_ID + 4;
  /** Offsets inside {@code struct sctp_sndinfo}. */
  public static final int SNDINFO_SID = (int) offset(SCTP_SNDINFO, "snd_sid");
  public static final int SNDINFO_FLAGS = (int) offset(SCTP_SNDINFO, "snd_flags");
  public static final int SNDINFO_PPID = (int) offset(SCTP_SNDINFO, "snd_ppid");
  public static final int SNDINFO_CONTEXT = (int) offset(SCTP_SNDINFO, "snd_context");
  // struct sctp_shutdown_event, sctp_sender_dry_event: assoc id right after the header
  public static final int SSE_ASSOC_ID = 8;
  public static final int SSE_SIZE = 12;
  // struct sctp_adaptation_event
  public static final int SAI_ADAPTATION_IND = 8;
  public static final int SAI_ASSOC_ID = 12;
  public static final int SAI_SIZE = 16;
  // struct sctp_pdapi_event
  public static final int PDAPI_INDICATION = 8;
  public static final int PDAPI_ASSOC_ID = 12;
  public static final int PDAPI_STREAM = 16;
  public static final int PDAPI_SEQ = 20;
  public static final int PDAPI_SIZE = 24;
  // struct sctp_stream_reset_event
  public static final int STRRESET_ASSOC_ID = 8;
  public static final int STRRESET_STREAM_LIST = 12;
  // struct sctp_assoc_reset_event
  public static final int ASSOCRESET_ASSOC_ID = 8;
  public static final int ASSOCRESET_LOCAL_TSN = 12;
  public static final int ASSOCRESET_REMOTE_TSN = 16;
  public static final int ASSOCRESET_SIZE = 20;
  // struct sctp_stream_change_event
  public static final int STRCHANGE_ASSOC_ID = 8;
  public static final int STRCHANGE_INSTRMS = 12;
  public static final int STRCHANGE_OUTSTRMS = 14;
  public static final int STRCHANGE_SIZE = 16;

  private SctpStructs() {}
}
