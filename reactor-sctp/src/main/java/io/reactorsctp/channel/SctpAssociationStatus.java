package io.reactorsctp.channel;

import java.net.InetSocketAddress;

/**
 * A snapshot of an association read from the kernel ({@code SCTP_STATUS}, RFC 6458 §8.2.1).
 *
 * @param associationId the association
 * @param state the kernel's SCTP state number ({@code enum sctp_sstat_state}: 4 is ESTABLISHED on
 *     Linux)
 * @param peerReceiveWindow the peer's current receive window, bytes
 * @param unackedData DATA chunks sent and not yet acknowledged
 * @param pendingData DATA chunks waiting to be sent
 * @param inboundStreams negotiated inbound streams
 * @param outboundStreams negotiated outbound streams
 * @param fragmentationPoint largest user data in one DATA chunk
 * @param primaryAddress the primary path's peer address
 * @param primarySrttMillis the primary path's smoothed round-trip time
 * @param primaryRtoMillis the primary path's retransmission timeout
 * @param primaryCwnd the primary path's congestion window, bytes
 * @param primaryMtu the primary path's MTU
 */
public record SctpAssociationStatus(
    int associationId,
    int state,
    int peerReceiveWindow,
    int unackedData,
    int pendingData,
    int inboundStreams,
    int outboundStreams,
    int fragmentationPoint,
    InetSocketAddress primaryAddress,
    int primarySrttMillis,
    int primaryRtoMillis,
    int primaryCwnd,
    int primaryMtu) {}
