package io.reactorsctp.internal.nativeio;

import static io.reactorsctp.internal.nativeio.SctpConstants.SPP_HB_ENABLE;
import static io.reactorsctp.internal.nativeio.SctpStructs.offset;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;

/**
 * What the {@code getsockopt}s of {@link SctpSocket} return: one record per kernel struct, with the
 * fields as the kernel gives them (unsigned 16-bit fields widened, states as numbers), each read
 * from memory through its {@link SctpStructs} layout. The public records of {@code
 * io.reactorsctp.channel} give them their API types and checks. Internal: not part of
 * reactor-sctp's API.
 */
public final class SctpOptionValues {
  /**
   * The packed structs ({@code sctp_paddrinfo}, {@code sctp_paddrparams}) put 32-bit fields off
   * alignment.
   */
  private static final ValueLayout.OfInt U32_PACKED = ValueLayout.JAVA_INT_UNALIGNED;

  private static final ValueLayout.OfShort U16_PACKED = ValueLayout.JAVA_SHORT_UNALIGNED;

  /**
   * {@code struct sctp_initmsg} ({@code SCTP_INITMSG}).
   *
   * @param outStreams {@code sinit_num_ostreams}
   * @param maxInStreams {@code sinit_max_instreams}
   * @param maxAttempts {@code sinit_max_attempts}
   * @param maxInitTimeoMillis {@code sinit_max_init_timeo}
   */
  public record InitMsg(int outStreams, int maxInStreams, int maxAttempts, int maxInitTimeoMillis) {
    static InitMsg read(MemorySegment s) {
      StructLayout l = SctpStructs.SCTP_INITMSG;
      return new InitMsg(
          u16(s, l, "sinit_num_ostreams"),
          u16(s, l, "sinit_max_instreams"),
          u16(s, l, "sinit_max_attempts"),
          u16(s, l, "sinit_max_init_timeo"));
    }
  }

  /**
   * {@code struct sctp_rtoinfo} ({@code SCTP_RTOINFO}), in ms.
   *
   * @param initialMillis {@code srto_initial}
   * @param maxMillis {@code srto_max}
   * @param minMillis {@code srto_min}
   */
  public record RtoInfo(int initialMillis, int maxMillis, int minMillis) {
    static RtoInfo read(MemorySegment s) {
      StructLayout l = SctpStructs.SCTP_RTOINFO;
      return new RtoInfo(i32(s, l, "srto_initial"), i32(s, l, "srto_max"), i32(s, l, "srto_min"));
    }
  }

  /**
   * {@code struct sctp_assocparams} ({@code SCTP_ASSOCINFO}).
   *
   * @param maxRetransmissions {@code sasoc_asocmaxrxt}
   * @param peerDestinations {@code sasoc_number_peer_destinations}
   * @param peerRwnd {@code sasoc_peer_rwnd}
   * @param localRwnd {@code sasoc_local_rwnd}
   * @param cookieLifeMillis {@code sasoc_cookie_life}
   */
  public record AssocParams(
      int maxRetransmissions,
      int peerDestinations,
      int peerRwnd,
      int localRwnd,
      int cookieLifeMillis) {
    static AssocParams read(MemorySegment s) {
      StructLayout l = SctpStructs.SCTP_ASSOCPARAMS;
      return new AssocParams(
          u16(s, l, "sasoc_asocmaxrxt"),
          u16(s, l, "sasoc_number_peer_destinations"),
          i32(s, l, "sasoc_peer_rwnd"),
          i32(s, l, "sasoc_local_rwnd"),
          i32(s, l, "sasoc_cookie_life"));
    }
  }

