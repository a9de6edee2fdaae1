package io.reactorsctp.examples.diameter;

/**
 * A Diameter message as it arrived: the message and the SCTP stream that carried it.
 *
 * @param message the decoded message
 * @param streamId the inbound SCTP stream
 */
public record DiameterReceived(DiameterMessage message, int streamId) {}
