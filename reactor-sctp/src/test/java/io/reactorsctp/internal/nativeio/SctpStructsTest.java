package io.reactorsctp.internal.nativeio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Our layouts against the sizes and offsets gcc gives for linux/sctp.h and sys/socket.h on x86_64. */
class SctpStructsTest {

  @Test
  void layoutsMatchTheCCompiler() {
    assertThat(SctpStructs.MSGHDR.byteSize()).isEqualTo(56);
    assertThat(SctpStructs.SCTP_SNDINFO.byteSize()).isEqualTo(16);
    assertThat(SctpStructs.SCTP_PRINFO.byteSize()).isEqualTo(8);
    assertThat(SctpStructs.SCTP_RCVINFO.byteSize()).isEqualTo(28);
    assertThat(SctpStructs.offset(SctpStructs.SCTP_RCVINFO, "rcv_ppid")).isEqualTo(8);
    assertThat(SctpStructs.offset(SctpStructs.SCTP_RCVINFO, "rcv_assoc_id")).isEqualTo(24);
    assertThat(SctpStructs.offset(SctpStructs.SCTP_PRINFO, "pr_value")).isEqualTo(4);
    assertThat(SctpStructs.SCTP_EVENT.byteSize()).isEqualTo(8);
    assertThat(SctpStructs.SCTP_STATUS.byteSize()).isEqualTo(176);
    assertThat(SctpStructs.SCTP_PADDRINFO.byteSize()).isEqualTo(152);
    assertThat(SctpStructs.offset(SctpStructs.SCTP_STATUS, "sstat_outstrms")).isEqualTo(18);
    assertThat(SctpStructs.offset(SctpStructs.SCTP_STATUS, "sstat_primary")).isEqualTo(24);
    assertThat(SctpStructs.SCTP_INITMSG.byteSize()).isEqualTo(8);
    assertThat(SctpStructs.SCTP_RTOINFO.byteSize()).isEqualTo(16);
    assertThat(SctpStructs.SCTP_SACK_INFO.byteSize()).isEqualTo(12);
    assertThat(SctpStructs.SCTP_ASSOCPARAMS.byteSize()).isEqualTo(20);
    assertThat(SctpStructs.offset(SctpStructs.SCTP_ASSOCPARAMS, "sasoc_cookie_life")).isEqualTo(16);
    assertThat(SctpStructs.SCTP_PADDRPARAMS.byteSize()).isEqualTo(156);
    assertThat(SctpStructs.offset(SctpStructs.SCTP_PADDRPARAMS, "spp_hbinterval")).isEqualTo(132);
    assertThat(SctpStructs.offset(SctpStructs.SCTP_PADDRPARAMS, "spp_pathmaxrxt")).isEqualTo(136);
    assertThat(SctpStructs.offset(SctpStructs.SCTP_PADDRPARAMS, "spp_flags")).isEqualTo(146);
    assertThat(SctpStructs.SCTP_ASSOC_STATS.byteSize()).isEqualTo(256);
    assertThat(SctpStructs.offset(SctpStructs.SCTP_ASSOC_STATS, "sas_obs_rto_ipaddr")).isEqualTo(8);
    assertThat(SctpStructs.offset(SctpStructs.SCTP_ASSOC_STATS, "sas_maxrto")).isEqualTo(136);
    assertThat(SctpStructs.offset(SctpStructs.SCTP_ASSOC_STATS, "sas_rtxchunks")).isEqualTo(176);
    assertThat(SctpStructs.offset(SctpStructs.SCTP_ASSOC_STATS, "sas_gapcnt")).isEqualTo(200);
    assertThat(SctpStructs.offset(SctpStructs.SCTP_ASSOC_STATS, "sas_ictrlchunks")).isEqualTo(248);
    assertThat(SctpStructs.offset(SctpStructs.SCTP_PADDRINFO, "spinfo_address")).isEqualTo(4);
    assertThat(SctpStructs.offset(SctpStructs.SCTP_PADDRINFO, "spinfo_state")).isEqualTo(132);
    assertThat(SctpStructs.offset(SctpStructs.SCTP_PADDRINFO, "spinfo_srtt")).isEqualTo(140);
    assertThat(SctpStructs.offset(SctpStructs.SCTP_PADDRINFO, "spinfo_mtu")).isEqualTo(148);
    assertThat(SctpStructs.SPC_STATE).isEqualTo(136);
    assertThat(SctpStructs.SPC_SIZE).isEqualTo(148);
    assertThat(SctpStructs.SSF_INFO).isEqualTo(12);
    assertThat(SctpStructs.SSF_ASSOC_ID).isEqualTo(28);
    assertThat(SctpStructs.SSF_DATA).isEqualTo(32);
  }

  @Test
  void ppidTravelsInNetworkByteOrder() {
    assertThat(SendMsg.ppidToNetwork(46)).isEqualTo(0x2E000000);
    assertThat(SendMsg.ppidFromNetwork(SendMsg.ppidToNetwork(46))).isEqualTo(46);
  }
}