  /**
   * The heartbeat fields of {@code struct sctp_paddrparams} ({@code SCTP_PEER_ADDR_PARAMS}).
   *
   * @param heartbeatIntervalMillis {@code spp_hbinterval}
   * @param heartbeatEnabled whether {@code SPP_HB_ENABLE} is in {@code spp_flags}
   * @param pathMaxRetransmissions {@code spp_pathmaxrxt}
   */
  public record PeerAddrParams(
      int heartbeatIntervalMillis, boolean heartbeatEnabled, int pathMaxRetransmissions) {
    static PeerAddrParams read(MemorySegment s) {
      StructLayout l = SctpStructs.SCTP_PADDRPARAMS;
      return new PeerAddrParams(
          s.get(U32_PACKED, offset(l, "spp_hbinterval")),
          (s.get(U32_PACKED, offset(l, "spp_flags")) & SPP_HB_ENABLE) != 0,
          Short.toUnsignedInt(s.get(U16_PACKED, offset(l, "spp_pathmaxrxt"))));
    }
  }

  /**
   * The abandonment counters of {@code struct sctp_prstatus} ({@code SCTP_PR_ASSOC_STATUS}, RFC
   * 7496).
   *
   * @param abandonedUnsent {@code sprstat_abandoned_unsent}: abandoned before being sent
   * @param abandonedSent {@code sprstat_abandoned_sent}: abandoned after being sent at least once
   */
  public record PrStatus(long abandonedUnsent, long abandonedSent) {
    static PrStatus read(MemorySegment s) {
      StructLayout l = SctpStructs.SCTP_PRSTATUS;
      return new PrStatus(
          i64(s, l, "sprstat_abandoned_unsent"), i64(s, l, "sprstat_abandoned_sent"));
    }
  }

  /**
   * {@code struct sctp_status} with its primary path ({@code SCTP_STATUS}).
   *
   * @param assocId association id
   * @param state SCTP state number (kernel's {@code enum sctp_sstat_state})
   * @param rwnd peer's receive window
   * @param unackedData unacknowledged DATA chunks
   * @param pendingData DATA chunks waiting to be sent
   * @param inboundStreams negotiated inbound streams
   * @param outboundStreams negotiated outbound streams
   * @param fragmentationPoint largest DATA chunk payload
   * @param primaryAddress primary path address
   * @param primaryState primary path state
   * @param primaryCwnd primary path congestion window
   * @param primarySrtt primary path smoothed RTT, ms
   * @param primaryRto primary path RTO, ms
   * @param primaryMtu primary path MTU
   */
  public record Status(
      int assocId,
      int state,
      int rwnd,
      int unackedData,
      int pendingData,
      int inboundStreams,
      int outboundStreams,
      int fragmentationPoint,
      InetSocketAddress primaryAddress,
      int primaryState,
      int primaryCwnd,
      int primarySrtt,
      int primaryRto,
      int primaryMtu) {
    static Status read(MemorySegment s) {
      StructLayout l = SctpStructs.SCTP_STATUS;
      PeerAddrInfo primary =
          PeerAddrInfo.read(s.asSlice(offset(l, "sstat_primary"), SctpStructs.SCTP_PADDRINFO));
      return new Status(
          i32(s, l, "sstat_assoc_id"),
          i32(s, l, "sstat_state"),
          i32(s, l, "sstat_rwnd"),
          u16(s, l, "sstat_unackdata"),
          u16(s, l, "sstat_penddata"),
          u16(s, l, "sstat_instrms"),
          u16(s, l, "sstat_outstrms"),
          i32(s, l, "sstat_fragmentation_point"),
          primary.address(),
          primary.state(),
          primary.cwnd(),
          primary.srtt(),
          primary.rto(),
          primary.mtu());
    }
  }

