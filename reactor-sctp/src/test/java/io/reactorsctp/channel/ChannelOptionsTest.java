package io.reactorsctp.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.nio.sctp.SctpStandardSocketOptions.InitMaxStreams;
import io.netty.channel.ChannelOption;
import io.netty.channel.sctp.SctpChannelOption;
import io.netty.util.NetUtil;
import org.junit.jupiter.api.Test;

/** Every option reaches the kernel socket and reads back as set; bad values name the field. */
class ChannelOptionsTest {

  @Test
  void optionsRoundTripThroughTheKernel() {
    EpollSctpChannel channel = new EpollSctpChannel();
    try {
      EpollSctpChannelConfig c = channel.config();
      assertThat(c.getOption(SctpChannelOption.SCTP_NODELAY)).as("NODELAY on by default").isTrue();
      assertThat(c.getOption(SctpChannelOptions.SCTP_PR_SUPPORTED))
          .as("PR-SCTP on by default")
          .isTrue();

      c.setOption(SctpChannelOptions.SCTP_INITMSG, new SctpInitMsg(17, 19, 3, 2000));
      assertThat(c.getOption(SctpChannelOptions.SCTP_INITMSG))
          .isEqualTo(new SctpInitMsg(17, 19, 3, 2000));
      c.setOption(SctpChannelOption.SCTP_INIT_MAXSTREAMS, InitMaxStreams.create(7, 5));
      assertThat(c.getOption(SctpChannelOption.SCTP_INIT_MAXSTREAMS))
          .isEqualTo(InitMaxStreams.create(7, 5));

      c.setOption(SctpChannelOptions.SCTP_RTOINFO, new SctpRtoInfo(500, 5000, 100));
      assertThat(c.getOption(SctpChannelOptions.SCTP_RTOINFO))
          .isEqualTo(new SctpRtoInfo(500, 5000, 100));

      c.setOption(SctpChannelOptions.SCTP_ASSOCINFO, new SctpAssocParams(7, 30000));
      assertThat(c.getOption(SctpChannelOptions.SCTP_ASSOCINFO))
          .isEqualTo(new SctpAssocParams(7, 30000));

      c.setOption(SctpChannelOptions.SCTP_PEER_ADDR_PARAMS, new SctpPeerAddrParams(2000, true, 3));
      assertThat(c.getOption(SctpChannelOptions.SCTP_PEER_ADDR_PARAMS))
          .isEqualTo(new SctpPeerAddrParams(2000, true, 3));

      c.setOption(SctpChannelOptions.SCTP_DELAYED_SACK_TIME, 40);
      assertThat(c.getOption(SctpChannelOptions.SCTP_DELAYED_SACK_TIME)).isEqualTo(40);
      // 0 really turns the delay off (Linux ignores sack_delay 0 with sack_freq 0, which left 40 ms
      // in place).
      c.setOption(SctpChannelOptions.SCTP_DELAYED_SACK_TIME, 0);
      assertThat(c.getOption(SctpChannelOptions.SCTP_DELAYED_SACK_TIME)).isZero();
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> c.setOption(SctpChannelOptions.SCTP_DELAYED_SACK_TIME, 501))
          .isInstanceOf(InvalidSctpMessageException.class)
          .hasMessageContaining("SCTP_DELAYED_SACK_TIME")
          .hasMessageContaining("500");
      c.setOption(SctpChannelOptions.SCTP_PARTIAL_DELIVERY_POINT, 8192);
      assertThat(c.getOption(SctpChannelOptions.SCTP_PARTIAL_DELIVERY_POINT)).isEqualTo(8192);
      c.setOption(SctpChannelOption.SCTP_FRAGMENT_INTERLEAVE, 1);
      assertThat(c.getOption(SctpChannelOption.SCTP_FRAGMENT_INTERLEAVE)).isEqualTo(1);
      c.setOption(SctpChannelOptions.SCTP_MAXSEG, 1200);
      assertThat(c.getOption(SctpChannelOptions.SCTP_MAXSEG)).isEqualTo(1200);
      c.setOption(ChannelOption.SO_RCVBUF, 300_000);
      assertThat(c.getOption(ChannelOption.SO_RCVBUF)).isGreaterThanOrEqualTo(300_000);
      assertThat(c.getOption(ChannelOption.SO_BACKLOG))
          .as("Netty's default backlog")
          .isEqualTo(NetUtil.SOMAXCONN);
      c.setOption(ChannelOption.SO_BACKLOG, 4096);
      assertThat(c.getOption(ChannelOption.SO_BACKLOG)).isEqualTo(4096);
      assertThatThrownBy(() -> c.setOption(ChannelOption.SO_BACKLOG, -1))
          .isInstanceOf(InvalidSctpMessageException.class)
          .hasMessageContaining("SO_BACKLOG");
      c.setOption(SctpChannelOptions.MAX_MESSAGE_SIZE, 1 << 20);
      assertThat(c.getOption(SctpChannelOptions.MAX_MESSAGE_SIZE)).isEqualTo(1 << 20);

      assertThatThrownBy(() -> new SctpInitMsg(70000, 1, 0, 0))
          .isInstanceOf(InvalidSctpMessageException.class)
          .hasMessageContaining("outboundStreams")
          .hasMessageContaining("65535");
      assertThatThrownBy(() -> new SctpRtoInfo(1, 10, 20)).hasMessageContaining("minMillis");
      assertThatThrownBy(() -> c.setOption(SctpChannelOptions.MAX_MESSAGE_SIZE, 0))
          .isInstanceOf(InvalidSctpMessageException.class)
          .hasMessageContaining("SCTP_MAX_MESSAGE_SIZE");
    } finally {
      channel.unsafe().closeForcibly();
    }
  }
}
