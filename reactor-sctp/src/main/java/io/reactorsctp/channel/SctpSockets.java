package io.reactorsctp.channel;

import static io.reactorsctp.internal.nativeio.SctpConstants.*;

import io.netty.channel.ChannelException;
import io.reactorsctp.SctpNativeException;
import io.reactorsctp.internal.nativeio.SctpSocket;

/** How every channel's socket starts: our defaults and notification subscriptions. */
final class SctpSockets {

  /** Notifications every channel subscribes to; sender-dry is opt-in as it fires whenever the queue drains. */
  private static final int[] SUBSCRIBED = {
    SCTP_ASSOC_CHANGE, SCTP_PEER_ADDR_CHANGE, SCTP_SEND_FAILED_EVENT, SCTP_REMOTE_ERROR, SCTP_SHUTDOWN_EVENT,
    SCTP_PARTIAL_DELIVERY_EVENT, SCTP_ADAPTATION_INDICATION, SCTP_STREAM_RESET_EVENT, SCTP_ASSOC_RESET_EVENT,
    SCTP_STREAM_CHANGE_EVENT
  };

  /** @return a new one-to-one style IPv6 socket (IPv4 peers reach it through mapped addresses) */
  static SctpSocket openStream() {
    try {
      return SctpSocket.openStream(true);
    } catch (SctpNativeException e) {
      throw new ChannelException(e);
    }
  }

  /** @return a new one-to-many style IPv6 socket */
  static SctpSocket openSeqpacket() {
    try {
      return SctpSocket.openSeqpacket(true);
    } catch (SctpNativeException e) {
      throw new ChannelException(e);
    }
  }

  /**
   * NODELAY on (without it each small message waits for Nagle and the peer's delayed SACK, ≈ 200 ms), RCVINFO with
   * every message, the notifications above, PR-SCTP enabled for TTL/RTX/PRIO messages.
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

  private SctpSockets() {}
}
