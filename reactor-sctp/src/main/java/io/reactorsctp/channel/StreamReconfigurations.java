package io.reactorsctp.channel;

import static io.reactorsctp.internal.nativeio.SctpConstants.*;

import io.netty.util.concurrent.Promise;
import io.reactorsctp.Errno;
import io.reactorsctp.SctpNativeException;
import io.reactorsctp.channel.SctpReconfigurationException.Outcome;
import io.reactorsctp.internal.nativeio.SctpSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stream reconfiguration requests (RFC 6525) of one channel, each awaiting the notification
 * that reports the peer's answer: {@code STREAM_RESET}, {@code ASSOC_RESET} or {@code
 * STREAM_CHANGE}. Linux keeps one request outstanding per association, so one waits per key (0 on a
 * one-to-one channel, the association id on a one-to-many one). A request in both directions is
 * answered by two notifications (the kernel's {@code strreset_outstanding}). Event loop only.
 */
final class StreamReconfigurations {
  private static final int MAX_STREAM = 0xFFFF;
  private static final int NOT_PERFORMED = SCTP_STREAM_RESET_DENIED | SCTP_STREAM_RESET_FAILED;

  private static final class Pending {
    final SctpReconfigRequest request;
    final Promise<Void> promise;
    int answers;

    Pending(SctpReconfigRequest request, Promise<Void> promise, int answers) {
      this.request = request;
      this.promise = promise;
      this.answers = answers;
    }
  }

  private final SctpSocket socket;
  private final Map<Integer, Pending> pending = new HashMap<>();

  StreamReconfigurations(SctpSocket socket) {
    this.socket = socket;
  }

  void resetStreams(
      int key, int assocId, SctpResetDirection direction, int[] streams, Promise<Void> promise) {
    SctpReconfigRequest request = SctpReconfigRequest.RESET_STREAMS;
    for (int i = 0; i < streams.length; i++) {
      if (streams[i] < 0 || streams[i] > MAX_STREAM) {
        promise.tryFailure(
            new InvalidSctpMessageException(
                "streams[" + i + "]", streams[i] + " is outside 0.." + MAX_STREAM));
        return;
      }
    }
    boolean out = direction != SctpResetDirection.INCOMING;
    boolean in = direction != SctpResetDirection.OUTGOING;
    int flags = (out ? SCTP_STREAM_RESET_OUTGOING : 0) | (in ? SCTP_STREAM_RESET_INCOMING : 0);
    send(
        key,
        assocId,
        request,
        promise,
        (out ? 1 : 0) + (in ? 1 : 0),
        () -> socket.resetStreams(assocId, flags, streams),
        () -> beyondCount(assocId, streams, out, in));
  }

  void resetAssociation(int key, int assocId, Promise<Void> promise) {
    send(
        key,
        assocId,
        SctpReconfigRequest.RESET_ASSOCIATION,
        promise,
        1,
        () -> socket.resetAssociation(assocId),
        () -> null);
  }

  void addStreams(int key, int assocId, int outbound, int inbound, Promise<Void> promise) {
    String bad =
        outbound < 0 || outbound > MAX_STREAM
            ? "outbound"
            : inbound < 0 || inbound > MAX_STREAM ? "inbound" : null;
    if (bad != null || outbound + inbound == 0) {
      promise.tryFailure(
          new InvalidSctpMessageException(
              bad != null ? bad : "outbound",
              bad != null
                  ? (bad.equals("outbound") ? outbound : inbound) + " is outside 0.." + MAX_STREAM
                  : "0 outbound and 0 inbound streams: nothing to add"));
      return;
    }
    send(
        key,
        assocId,
        SctpReconfigRequest.ADD_STREAMS,
        promise,
        (outbound > 0 ? 1 : 0) + (inbound > 0 ? 1 : 0),
        () -> socket.addStreams(assocId, inbound, outbound),
        () -> beyondMaximum(assocId, outbound, inbound));
  }

  @FunctionalInterface
  private interface Call {
    void run() throws SctpNativeException;
  }

  @FunctionalInterface
  private interface Explain {
    InvalidSctpMessageException invalidInput() throws SctpNativeException;
  }

  private void send(
      int key,
      int assocId,
      SctpReconfigRequest request,
      Promise<Void> promise,
      int answers,
      Call call,
      Explain einval) {
    Pending waiting = pending.get(key);
    if (waiting != null) {
      promise.tryFailure(
          new SctpReconfigurationException(
              request,
              Outcome.IN_PROGRESS,
              "pending",
              "a " + waiting.request + " request still awaits the peer's answer"));
      return;
    }
    try {
      call.run();
    } catch (SctpNativeException e) {
      promise.tryFailure(refused(request, assocId, e, einval));
      return;
    }
    pending.put(key, new Pending(request, promise, answers));
  }

  private Throwable refused(
      SctpReconfigRequest request, int assocId, SctpNativeException e, Explain einval) {
    int errno = e.errno();
    String kernel = " (" + e.call() + ": " + Errno.name(errno) + ")";
    if (errno == Errno.ENOPROTOOPT) {
      return notNegotiated(request, assocId, kernel);
    }
    if (errno == Errno.EINPROGRESS) {
      return new SctpReconfigurationException(
          request,
          Outcome.IN_PROGRESS,
          "pending",
          "an earlier request still awaits the peer's answer" + kernel);
    }
    if (errno == Errno.EAGAIN) {
      return new SctpReconfigurationException(
          request,
          Outcome.DATA_QUEUED,
          "streams",
          "messages are still queued in the kernel on the streams to reset: retry once they are"
              + " sent"
              + kernel);
    }
    if (errno == Errno.EINVAL) {
      try {
        InvalidSctpMessageException invalid = einval.invalidInput();
        if (invalid != null) {
          return invalid;
        }
      } catch (SctpNativeException gone) {
        return gone.withContext(request.toString());
      }
    }
    return e.withContext(request.toString());
  }

  private SctpReconfigurationException notNegotiated(
      SctpReconfigRequest request, int assocId, String kernel) {
    int enabled;
    try {
      enabled = socket.assocValue(SCTP_ENABLE_STREAM_RESET, assocId);
    } catch (SctpNativeException e) {
      enabled = -1;
    }
    if (enabled >= 0 && (enabled & flag(request)) == 0) {
      return new SctpReconfigurationException(
          request,
          Outcome.NOT_NEGOTIATED,
          SctpChannelOptions.SCTP_ENABLE_STREAM_RESET.name(),
          "this end has not enabled " + request + " on the association" + kernel);
    }
    return new SctpReconfigurationException(
        request,
        Outcome.NOT_NEGOTIATED,
        SctpChannelOptions.SCTP_RECONFIG_SUPPORTED.name(),
        "RECONFIG (RFC 6525) was not negotiated on the association: the peer did not announce it"
            + " in its INIT or INIT-ACK, or this end did not (SCTP_RECONFIG_SUPPORTED must be on at"
            + " both ends before the association is set up)"
            + kernel);
  }

  /** {@return the {@code SCTP_ENABLE_*_REQ} flag of a request} */
  static int flag(SctpReconfigRequest request) {
    return switch (request) {
      case RESET_STREAMS -> SCTP_ENABLE_RESET_STREAM_REQ;
      case RESET_ASSOCIATION -> SCTP_ENABLE_RESET_ASSOC_REQ;
      case ADD_STREAMS -> SCTP_ENABLE_CHANGE_ASSOC_REQ;
    };
  }

  private InvalidSctpMessageException beyondCount(
      int assocId, int[] streams, boolean out, boolean in) throws SctpNativeException {
    var status = socket.status(assocId);
    for (int i = 0; i < streams.length; i++) {
      int limit =
          out && streams[i] >= status.outboundStreams()
              ? status.outboundStreams()
              : in && streams[i] >= status.inboundStreams() ? status.inboundStreams() : -1;
      if (limit >= 0) {
        return new InvalidSctpMessageException(
            "streams[" + i + "]",
            streams[i]
                + " is beyond the association's "
                + limit
                + (limit == status.outboundStreams() && out ? " outbound" : " inbound")
                + " streams (0.."
                + (limit - 1)
                + ")");
      }
    }
    return null;
  }

  private InvalidSctpMessageException beyondMaximum(int assocId, int outbound, int inbound)
      throws SctpNativeException {
    var status = socket.status(assocId);
    if (status.outboundStreams() + outbound > MAX_STREAM) {
      return new InvalidSctpMessageException(
          "outbound",
          status.outboundStreams() + " + " + outbound + " streams is beyond " + MAX_STREAM);
    }
    if (status.inboundStreams() + inbound > MAX_STREAM) {
      return new InvalidSctpMessageException(
          "inbound",
          status.inboundStreams() + " + " + inbound + " streams is beyond " + MAX_STREAM);
    }
    return null;
  }

  /**
   * Completes the request awaiting this notification, if any.
   *
   * @param key 0 on a one-to-one channel, the association id on a one-to-many one
   */
  void notificationRead(int key, SctpNotification event) {
    Pending waiting = pending.get(key);
    if (waiting == null) {
      return;
    }
    int flags;
    switch (event) {
      case SctpNotification.StreamReset r
          when waiting.request == SctpReconfigRequest.RESET_STREAMS ->
          flags = r.flags();
      case SctpNotification.AssociationReset r
          when waiting.request == SctpReconfigRequest.RESET_ASSOCIATION ->
          flags = r.flags();
      case SctpNotification.StreamChange c
          when waiting.request == SctpReconfigRequest.ADD_STREAMS ->
          flags = c.flags();
      default -> {
        return;
      }
    }
    if ((flags & NOT_PERFORMED) != 0) {
      pending.remove(key);
      boolean denied = (flags & SCTP_STREAM_RESET_DENIED) != 0;
      waiting.promise.tryFailure(
          new SctpReconfigurationException(
              waiting.request,
              denied ? Outcome.DENIED : Outcome.FAILED,
              denied ? SctpChannelOptions.SCTP_ENABLE_STREAM_RESET.name() : "streams",
              denied
                  ? "the peer denied it: it has not enabled " + waiting.request
                  : "the peer could not perform it (flags 0x" + Integer.toHexString(flags) + ")"));
      return;
    }
    if (--waiting.answers == 0) {
      pending.remove(key);
      waiting.promise.trySuccess(null);
    }
  }

  /** The association ended: its request, if one waits, fails. */
  void ended(int key) {
    Pending waiting = pending.remove(key);
    if (waiting != null) {
      waiting.promise.tryFailure(endedBeforeAnswer(waiting.request));
    }
  }

  /** The channel closed: every waiting request fails. */
  void closed() {
    List<Pending> all = List.copyOf(pending.values());
    pending.clear();
    for (Pending waiting : all) {
      waiting.promise.tryFailure(endedBeforeAnswer(waiting.request));
    }
  }

  private static SctpReconfigurationException endedBeforeAnswer(SctpReconfigRequest request) {
    return new SctpReconfigurationException(
        request, Outcome.ENDED, "associationId", "the association ended before the peer answered");
  }
}
