package io.reactorsctp.channel;

import static io.reactorsctp.internal.nativeio.SctpConstants.*;

import com.sun.nio.sctp.SctpStandardSocketOptions.InitMaxStreams;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.sctp.SctpChannelOption;
import io.netty.util.NetUtil;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.reactorsctp.SctpNativeException;
import io.reactorsctp.internal.nativeio.SctpOptionValues;
import io.reactorsctp.internal.nativeio.SctpSocket;
import java.util.List;
import java.util.Map;

/**
 * Options of an {@link EpollSctpChannel} or {@link EpollSctpServerChannel}: Netty's standard and
 * SCTP options where they fit ({@code SO_SNDBUF}, {@code SO_RCVBUF}, {@code SCTP_NODELAY}, {@code
 * SCTP_INIT_MAXSTREAMS}, {@code SCTP_FRAGMENT_INTERLEAVE}, {@code SCTP_DISABLE_FRAGMENTS}) and
 * {@link SctpChannelOptions} for the rest. Each is read from and written to the kernel socket
 * directly; a value the kernel refuses fails with a {@link ChannelException} naming the option.
 */
public class EpollSctpChannelConfig extends DefaultChannelConfig {

  /**
   * RFC 9260 §6.2: an acknowledgement must be sent within 500 ms of the arrival of any
   * unacknowledged chunk.
   */
  private static final InternalLogger LOG =
      InternalLoggerFactory.getInstance(EpollSctpChannelConfig.class);

  private static final int MAX_SACK_DELAY_MILLIS = 500;

  /** Default {@link SctpChannelOptions#MAX_MESSAGE_SIZE}: 4 MiB. */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 4 * 1024 * 1024;

  private final SctpSocket socket;
  private volatile int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
  private volatile int maxAssociations = Integer.MAX_VALUE;
  private volatile int backlog = NetUtil.SOMAXCONN;
  // Kept beside the socket's own flag so the write loop can ask without a system call.
  private volatile boolean fragmentsDisabled;

  EpollSctpChannelConfig(io.netty.channel.Channel channel, SctpSocket socket) {
    // Sized by whole messages, not as a byte stream (SctpMessageRecvByteBufAllocator says why).
    super(channel, new SctpMessageRecvByteBufAllocator());
    this.socket = socket;
    // An accepted association's socket inherits the flag from its listener.
    this.fragmentsDisabled = readFragmentsDisabled(socket);
  }

  private static boolean readFragmentsDisabled(SctpSocket socket) {
    try {
      return socket.getInt(SOL_SCTP, SCTP_DISABLE_FRAGMENTS) != 0;
    } catch (SctpNativeException e) {
      return true; // unknown: the write loop then assumes the stricter case
    }
  }

