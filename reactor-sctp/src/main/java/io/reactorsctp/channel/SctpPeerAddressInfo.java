package io.reactorsctp.channel;

import java.net.InetSocketAddress;

/**
 * One path of an association, read from the kernel ({@code SCTP_GET_PEER_ADDR_INFO}, RFC 6458
 * §8.2.2).
 *
 * @param associationId the association
 * @param address the peer address of the path
 * @param state the path's state
 * @param cwnd the path's congestion window, bytes
 * @param srttMillis the path's smoothed round-trip time
 * @param rtoMillis the path's retransmission timeout
 * @param mtu the path's MTU, bytes
 */
public record SctpPeerAddressInfo(
    int associationId,
    InetSocketAddress address,
    PathState state,
    int cwnd,
    int srttMillis,
    int rtoMillis,
    int mtu) {

  /** State of a path ({@code enum sctp_spinfo_state}). */
  public enum PathState {
    /** Unreachable: retransmissions on it exhausted its error threshold. */
    INACTIVE,
    /** Potentially failed (RFC 7829): used only when no active path is left. */
    POTENTIALLY_FAILED,
    /** Reachable. */
    ACTIVE,
    /** Not yet confirmed by a heartbeat. */
    UNCONFIRMED,
    /** The kernel does not know. */
    UNKNOWN
  }
}
