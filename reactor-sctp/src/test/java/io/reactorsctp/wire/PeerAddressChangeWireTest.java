package io.reactorsctp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.MultiHomedAddress;
import io.reactorsctp.channel.SctpChannelOptions;
import io.reactorsctp.channel.SctpNotification.PeerAddressChange;
import io.reactorsctp.channel.SctpNotification.PeerAddressState;
import io.reactorsctp.channel.SctpPeerAddrParams;
import io.reactorsctp.channel.SctpRtoInfo;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * {@code SCTP_PEER_ADDR_CHANGE} on a real multi-homed association (server on 127.0.0.1 and
 * 127.0.0.2, the client connected to 127.0.0.1): the kernel confirms the second address with a
 * heartbeat after set-up (CONFIRMED, {@code sctp_assoc_control_transport}), reports it UNREACHABLE
 * once its heartbeats go unanswered (a {@code tc} filter drops everything sent to it), and
 * AVAILABLE when a heartbeat is answered again.
 */
class PeerAddressChangeWireTest {

  @Test
  void secondAddressIsConfirmedThenUnreachableThenAvailable() throws Exception {
    try (WireKit kit = new WireKit()) {
      Channel server =
          kit.server(
              MultiHomedAddress.of(
                  new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("127.0.0.2", 0)),
              new WireKit.Collector());
      int port = WireKit.port(server);
      InetSocketAddress second = new InetSocketAddress("127.0.0.2", port);
      WireKit.Collector events = new WireKit.Collector();
      // Heartbeats every 200 ms and a path down after one unanswered retransmission: seconds, not
      // minutes. The RTO stays at 500 ms or more so that a slow (TCG) guest does not lose a path
      // while nothing is dropped.
      new Bootstrap()
          .group(kit.group)
          .channel(EpollSctpChannel.class)
          .option(SctpChannelOptions.SCTP_RTOINFO, new SctpRtoInfo(1000, 1000, 500))
          .option(SctpChannelOptions.SCTP_PEER_ADDR_PARAMS, new SctpPeerAddrParams(200, true, 1))
          .handler(events)
          .connect(new InetSocketAddress("127.0.0.1", port))
          .sync();

      events.next(
          PeerAddressChange.class,
          c -> c.address().equals(second) && c.state() == PeerAddressState.CONFIRMED);
      try (LoopbackFilter cut = LoopbackFilter.drop("ip dst 127.0.0.2/32")) {
        events.next(
            PeerAddressChange.class,
            c -> c.address().equals(second) && c.state() == PeerAddressState.UNREACHABLE);
      }
      PeerAddressChange up =
          events.next(
              PeerAddressChange.class,
              c -> c.address().equals(second) && c.state() == PeerAddressState.AVAILABLE);
      assertThat(up.associationId()).isNotZero();
    }
  }
}