  /**
   * {@code struct sctp_assoc_stats} ({@code SCTP_GET_ASSOC_STATS}).
   *
   * @param assocId association id
   * @param maxRtoAddress the path of the maximum observed RTO (null when none was observed)
   * @param maxRto maximum RTO observed since the previous read, ms
   * @param sacksReceived SACKs received
   * @param sacksSent SACKs sent
   * @param packetsSent packets sent
   * @param packetsReceived packets received
   * @param retransmittedChunks retransmitted chunks
   * @param outOfSequenceTsns TSNs received beyond the next expected
   * @param duplicateChunksReceived duplicate DATA chunks received
   * @param gapAcksReceived gap acknowledgement blocks received
   * @param unorderedDataSent unordered DATA chunks sent
   * @param unorderedDataReceived unordered DATA chunks received
   * @param orderedDataSent ordered DATA chunks sent
   * @param orderedDataReceived ordered DATA chunks received
   * @param controlChunksSent control chunks sent
   * @param controlChunksReceived control chunks received
   */
  public record AssocStats(
      int assocId,
      InetSocketAddress maxRtoAddress,
      long maxRto,
      long sacksReceived,
      long sacksSent,
      long packetsSent,
      long packetsReceived,
      long retransmittedChunks,
      long outOfSequenceTsns,
      long duplicateChunksReceived,
      long gapAcksReceived,
      long unorderedDataSent,
      long unorderedDataReceived,
      long orderedDataSent,
      long orderedDataReceived,
      long controlChunksSent,
      long controlChunksReceived) {
    static AssocStats read(MemorySegment s) {
      StructLayout l = SctpStructs.SCTP_ASSOC_STATS;
      return new AssocStats(
          i32(s, l, "sas_assoc_id"),
          SockAddrs.read(s.asSlice(offset(l, "sas_obs_rto_ipaddr"))),
          i64(s, l, "sas_maxrto"),
          i64(s, l, "sas_isacks"),
          i64(s, l, "sas_osacks"),
          i64(s, l, "sas_opackets"),
          i64(s, l, "sas_ipackets"),
          i64(s, l, "sas_rtxchunks"),
          i64(s, l, "sas_outofseqtsns"),
          i64(s, l, "sas_idupchunks"),
          i64(s, l, "sas_gapcnt"),
          i64(s, l, "sas_ouodchunks"),
          i64(s, l, "sas_iuodchunks"),
          i64(s, l, "sas_oodchunks"),
          i64(s, l, "sas_iodchunks"),
          i64(s, l, "sas_octrlchunks"),
          i64(s, l, "sas_ictrlchunks"));
    }
  }

  /**
   * {@code struct sctp_paddrinfo} ({@code SCTP_GET_PEER_ADDR_INFO}, and the primary path of {@code
   * SCTP_STATUS}).
   *
   * @param assocId association id
   * @param address the peer address
   * @param state path state ({@code enum sctp_spinfo_state})
   * @param cwnd congestion window, bytes
   * @param srtt smoothed round-trip time, ms
   * @param rto retransmission timeout, ms
   * @param mtu path MTU
   */
  public record PeerAddrInfo(
      int assocId, InetSocketAddress address, int state, int cwnd, int srtt, int rto, int mtu) {
    static PeerAddrInfo read(MemorySegment s) {
      StructLayout l = SctpStructs.SCTP_PADDRINFO;
      return new PeerAddrInfo(
          s.get(U32_PACKED, offset(l, "spinfo_assoc_id")),
          SockAddrs.read(s.asSlice(offset(l, "spinfo_address"))),
          s.get(U32_PACKED, offset(l, "spinfo_state")),
          s.get(U32_PACKED, offset(l, "spinfo_cwnd")),
          s.get(U32_PACKED, offset(l, "spinfo_srtt")),
          s.get(U32_PACKED, offset(l, "spinfo_rto")),
          s.get(U32_PACKED, offset(l, "spinfo_mtu")));
    }
  }

  private static int u16(MemorySegment s, StructLayout l, String field) {
    return Short.toUnsignedInt(s.get(ValueLayout.JAVA_SHORT, offset(l, field)));
  }

  private static int i32(MemorySegment s, StructLayout l, String field) {
    return s.get(ValueLayout.JAVA_INT, offset(l, field));
  }

  private static long i64(MemorySegment s, StructLayout l, String field) {
    return s.get(ValueLayout.JAVA_LONG, offset(l, field));
  }

  private SctpOptionValues() {}
}
