package io.reactorsctp.spring;

import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.sctp.SctpChannelOption;
import io.reactorsctp.channel.SctpChannelOptions;
import io.reactorsctp.channel.SctpPeerAddrParams;
import io.reactorsctp.channel.SctpRtoInfo;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Properties turned into channel options and addresses: the one place that maps one onto the other.
 */
final class SctpOptions {

  private SctpOptions() {}

  /**
   * @param a a client's or server's settings
   * @return the channel options they set, in a stable order; unset settings set nothing
   */
  static Map<ChannelOption<?>, Object> of(SctpProperties.Association a) {
    Map<ChannelOption<?>, Object> options = new LinkedHashMap<>();
    if (a.getNodelay() != null) {
      options.put(SctpChannelOption.SCTP_NODELAY, a.getNodelay());
    }
    SctpProperties.Rto rto = a.getRto();
    if (rto.getInitial() != null || rto.getMax() != null || rto.getMin() != null) {
      // 0 leaves the kernel's value: what an unset property means.
      options.put(
          SctpChannelOptions.SCTP_RTOINFO,
          new SctpRtoInfo(millis(rto.getInitial()), millis(rto.getMax()), millis(rto.getMin())));
    }
    SctpProperties.Heartbeat hb = a.getHeartbeat();
    if (hb.getEnabled() != null
        || hb.getInterval() != null
        || hb.getPathMaxRetransmissions() != null) {
      options.put(
          SctpChannelOptions.SCTP_PEER_ADDR_PARAMS,
          new SctpPeerAddrParams(
              millis(hb.getInterval()),
              hb.getEnabled() == null || hb.getEnabled(),
              hb.getPathMaxRetransmissions() == null ? 0 : hb.getPathMaxRetransmissions()));
    }
    if (a.getSendBufferSize() != null) {
      options.put(ChannelOption.SO_SNDBUF, (int) a.getSendBufferSize().toBytes());
    }
    if (a.getReceiveBufferSize() != null) {
      options.put(ChannelOption.SO_RCVBUF, (int) a.getReceiveBufferSize().toBytes());
    }
    SctpProperties.WaterMarks w = a.getWriteBufferWaterMark();
    if (w.getLow() != null && w.getHigh() != null) {
      options.put(
          ChannelOption.WRITE_BUFFER_WATER_MARK,
          new WriteBufferWaterMark((int) w.getLow().toBytes(), (int) w.getHigh().toBytes()));
    }
    if (a.getMaxMessageSize() != null) {
      options.put(SctpChannelOptions.MAX_MESSAGE_SIZE, (int) a.getMaxMessageSize().toBytes());
    }
    if (a.getStreamReset() != null) {
      options.put(SctpChannelOptions.SCTP_ENABLE_STREAM_RESET, Set.copyOf(a.getStreamReset()));
    }
    if (a.getUdpEncapsulationPort() != null) {
      options.put(SctpChannelOptions.SCTP_REMOTE_UDP_ENCAPS_PORT, a.getUdpEncapsulationPort());
    }
    if (a.getDynamicAddresses() != null) {
      options.put(SctpChannelOptions.SCTP_ASCONF_SUPPORTED, a.getDynamicAddresses());
    }
    if (a.getStreamScheduler() != null) {
      options.put(SctpChannelOptions.SCTP_STREAM_SCHEDULER, a.getStreamScheduler());
    }
    if (a.getInterleaving() != null) {
      options.put(SctpChannelOptions.SCTP_INTERLEAVING_SUPPORTED, a.getInterleaving());
    }
    if (a instanceof SctpProperties.Server s && s.getMaxAssociations() != null) {
      options.put(SctpChannelOptions.MAX_ASSOCIATIONS, s.getMaxAssociations());
    }
    return options;
  }

  /**
   * @param property the property the hosts come from, for the error
   * @param hosts addresses or host names (resolved now)
   * @param port the port of each
   * @return the socket addresses
   * @throws IllegalStateException naming the property when a host name cannot be resolved
   */
  static List<InetSocketAddress> addresses(String property, List<String> hosts, int port) {
    return hosts.stream()
        .map(
            h -> {
              InetSocketAddress address = new InetSocketAddress(h.trim(), port);
              if (address.isUnresolved()) {
                throw new IllegalStateException(property + ": " + h + " cannot be resolved");
              }
              return address;
            })
        .toList();
  }

  private static int millis(Duration d) {
    return d == null ? 0 : (int) d.toMillis();
  }
}
