package io.reactorsctp.channel;

import static io.reactorsctp.internal.nativeio.SctpConstants.*;

import io.netty.channel.ChannelException;
import io.reactorsctp.Errno;
import io.reactorsctp.SctpNativeException;
import io.reactorsctp.internal.nativeio.SctpSocket;

/**
 * Stream schedulers and I-DATA (RFC 8260) on one socket, for the options and the per-stream methods
 * of both channel kinds: the kernel's refusals turned into typed errors naming the field, the
 * sysctl or the limit.
 */
final class StreamSchedulers {
  static final String INTERLEAVING = "I-DATA (SCTP_INTERLEAVING_SUPPORTED)";
  static final String INTL_SYSCTL = "sysctl net.sctp.intl_enable=1";
  static final String SCHEDULERS = "stream schedulers (SCTP_STREAM_SCHEDULER)";
  static final String SCHEDULER_KERNEL = "Linux 4.15 or later";
  private static final int MAX_VALUE = 0xFFFF;

  /**
   * Sets the scheduler of the associations to come and of the current ones ({@code SCTP_ALL_ASSOC};
   * a one-to-one socket applies it to its association, or to the one to come).
   */
  static void setScheduler(SctpSocket socket, SctpStreamScheduler scheduler)
      throws SctpNativeException {
    try {
      socket.setAssocValue(SCTP_STREAM_SCHEDULER, SCTP_ALL_ASSOC, kernelValue(scheduler));
    } catch (SctpNativeException e) {
      if (e.errno() == Errno.ENOPROTOOPT) {
        throw new SctpExtensionUnavailableException(SCHEDULERS, SCHEDULER_KERNEL, e);
      }
      throw e;
    }
  }

  static SctpStreamScheduler scheduler(SctpSocket socket) throws SctpNativeException {
    int value = socket.assocValue(SCTP_STREAM_SCHEDULER, SCTP_FUTURE_ASSOC);
    return switch (value) {
      case SCTP_SS_PRIO -> SctpStreamScheduler.PRIORITY;
      case SCTP_SS_RR -> SctpStreamScheduler.ROUND_ROBIN;
      default -> SctpStreamScheduler.FCFS;
    };
  }

  static int kernelValue(SctpStreamScheduler scheduler) {
    return switch (scheduler) {
      case FCFS -> SCTP_SS_FCFS;
      case PRIORITY -> SCTP_SS_PRIO;
      case ROUND_ROBIN -> SCTP_SS_RR;
    };
  }

  /**
   * Announces I-DATA for the associations to come. Linux refuses {@code
   * SCTP_INTERLEAVING_SUPPORTED} (EPERM) unless fragment interleave is on, which RFC 8260 §4.3.1
   * wants at level 2 (messages of different streams of one association may be delivered in pieces
   * in turn; Linux keeps the level as on/off), and unless {@code net.sctp.intl_enable} is 1.
   */
  static void setInterleaving(SctpSocket socket, boolean on) throws SctpNativeException {
    if (!on && socket.assocValue(SCTP_INTERLEAVING_SUPPORTED, SCTP_FUTURE_ASSOC) == 0) {
      return;
    }
    if (on) {
      socket.setInt(SOL_SCTP, SCTP_FRAGMENT_INTERLEAVE, 2);
    }
    try {
      socket.setAssocValue(SCTP_INTERLEAVING_SUPPORTED, SCTP_FUTURE_ASSOC, on ? 1 : 0);
    } catch (SctpNativeException e) {
      if (e.errno() == Errno.EPERM) {
        throw new SctpExtensionUnavailableException(INTERLEAVING, INTL_SYSCTL, e);
      }
      if (e.errno() == Errno.ENOPROTOOPT) {
        throw new SctpExtensionUnavailableException(INTERLEAVING, "Linux 4.16 or later", e);
      }
      throw e;
    }
  }

  /** {@return on an association: whether I-DATA was negotiated; before: whether announced} */
  static boolean interleaving(SctpSocket socket) throws SctpNativeException {
    return socket.assocValue(SCTP_INTERLEAVING_SUPPORTED, SCTP_FUTURE_ASSOC) != 0;
  }

  /**
   * Sets one outbound stream's value for the association's scheduler. Linux takes a value for a
   * stream of an association only: on a one-to-one socket before its association is up it accepts
   * the call and keeps nothing, so that is refused here.
   */
  static void setValue(SctpSocket socket, int assocId, int stream, int value) {
    if (value < 0 || value > MAX_VALUE) {
      throw new InvalidSctpMessageException(
          "value", value + " is not 0 to " + MAX_VALUE + " (struct sctp_stream_value)");
    }
    checkStream(stream);
    try {
      socket.streamSchedulerValue(assocId, stream);
      socket.setStreamSchedulerValue(assocId, stream, value);
    } catch (SctpNativeException e) {
      throw refusal(socket, assocId, stream, e);
    }
  }

  static int value(SctpSocket socket, int assocId, int stream) {
    checkStream(stream);
    try {
      return socket.streamSchedulerValue(assocId, stream);
    } catch (SctpNativeException e) {
      throw refusal(socket, assocId, stream, e);
    }
  }

  private static void checkStream(int stream) {
    if (stream < 0 || stream > MAX_VALUE) {
      throw new InvalidSctpMessageException("streamId", stream + " is not 0 to " + MAX_VALUE);
    }
  }

  /**
   * EINVAL means no association, or a stream beyond its outbound count: {@code SCTP_STATUS} tells
   * which.
   */
  private static RuntimeException refusal(
      SctpSocket socket, int assocId, int stream, SctpNativeException e) {
    if (e.errno() == Errno.ENOPROTOOPT) {
      return new SctpExtensionUnavailableException(SCHEDULERS, SCHEDULER_KERNEL, e);
    }
    if (e.errno() != Errno.EINVAL) {
      return new ChannelException(e);
    }
    int outbound;
    try {
      outbound = socket.status(assocId).outboundStreams();
    } catch (SctpNativeException noAssociation) {
      return new InvalidSctpMessageException(
          "associationId",
          (assocId == 0 ? "no association yet" : "no association " + assocId)
              + ": stream scheduler values belong to an association that is up");
    }
    return new InvalidSctpMessageException(
        "streamId", stream + " is beyond the association's " + outbound + " outbound streams");
  }

  private StreamSchedulers() {}
}
