package io.reactorsctp.channel;

import static io.reactorsctp.internal.nativeio.SctpConstants.*;

import io.netty.channel.ChannelException;
import io.reactorsctp.Errno;
import io.reactorsctp.SctpNativeException;
import io.reactorsctp.internal.nativeio.SctpOptionValues;
import io.reactorsctp.internal.nativeio.SctpSocket;
import java.net.InetSocketAddress;

/** How every channel's socket starts: our defaults and notification subscriptions. */
final class SctpSockets {

  /**
   * Notifications every channel subscribes to; sender-dry is opt-in as it fires whenever the queue
   * drains.
   */
  private static final int[] SUBSCRIBED = {
    SCTP_ASSOC_CHANGE,
    SCTP_PEER_ADDR_CHANGE,
    SCTP_SEND_FAILED_EVENT,
    SCTP_REMOTE_ERROR,
    SCTP_SHUTDOWN_EVENT,
    SCTP_PARTIAL_DELIVERY_EVENT,
    SCTP_ADAPTATION_INDICATION,
    SCTP_STREAM_RESET_EVENT,
    SCTP_ASSOC_RESET_EVENT,
    SCTP_STREAM_CHANGE_EVENT
  };

  /**
   * Linux answers EADDRNOTAVAIL (or EINVAL) when an {@code SCTP_ADDR_OVER} destination is not one
   * of the association's peer addresses: that message is wrong, not the association, so it fails
   * alone.
   */
  static InvalidSctpMessageException notAPeerAddress(InetSocketAddress address, int errno) {
    return new InvalidSctpMessageException(
        "addressOverride",
        address
            + " is not a peer address of the association"
            + " (sendmsg: "
            + Errno.name(errno)
            + ")");
  }

  /** {@return a new one-to-one style IPv6 socket (IPv4 peers reach it through mapped addresses)} */
  static SctpSocket openStream() {
    try {
      return SctpSocket.openStream(true);
    } catch (SctpNativeException e) {
      throw new ChannelException(e);
    }
  }

  /** {@return a new one-to-many style IPv6 socket} */
  static SctpSocket openSeqpacket() {
    try {
      return SctpSocket.openSeqpacket(true);
    } catch (SctpNativeException e) {
      throw new ChannelException(e);
    }
  }

  /**
   * NODELAY on (without it each small message waits for Nagle and the peer's delayed SACK, ≈ 200
   * ms), RCVINFO with every message, the notifications above, PR-SCTP enabled for TTL/RTX/PRIO
   * messages.
   */
  static void prepare(SctpSocket socket) {
    try {
      socket.setInt(SOL_SCTP, SCTP_NODELAY, 1);
      socket.setInt(SOL_SCTP, SCTP_RECVRCVINFO, 1);
      for (int type : SUBSCRIBED) {
        socket.subscribe(type, true);
      }
      socket.setAssocValue(SCTP_PR_SUPPORTED, 0, 1);
    } catch (SctpNativeException e) {
      socket.close();
      throw new ChannelException(e);
    }
  }

  static int nativePolicy(SctpPrPolicy policy) {
    return switch (policy) {
      case NONE -> SCTP_PR_SCTP_NONE;
      case TTL -> SCTP_PR_SCTP_TTL;
      case RTX -> SCTP_PR_SCTP_RTX;
      case PRIO -> SCTP_PR_SCTP_PRIO;
      case BUF -> throw new InvalidSctpMessageException("prPolicy", "BUF has no Linux equivalent");
    };
  }

  /** {@code SCTP_STATUS} of one association as the public record. */
  static SctpAssociationStatus status(SctpSocket socket, int assocId) {
    try {
      SctpOptionValues.Status s = socket.status(assocId);
      return new SctpAssociationStatus(
          s.assocId(),
          s.state(),
          s.rwnd(),
          s.unackedData(),
          s.pendingData(),
          s.inboundStreams(),
          s.outboundStreams(),
          s.fragmentationPoint(),
          s.primaryAddress(),
          s.primarySrtt(),
          s.primaryRto(),
          s.primaryCwnd(),
          s.primaryMtu());
    } catch (SctpNativeException e) {
      throw new ChannelException(e);
    }
  }

  /** {@code SCTP_PR_ASSOC_STATUS} of one association as the public record. */
  static SctpPrStatus prStatus(SctpSocket socket, int assocId) {
    try {
      SctpOptionValues.PrStatus s = socket.prStatus(assocId);
      return new SctpPrStatus(s.abandonedUnsent(), s.abandonedSent());
    } catch (SctpNativeException e) {
      throw new ChannelException(e);
    }
  }

  /** {@code SCTP_GET_ASSOC_STATS} of one association as the public record. */
  static SctpAssociationStats stats(SctpSocket socket, int assocId) {
    try {
      SctpOptionValues.AssocStats s = socket.assocStats(assocId);
      return new SctpAssociationStats(
          s.assocId(),
          s.maxRto(),
          s.maxRtoAddress(),
          s.sacksReceived(),
          s.sacksSent(),
          s.packetsSent(),
          s.packetsReceived(),
          s.retransmittedChunks(),
          s.outOfSequenceTsns(),
          s.duplicateChunksReceived(),
          s.gapAcksReceived(),
          s.unorderedDataSent(),
          s.unorderedDataReceived(),
          s.orderedDataSent(),
          s.orderedDataReceived(),
          s.controlChunksSent(),
          s.controlChunksReceived());
    } catch (SctpNativeException e) {
      throw new ChannelException(e);
    }
  }

  /** {@code SCTP_GET_PEER_ADDR_INFO} of one path as the public record. */
  static SctpPeerAddressInfo peerAddressInfo(
      SctpSocket socket, int assocId, InetSocketAddress peerAddress) {
    try {
      SctpOptionValues.PeerAddrInfo p = socket.peerAddrInfo(assocId, peerAddress);
      SctpPeerAddressInfo.PathState state =
          switch (p.state()) {
            case SCTP_INACTIVE -> SctpPeerAddressInfo.PathState.INACTIVE;
            case SCTP_PF -> SctpPeerAddressInfo.PathState.POTENTIALLY_FAILED;
            case SCTP_ACTIVE -> SctpPeerAddressInfo.PathState.ACTIVE;
            case SCTP_UNCONFIRMED -> SctpPeerAddressInfo.PathState.UNCONFIRMED;
            default -> SctpPeerAddressInfo.PathState.UNKNOWN;
          };
      return new SctpPeerAddressInfo(
          p.assocId(), p.address(), state, p.cwnd(), p.srtt(), p.rto(), p.mtu());
    } catch (SctpNativeException e) {
      throw new ChannelException(e);
    }
  }

  private SctpSockets() {}
}
