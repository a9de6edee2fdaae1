package io.reactorsctp.channel;

import java.net.InetSocketAddress;

/**
 * Counters of one association read from the kernel ({@code SCTP_GET_ASSOC_STATS}, Linux). All are
 * totals since the association started, except the maximum observed RTO, which covers the time
 * since the previous read.
 *
 * @param associationId the association, as asked for (0 on a one-to-one channel: the kernel does
 *     not fill it in)
 * @param maxObservedRtoMillis the largest RTO seen since the previous read (the kernel then
 *     restarts the period from RTO.Min)
 * @param maxObservedRtoAddress the path it was seen on (null when none)
 * @param sacksReceived SACK chunks received
 * @param sacksSent SACK chunks sent
 * @param packetsSent SCTP packets sent
 * @param packetsReceived SCTP packets received
 * @param retransmittedChunks chunks retransmitted
 * @param outOfSequenceTsns DATA chunks received with a TSN beyond the next expected one
 * @param duplicateChunksReceived duplicate DATA chunks received
 * @param gapAcksReceived gap acknowledgement blocks received
 * @param unorderedDataChunksSent unordered DATA chunks sent
 * @param unorderedDataChunksReceived unordered DATA chunks received
 * @param orderedDataChunksSent ordered DATA chunks sent
 * @param orderedDataChunksReceived ordered DATA chunks received
 * @param controlChunksSent control chunks sent
 * @param controlChunksReceived control chunks received
 */
public record SctpAssociationStats(
    int associationId,
    long maxObservedRtoMillis,
    InetSocketAddress maxObservedRtoAddress,
    long sacksReceived,
    long sacksSent,
    long packetsSent,
    long packetsReceived,
    long retransmittedChunks,
    long outOfSequenceTsns,
    long duplicateChunksReceived,
    long gapAcksReceived,
    long unorderedDataChunksSent,
    long unorderedDataChunksReceived,
    long orderedDataChunksSent,
    long orderedDataChunksReceived,
    long controlChunksSent,
    long controlChunksReceived) {}