  @Override
  public Map<ChannelOption<?>, Object> getOptions() {
    return getOptions(
        super.getOptions(),
        ChannelOption.SO_SNDBUF,
        ChannelOption.SO_RCVBUF,
        SctpChannelOption.SCTP_NODELAY,
        SctpChannelOption.SCTP_INIT_MAXSTREAMS,
        SctpChannelOption.SCTP_FRAGMENT_INTERLEAVE,
        SctpChannelOption.SCTP_DISABLE_FRAGMENTS,
        SctpChannelOptions.MAX_MESSAGE_SIZE,
        SctpChannelOptions.SCTP_PR_SUPPORTED,
        SctpChannelOptions.SCTP_SENDER_DRY_EVENT,
        SctpChannelOptions.SCTP_ADAPTATION_LAYER,
        SctpChannelOptions.SCTP_RECONFIG_SUPPORTED,
        SctpChannelOptions.SCTP_ENABLE_STREAM_RESET,
        SctpChannelOptions.SCTP_STREAM_SCHEDULER,
        SctpChannelOptions.SCTP_INTERLEAVING_SUPPORTED,
        SctpChannelOptions.SCTP_DELAYED_SACK_TIME,
        SctpChannelOptions.SCTP_MAXSEG,
        SctpChannelOptions.SCTP_PARTIAL_DELIVERY_POINT,
        SctpChannelOptions.SCTP_RTOINFO,
        SctpChannelOptions.SCTP_INITMSG,
        SctpChannelOptions.SCTP_ASSOCINFO,
        SctpChannelOptions.SCTP_PEER_ADDR_PARAMS,
        SctpChannelOptions.SCTP_AUTOCLOSE,
        SctpChannelOptions.MAX_ASSOCIATIONS,
        SctpChannelOptions.SCTP_AUTH_SUPPORTED,
        SctpChannelOptions.SCTP_REMOTE_UDP_ENCAPS_PORT,
        SctpChannelOptions.SCTP_ASCONF_SUPPORTED,
        ChannelOption.SO_BACKLOG);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T getOption(ChannelOption<T> option) {
    try {
      if (option == ChannelOption.SO_SNDBUF) {
        return (T) Integer.valueOf(socket.getInt(SOL_SOCKET, SO_SNDBUF));
      }
      if (option == ChannelOption.SO_RCVBUF) {
        return (T) Integer.valueOf(socket.getInt(SOL_SOCKET, SO_RCVBUF));
      }
      if (option == SctpChannelOption.SCTP_NODELAY) {
        return (T) Boolean.valueOf(socket.getInt(SOL_SCTP, SCTP_NODELAY) != 0);
      }
      if (option == SctpChannelOption.SCTP_DISABLE_FRAGMENTS) {
        return (T) Boolean.valueOf(socket.getInt(SOL_SCTP, SCTP_DISABLE_FRAGMENTS) != 0);
      }
      if (option == SctpChannelOption.SCTP_FRAGMENT_INTERLEAVE) {
        return (T) Integer.valueOf(socket.getInt(SOL_SCTP, SCTP_FRAGMENT_INTERLEAVE));
      }
      if (option == SctpChannelOption.SCTP_INIT_MAXSTREAMS) {
        SctpOptionValues.InitMsg init = socket.initMsg();
        return (T) InitMaxStreams.create(init.maxInStreams(), init.outStreams());
      }
      if (option == SctpChannelOptions.SCTP_INITMSG) {
        SctpOptionValues.InitMsg init = socket.initMsg();
        return (T)
            new SctpInitMsg(
                init.outStreams(),
                init.maxInStreams(),
                init.maxAttempts(),
                init.maxInitTimeoMillis());
      }
      if (option == SctpChannelOptions.MAX_MESSAGE_SIZE) {
        return (T) Integer.valueOf(maxMessageSize);
      }
      if (option == SctpChannelOptions.MAX_ASSOCIATIONS) {
        return (T) Integer.valueOf(maxAssociations);
      }
      if (option == ChannelOption.SO_BACKLOG) {
        return (T) Integer.valueOf(backlog);
      }
      if (option == SctpChannelOptions.SCTP_PR_SUPPORTED) {
        return (T) Boolean.valueOf(socket.assocValue(SCTP_PR_SUPPORTED, 0) != 0);
      }
      if (option == SctpChannelOptions.SCTP_SENDER_DRY_EVENT) {
        return (T) Boolean.valueOf(socket.subscribed(SCTP_SENDER_DRY_EVENT));
      }
      if (option == SctpChannelOptions.SCTP_ADAPTATION_LAYER) {
        return (T) Integer.valueOf(socket.adaptationLayer());
      }
      if (option == SctpChannelOptions.SCTP_RECONFIG_SUPPORTED) {
        return (T) Boolean.valueOf(socket.assocValue(SCTP_RECONFIG_SUPPORTED, 0) != 0);
      }
      if (option == SctpChannelOptions.SCTP_ENABLE_STREAM_RESET) {
        return (T) reconfigRequests(socket.assocValue(SCTP_ENABLE_STREAM_RESET, 0));
      }
      if (option == SctpChannelOptions.SCTP_STREAM_SCHEDULER) {
        return (T) StreamSchedulers.scheduler(socket);
      }
      if (option == SctpChannelOptions.SCTP_INTERLEAVING_SUPPORTED) {
        return (T) Boolean.valueOf(StreamSchedulers.interleaving(socket));
      }
      if (option == SctpChannelOptions.SCTP_DELAYED_SACK_TIME) {
        return (T) Integer.valueOf(socket.delayedSack());
      }
      if (option == SctpChannelOptions.SCTP_MAXSEG) {
        return (T) Integer.valueOf(socket.assocValue(SCTP_MAXSEG, 0));
      }
      if (option == SctpChannelOptions.SCTP_PARTIAL_DELIVERY_POINT) {
        return (T) Integer.valueOf(socket.getInt(SOL_SCTP, SCTP_PARTIAL_DELIVERY_POINT));
      }
      if (option == SctpChannelOptions.SCTP_ASSOCINFO) {
        SctpOptionValues.AssocParams a = socket.assocParams();
        return (T) new SctpAssocParams(a.maxRetransmissions(), a.cookieLifeMillis());
      }
      if (option == SctpChannelOptions.SCTP_PEER_ADDR_PARAMS) {
        SctpOptionValues.PeerAddrParams p = socket.peerAddrParams();
        return (T)
            new SctpPeerAddrParams(
                p.heartbeatIntervalMillis(), p.heartbeatEnabled(), p.pathMaxRetransmissions());
      }
      if (option == SctpChannelOptions.SCTP_AUTOCLOSE) {
        return (T) Integer.valueOf(socket.getInt(SOL_SCTP, SCTP_AUTOCLOSE));
      }
      if (option == SctpChannelOptions.SCTP_AUTH_SUPPORTED) {
        return (T) Boolean.valueOf(SctpAuth.enabled(socket));
      }
      if (option == SctpChannelOptions.SCTP_ASCONF_SUPPORTED) {
        return (T) Boolean.valueOf(DynamicAddresses.enabled(socket, 0));
      }
      if (option == SctpChannelOptions.SCTP_AUTH_CHUNKS) {
        return (T) SctpAuth.chunks(socket, false, SCTP_FUTURE_ASSOC);
      }
      if (option == SctpChannelOptions.SCTP_HMAC_IDENT) {
        return (T) SctpAuth.hmacs(socket);
      }
      if (option == SctpChannelOptions.SCTP_REMOTE_UDP_ENCAPS_PORT) {
        return (T)
            Integer.valueOf(UdpEncapsulation.get(socket, option.name(), SCTP_FUTURE_ASSOC, null));
      }
      if (option == SctpChannelOptions.SCTP_RTOINFO) {
        SctpOptionValues.RtoInfo rto = socket.rtoInfo();
        return (T) new SctpRtoInfo(rto.initialMillis(), rto.maxMillis(), rto.minMillis());
      }
    } catch (SctpNativeException e) {
      throw new ChannelException(option.name() + ": " + e.getMessage(), e);
    }
    return super.getOption(option);
  }

  /**
   * Linux caps a buffer size at a sysctl without an error (and reports twice what it keeps for
   * data): a gateway sized for its burst would otherwise run with the default and find out from
   * stalls. So a cap is logged.
   */
  private void setBufferSize(ChannelOption<?> option, int name, String limit, int value)
      throws SctpNativeException {
    socket.setInt(SOL_SOCKET, name, positive(option, value));
    int granted = socket.getInt(SOL_SOCKET, name) / 2;
    if (granted < value) {
      LOG.warn(
          "{} {} asked, Linux granted {}: raise {} to allow more",
          option.name(),
          value,
          granted,
          limit);
    }
  }

  @Override
  public <T> boolean setOption(ChannelOption<T> option, T value) {
    validate(option, value);
    try {
      if (option == ChannelOption.SO_SNDBUF) {
        setBufferSize(option, SO_SNDBUF, "net.core.wmem_max", (Integer) value);
      } else if (option == ChannelOption.SO_RCVBUF) {
        setBufferSize(option, SO_RCVBUF, "net.core.rmem_max", (Integer) value);
      } else if (option == SctpChannelOption.SCTP_NODELAY) {
        socket.setInt(SOL_SCTP, SCTP_NODELAY, (Boolean) value ? 1 : 0);
      } else if (option == SctpChannelOption.SCTP_DISABLE_FRAGMENTS) {
        socket.setInt(SOL_SCTP, SCTP_DISABLE_FRAGMENTS, (Boolean) value ? 1 : 0);
        fragmentsDisabled = (Boolean) value;
      } else if (option == SctpChannelOption.SCTP_FRAGMENT_INTERLEAVE) {
        socket.setInt(SOL_SCTP, SCTP_FRAGMENT_INTERLEAVE, (Integer) value);
      } else if (option == SctpChannelOption.SCTP_INIT_MAXSTREAMS) {
        InitMaxStreams streams = (InitMaxStreams) value;
        SctpOptionValues.InitMsg init = socket.initMsg();
        setInitMsg(
            new SctpInitMsg(
                streams.maxOutStreams(),
                streams.maxInStreams(),
                init.maxAttempts(),
                init.maxInitTimeoMillis()));
      } else if (option == SctpChannelOptions.SCTP_INITMSG) {
        setInitMsg((SctpInitMsg) value);
      } else if (option == SctpChannelOptions.MAX_MESSAGE_SIZE) {
        maxMessageSize = positive(option, (Integer) value);
      } else if (option == SctpChannelOptions.MAX_ASSOCIATIONS) {
        maxAssociations = positive(option, (Integer) value);
      } else if (option == ChannelOption.SO_BACKLOG) {
        backlog = nonNegative(option, (Integer) value);
      } else if (option == SctpChannelOptions.SCTP_PR_SUPPORTED) {
        socket.setAssocValue(SCTP_PR_SUPPORTED, 0, (Boolean) value ? 1 : 0);
      } else if (option == SctpChannelOptions.SCTP_SENDER_DRY_EVENT) {
        socket.subscribe(SCTP_SENDER_DRY_EVENT, (Boolean) value);
      } else if (option == SctpChannelOptions.SCTP_ADAPTATION_LAYER) {
        socket.setAdaptationLayer((Integer) value);
      } else if (option == SctpChannelOptions.SCTP_RECONFIG_SUPPORTED) {
        socket.setAssocValue(SCTP_RECONFIG_SUPPORTED, 0, (Boolean) value ? 1 : 0);
      } else if (option == SctpChannelOptions.SCTP_ENABLE_STREAM_RESET) {
        setStreamReset(option, (java.util.Set<?>) value);
      } else if (option == SctpChannelOptions.SCTP_STREAM_SCHEDULER) {
        StreamSchedulers.setScheduler(socket, (SctpStreamScheduler) value);
      } else if (option == SctpChannelOptions.SCTP_INTERLEAVING_SUPPORTED) {
        StreamSchedulers.setInterleaving(socket, (Boolean) value);
      } else if (option == SctpChannelOptions.SCTP_DELAYED_SACK_TIME) {
        int delay = nonNegative(option, (Integer) value);
        if (delay > MAX_SACK_DELAY_MILLIS) {
          throw new InvalidSctpMessageException(
              option.name(),
              delay
                  + " ms is beyond the "
                  + MAX_SACK_DELAY_MILLIS
                  + " ms RFC 9260 allows a SACK to be delayed");
        }
        // Linux ignores a delay of 0 with a frequency of 0: no delay means a SACK for every packet.
        socket.setDelayedSack(delay, delay == 0 ? 1 : 0);
      } else if (option == SctpChannelOptions.SCTP_MAXSEG) {
        socket.setAssocValue(SCTP_MAXSEG, 0, nonNegative(option, (Integer) value));
      } else if (option == SctpChannelOptions.SCTP_PARTIAL_DELIVERY_POINT) {
        socket.setInt(SOL_SCTP, SCTP_PARTIAL_DELIVERY_POINT, positive(option, (Integer) value));
      } else if (option == SctpChannelOptions.SCTP_ASSOCINFO) {
        SctpAssocParams a = (SctpAssocParams) value;
        socket.setAssocParams(a.maxRetransmissions(), a.cookieLifeMillis());
      } else if (option == SctpChannelOptions.SCTP_PEER_ADDR_PARAMS) {
        SctpPeerAddrParams p = (SctpPeerAddrParams) value;
        socket.setPeerAddrParams(
            p.heartbeatIntervalMillis(), p.heartbeatEnabled(), p.pathMaxRetransmissions());
      } else if (option == SctpChannelOptions.SCTP_AUTOCLOSE) {
        socket.setInt(SOL_SCTP, SCTP_AUTOCLOSE, nonNegative(option, (Integer) value));
      } else if (option == SctpChannelOptions.SCTP_AUTH_SUPPORTED) {
        SctpAuth.enable(socket, (Boolean) value);
      } else if (option == SctpChannelOptions.SCTP_ASCONF_SUPPORTED) {
        DynamicAddresses.enable(socket, (Boolean) value);
      } else if (option == SctpChannelOptions.SCTP_AUTH_CHUNKS) {
        @SuppressWarnings("unchecked")
        List<Integer> types = (List<Integer>) value;
        SctpAuth.addChunks(socket, option.name(), types);
      } else if (option == SctpChannelOptions.SCTP_HMAC_IDENT) {
        @SuppressWarnings("unchecked")
        List<SctpHmacAlgorithm> hmacs = (List<SctpHmacAlgorithm>) value;
        SctpAuth.setHmacs(socket, option.name(), hmacs);
      } else if (option == SctpChannelOptions.SCTP_AUTH_KEY) {
        SctpAuth.setEndpointKey(socket, (SctpAuthKey) value);
      } else if (option == SctpChannelOptions.SCTP_REMOTE_UDP_ENCAPS_PORT) {
        UdpEncapsulation.set(socket, option.name(), SCTP_FUTURE_ASSOC, null, (Integer) value);
      } else if (option == SctpChannelOptions.SCTP_RTOINFO) {
        SctpRtoInfo rto = (SctpRtoInfo) value;
        socket.setRtoInfo(rto.initialMillis(), rto.maxMillis(), rto.minMillis());
      } else {
        return super.setOption(option, value);
      }
    } catch (SctpNativeException e) {
      throw new ChannelException(option.name() + "=" + value + ": " + e.getMessage(), e);
    }
    return true;
  }

  private void setStreamReset(ChannelOption<?> option, java.util.Set<?> requests)
      throws SctpNativeException {
    int flags = 0;
    for (Object request : requests) {
      if (!(request instanceof SctpReconfigRequest r)) {
        throw new InvalidSctpMessageException(
            option.name(), request + " is not an SctpReconfigRequest");
      }
      flags |= StreamReconfigurations.flag(r);
    }
    if (flags != 0) {
      socket.setAssocValue(SCTP_RECONFIG_SUPPORTED, 0, 1);
    }
    // SCTP_ALL_ASSOC: the associations to come and every current one (one-to-many); a one-to-one
    // socket applies it to its association, or to the one to come.
    socket.setAssocValue(SCTP_ENABLE_STREAM_RESET, SCTP_ALL_ASSOC, flags);
  }

  private static java.util.Set<SctpReconfigRequest> reconfigRequests(int flags) {
    java.util.EnumSet<SctpReconfigRequest> set =
        java.util.EnumSet.noneOf(SctpReconfigRequest.class);
    for (SctpReconfigRequest r : SctpReconfigRequest.values()) {
      if ((flags & StreamReconfigurations.flag(r)) != 0) {
        set.add(r);
      }
    }
    return set;
  }

  private void setInitMsg(SctpInitMsg init) throws SctpNativeException {
    socket.setInitMsg(
        init.outboundStreams(),
        init.maxInboundStreams(),
        init.maxAttempts(),
        init.maxInitTimeoutMillis());
  }

  private static int positive(ChannelOption<?> option, int value) {
    if (value <= 0) {
      throw new InvalidSctpMessageException(option.name(), value + " must be positive");
    }
    return value;
  }

  private static int nonNegative(ChannelOption<?> option, int value) {
    if (value < 0) {
      throw new InvalidSctpMessageException(option.name(), value + " is negative");
    }
    return value;
  }

  /** {@return the most associations a server or endpoint keeps at once} */
  public int getMaxAssociations() {
    return maxAssociations;
  }

  /**
   * {@return the {@code listen(2)} backlog a server or one-to-many endpoint binds with:
   * associations whose handshake completed but that are not yet accepted (Netty's default, the
   * host's {@code somaxconn})}
   */
  public int getBacklog() {
    return backlog;
  }

  /** {@return the largest message reassembled on receive} */
  public int getMaxMessageSize() {
    return maxMessageSize;
  }

  /** {@return whether the kernel refuses a message larger than one chunk (EMSGSIZE)} */
  boolean fragmentsDisabled() {
    return fragmentsDisabled;
  }
}
