package io.reactorsctp.reactive;

import io.netty.channel.Channel;
import io.reactorsctp.channel.SctpAssociationStatus;
import io.reactorsctp.channel.SctpNotification;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.channel.SctpPrPolicy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

/**
 * Delivery receipts of one association. Each message sent with receipts carries a context of ours
 * (the context is local to the sender, RFC 6458 §5.3.2, so the peer never sees it), remembered with
 * the user's own; then:
 *
 * <ul>
 *   <li>a write the channel refuses fails that message alone;
 *   <li>{@code SCTP_SEND_FAILED_EVENT} with our context abandons (PR-SCTP) or fails it;
 *   <li>{@code SCTP_STATUS} with nothing unacknowledged or pending, read every few milliseconds
 *       while messages wait (notifications share the data's receive queue, so they cannot be relied
 *       on while the application reads nothing), settles every message the kernel had taken:
 *       acknowledged (or, for PR-SCTP, acknowledged or abandoned after being sent, which Linux does
 *       not report);
 *   <li>the association's end settles the rest (see {@link #end()}). It is acted on after the read
 *       that reported it, since Linux queues the send-failed reports of unacknowledged messages
 *       behind it.
 * </ul>
 *
 * Event loop only.
 */
final class ReceiptTracker {

  /** How often the association's queue is read while messages wait for acknowledgement. */
  private static final long POLL_MILLIS = 10;

  private record Pending(
      long index,
      SctpOutboundMessage message,
      int userContext,
      boolean partial,
      ReceiptSend send) {}

  /** One {@code sendWithReceipts}: its sink and what it still owes. */
  private final class ReceiptSend implements OutboundSend.WriteListener {
    final FluxSink<SendResult> sink;
    long nextIndex;
    int unsettled;
    boolean writesDone;
    Throwable writeError;

    ReceiptSend(FluxSink<SendResult> sink) {
      this.sink = sink;
    }

    SctpOutboundMessage track(SctpOutboundMessage m) {
      int ours = nextContext++;
      if (nextContext == 0) {
        nextContext = 1;
      }
      pending.put(
          ours, new Pending(nextIndex++, m, m.context(), m.prPolicy() != SctpPrPolicy.NONE, this));
      unsettled++;
      return m.withContext(ours);
    }

    @Override
    public boolean written(SctpOutboundMessage m, Throwable failure) {
      Pending p = pending.get(m.context());
      if (p == null) {
        return true;
      }
      if (failure != null) {
        settle(m.context(), SendResult.Outcome.FAILED, failure);
      } else {
        accepted.add(m.context());
        schedulePoll();
      }
      return true;
    }

    void writesEnded(Throwable error) {
      writesDone = true;
      writeError = error;
      maybeEnd();
    }

    void maybeEnd() {
      if (writesDone && unsettled == 0) {
        if (writeError != null) {
          sink.error(writeError);
        } else {
          sink.complete();
        }
      }
    }
  }

  private final Channel channel;
  private final Supplier<SctpAssociationStatus> status;
  private final Map<Integer, Pending> pending = new HashMap<>();
  private final List<Integer> accepted = new ArrayList<>();
  private int nextContext = 1;
  private boolean pollScheduled;
  private final Runnable poll =
      () -> {
        pollScheduled = false;
        settleAccepted();
      };
  private boolean ended;
  private SctpNotification.AssociationState endState;

  ReceiptTracker(Channel channel, Supplier<SctpAssociationStatus> status) {
    this.channel = channel;
    this.status = status;
  }

  /**
   * @param send writes messages through the association's outbound side, reporting each write to
   *     the listener
   */
  Flux<SendResult> send(
      Publisher<? extends SctpOutboundMessage> messages,
      BiFunction<Publisher<? extends SctpOutboundMessage>, OutboundSend.WriteListener, Mono<Void>>
          send) {
    return Flux.create(
        sink ->
            channel
                .eventLoop()
                .execute(
                    () -> {
                      ReceiptSend receipts = new ReceiptSend(sink);
                      send.apply(Flux.from(messages).map(receipts::track), receipts)
                          .subscribe(
                              null,
                              error ->
                                  channel.eventLoop().execute(() -> receipts.writesEnded(error)),
                              () -> channel.eventLoop().execute(() -> receipts.writesEnded(null)));
                    }));
  }

