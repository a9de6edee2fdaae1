package io.reactorsctp.examples.m3ua;

/**
 * An M3UA message as it arrived: the message and the SCTP stream that carried it.
 *
 * @param message the decoded message
 * @param streamId the inbound SCTP stream
 */
public record M3uaReceived(M3uaMessage message, int streamId) {}