  private void settle(int context, SendResult.Outcome outcome, Throwable error) {
    Pending p = pending.remove(context);
    if (p == null) {
      return;
    }
    p.send.sink.next(SendResult.of(p.index, outcome, p.message, p.userContext, error));
    p.send.unsettled--;
    p.send.maybeEnd();
  }

  void onNotification(SctpNotification n) {
    switch (n) {
      case SctpNotification.SendFailed f when pending.containsKey(f.context()) -> {
        boolean partial = pending.get(f.context()).partial();
        accepted.remove((Integer) f.context());
        settle(
            f.context(),
            partial ? SendResult.Outcome.ABANDONED : SendResult.Outcome.FAILED,
            new SctpSendFailedException(
                f, partial ? "abandoned under its PR-SCTP policy" : "not delivered"));
      }
      case SctpNotification.SenderDry d ->
          settleAccepted(); // when the user subscribed to it: settles sooner
      case SctpNotification.AssociationChange c -> {
        switch (c.state()) {
          case SHUTDOWN_COMPLETE -> {
            ended = true;
            endState = c.state();
          }
          case COMMUNICATION_LOST, CANNOT_START_ASSOCIATION -> {
            ended = true;
            endState = c.state();
          }
          default -> {}
        }
      }
      default -> {}
    }
  }

  /**
   * While messages wait for acknowledgement, the association's queue is read every few
   * milliseconds.
   */
  private void schedulePoll() {
    if (!pollScheduled && !ended && channel.isActive()) {
      pollScheduled = true;
      channel.eventLoop().schedule(poll, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private void settleAccepted() {
    if (accepted.isEmpty() || ended) {
      return;
    }
    SctpAssociationStatus s;
    try {
      s = status.get();
    } catch (RuntimeException e) {
      return; // the association is going: its end settles what is left
    }
    if (s.unackedData() == 0 && s.pendingData() == 0) {
      settleAll(accepted, SendResult.Outcome.ACKNOWLEDGED, null);
    } else {
      schedulePoll();
    }
  }

  private void settleAll(List<Integer> contexts, SendResult.Outcome outcome, Throwable error) {
    for (Integer context : List.copyOf(contexts)) {
      Pending p = pending.get(context);
      if (p == null) {
        continue;
      }
      settle(
          context,
          outcome == SendResult.Outcome.ACKNOWLEDGED && p.partial()
              ? SendResult.Outcome.ACKNOWLEDGED_OR_ABANDONED
              : outcome,
          error);
    }
    contexts.clear();
  }

  /**
   * After a read: an end reported in it is acted on now that the reports queued behind it were
   * read.
   */
  void readComplete() {
    if (ended) {
      end();
    }
  }

  /**
   * The association is gone. After a graceful shutdown the peer acknowledged everything. After an
   * end the kernel reported (COMM_LOST, CANT_STR_ASSOC), whose send-failed reports for every
   * unacknowledged message have been read, what was taken and not reported was acknowledged.
   * Otherwise (the channel closed before the end was read) what was taken is unconfirmed; what was
   * never taken failed.
   */
  void end() {
    if (pending.isEmpty()) {
      return;
    }
    if (endState != null) {
      settleAll(accepted, SendResult.Outcome.ACKNOWLEDGED, null);
    } else {
      settleAll(
          accepted,
          SendResult.Outcome.UNCONFIRMED,
          new IOException(
              "the association closed before the kernel"
                  + " confirmed or reported the message: it may or may not have reached the peer"));
    }
    IOException gone =
        new IOException(
            "the association ended ("
                + (endState != null ? endState : "closed")
                + ") before the message was handed to the kernel");
    for (Integer context : new ArrayList<>(pending.keySet())) {
      settle(context, SendResult.Outcome.FAILED, gone);
    }
  }
}
