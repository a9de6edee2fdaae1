package io.reactorsctp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelFuture;
import io.reactorsctp.Await;
import io.reactorsctp.channel.SctpNotification;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.channel.SctpPrPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * PR-SCTP per-message policies (RFC 3758; RFC 6458 §5.3.7 {@code SCTP_PRINFO}; Linux's PRIO) as the
 * packets show them, on a one-to-one association and on a one-to-many endpoint's. Messages carry
 * their index in the ppid, so tshark's DATA chunks say which message each TSN is; {@link PpidDrop}
 * loses chosen ppids on arrival.
 */
class PrSctpWireTest {
  /**
   * ppids 0x0001xxxx are dropped on arrival (they are sent, counted on the wire, never received).
   */
  static final int LOST = 0x0001;

  /** ppids 0x0002xxxx pass. */
  static final int KEPT = 0x0002;

  /**
   * A reliable message after the PR-SCTP ones on their stream: delivered only once they are
   * skipped.
   */
  static final int MARKER_PPID = 0x00030001;

  /** Reliable messages (ppids 1 and 2 would have tshark read the payload as IUA or M2UA). */
  static final int RELIABLE_PPID = 0x00030000;

  static final int TTL_MILLIS = 500;

  /** ppids 0x0004xxxx: the low-priority messages, by index. */
  static final int PRIO_PPID = 0x0004;

  static final int HIGH_PPID = 0x00050000;

  @ParameterizedTest
  @EnumSource(PrLink.Kind.class)
  void ttlMessagesExpireUnsentOrAreSkippedWithForwardTsn(PrLink.Kind kind) throws Exception {
    try (WireKit kit = new WireKit();
        PpidDrop drop = new PpidDrop(LOST)) {
      PrLink link = kind.open(kit, 8 * 1024, 256 * 1024);
      try (WireCapture wire =
          WireCapture.start("prsctp-ttl-" + kind, "lo", "sctp port " + link.receiverPort())) {
        // In flight: written alone, so it leaves at once in a packet of its own (a u32 filter sees
        // only a packet's first chunk: one bundled behind another chunk would not be dropped); lost
        // on arrival, it is abandoned by the first retransmission after its lifetime.
        PrLink.done(
            link.sender()
                .writeAndFlush(
                    link.to(
                        SctpOutboundMessage.builder(new byte[100])
                            .streamId(1)
                            .ppid(LOST << 16)
                            .context(1000)
                            .ttl(TTL_MILLIS))));
        List<ChannelFuture> writes = new ArrayList<>();
        // 40 KiB of reliable messages on stream 0 close the stalled receiver's 8 KiB window ...
        for (int i = 0; i < 40; i++) {
          writes.add(
              link.sender()
                  .write(
                      link.to(
                          SctpOutboundMessage.builder(new byte[1024])
                              .streamId(0)
                              .ppid(RELIABLE_PPID))));
        }
        // ... so these wait behind them in the sender's queue until long after they expired.
        for (int i = 0; i < 4; i++) {
          writes.add(
              link.sender()
                  .write(
                      link.to(
                          SctpOutboundMessage.builder(new byte[100])
                              .streamId(1)
                              .ppid(KEPT << 16 | i)
                              .context(2000 + i)
                              .ttl(TTL_MILLIS))));
        }
        link.sender().flush();
        for (ChannelFuture w : writes) {
          PrLink.done(w);
        }
        long queued = System.nanoTime();
        Await.until(
            "the in-flight TTL messages abandoned by a retransmission (SCTP_PR_ASSOC_STATUS)",
            WireKit.WAIT_SECONDS,
            () ->
                link.prStatus().abandonedSent() > 0
                    && System.nanoTime() - queued > TimeUnit.MILLISECONDS.toNanos(3 * TTL_MILLIS));
        link.startReading();
        PrLink.done(
            link.sender()
                .writeAndFlush(
                    link.to(SctpOutboundMessage.builder("marker").streamId(1).ppid(MARKER_PPID))));
        List<WireKit.Received> delivered = receiveUntilMarker(link);
        assertThat(delivered)
            .filteredOn(r -> r.ppid() == RELIABLE_PPID)
            .as("every reliable message")
            .hasSize(40);
        assertThat(delivered)
            .as("no TTL message delivered")
            .noneMatch(r -> r.ppid() >>> 16 == LOST || r.ppid() >>> 16 == KEPT);

        // Each queued message is reported once, unsent, with its own context.
        List<SctpNotification.SendFailed> reports =
            sendFailed(link, Set.of(2000, 2001, 2002, 2003));
        System.out.println("PR-SCTP TTL " + kind + ": reports " + reports + ", " + link.prStatus());
        assertThat(reports)
            .extracting(SctpNotification.SendFailed::context)
            .containsExactlyInAnyOrder(2000, 2001, 2002, 2003);
        for (SctpNotification.SendFailed f : reports) {
          assertThat(f.sent()).as("abandoned before its first transmission: %s", f).isFalse();
          assertThat(f.ppid())
              .as("the report's ppid is the message's: %s", f)
              .isEqualTo(KEPT << 16 | f.context() - 2000);
          assertThat(f.streamId()).isEqualTo(1);
        }

        List<WireChunk> chunks = wire.stop();
        Map<Integer, List<Long>> tsns = dataTsnsByPpid(chunks);
        System.out.println(
            "PR-SCTP TTL "
                + kind
                + ": TSNs by ppid "
                + hex(tsns)
                + ", FORWARD-TSN "
                + forwardTsns(chunks));
        for (int i = 0; i < 4; i++) {
          assertThat(tsns)
              .as("queued message %d never sent as DATA", i)
              .doesNotContainKey(KEPT << 16 | i);
        }
        assertThat(tsns).as("the in-flight message was sent as DATA").containsKey(LOST << 16);
        long lost = tsns.get(LOST << 16).getFirst();
        assertThat(tsns.get(LOST << 16)).as("retransmissions keep the TSN").containsOnly(lost);
        assertThat(forwardTsns(chunks))
            .as("a FORWARD-TSN's new cumulative TSN covers the lost message's TSN %d", lost)
            .anyMatch(t -> covers(t, lost));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(PrLink.Kind.class)
  void rtxMessageIsSentOncePlusItsRetransmissionsThenSkipped(PrLink.Kind kind) throws Exception {
    int retransmissions = 2;
    try (WireKit kit = new WireKit();
        PpidDrop drop = new PpidDrop(LOST)) {
      PrLink link = kind.open(kit, 64 * 1024, 256 * 1024);
      link.startReading();
      try (WireCapture wire =
          WireCapture.start("prsctp-rtx-" + kind, "lo", "sctp port " + link.receiverPort())) {
        // Lost on every arrival: each T3 expiry (0.5, 1, 2 s) retransmits it until it has been sent
        // 1 + 2 times.
        PrLink.done(
            link.sender()
                .writeAndFlush(
                    link.to(
                        SctpOutboundMessage.builder(new byte[100])
                            .streamId(1)
                            .ppid(LOST << 16)
                            .context(3000)
                            .prPolicy(SctpPrPolicy.RTX, retransmissions))));
        PrLink.done(
            link.sender()
                .writeAndFlush(
                    link.to(SctpOutboundMessage.builder("marker").streamId(1).ppid(MARKER_PPID))));
        List<WireKit.Received> delivered = receiveUntilMarker(link);
        assertThat(delivered)
            .as("the RTX message never delivered")
            .noneMatch(r -> r.ppid() >>> 16 == LOST);

        List<WireChunk> chunks = wire.stop();
        Map<Integer, List<Long>> tsns = dataTsnsByPpid(chunks);
        System.out.println(
            "PR-SCTP RTX "
                + kind
                + ": TSNs by ppid "
                + hex(tsns)
                + ", FORWARD-TSN "
                + forwardTsns(chunks)
                + ", "
                + link.prStatus());
        List<Long> sent = tsns.get(LOST << 16);
        assertThat(sent).as("transmissions of the RTX message").isNotNull();
        long tsn = sent.getFirst();
        // Linux abandons a chunk once its sent_count exceeds the value (sctp_chunk_abandoned), so
        // it is sent
        // exactly 1 + n times when every copy is lost.
        assertThat(sent)
            .as("1 + %d transmissions of TSN %d", retransmissions, tsn)
            .hasSize(1 + retransmissions)
            .containsOnly(tsn);
        assertThat(forwardTsns(chunks))
            .as("a FORWARD-TSN skips TSN %d", tsn)
            .anyMatch(t -> covers(t, tsn));
        assertThat(link.prStatus().abandonedSent()).as("abandoned after being sent").isEqualTo(1);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(PrLink.Kind.class)
  void prioMessageAbandonsOnlyLowerPriorityMessages(PrLink.Kind kind) throws Exception {
    int high = 10;
    try (WireKit kit = new WireKit()) {
      // A stalled receiver keeps the messages in the sender's 128 KiB buffer (64 KiB asked; Linux
      // doubles it).
      PrLink link = kind.open(kit, 8 * 1024, 64 * 1024);
      try (WireCapture wire =
          WireCapture.start("prsctp-prio-" + kind, "lo", "sctp port " + link.receiverPort())) {
        List<ChannelFuture> writes = new ArrayList<>();
        // Even indices priority 5 (above the new message's 10), odd ones 20 (below it: Linux
        // abandons a queued PRIO message whose value is greater than the new message's,
        // sctp_prsctp_prune).
        for (int i = 0; i < 24; i++) {
          writes.add(
              link.sender()
                  .write(
                      link.to(
                          SctpOutboundMessage.builder(new byte[1000])
                              .streamId(0)
                              .ppid(PRIO_PPID << 16 | i)
                              .context(4000 + i)
                              .prPolicy(SctpPrPolicy.PRIO, i % 2 == 0 ? 5 : 20))));
        }
        link.sender().flush();
        for (ChannelFuture w : writes) {
          PrLink.done(w);
        }
        // 120 000 B do not fit in what is left of the buffer: the kernel makes room by abandoning
        // priority-20
        // messages, oldest first, then takes it.
        PrLink.done(
            link.sender()
                .writeAndFlush(
                    link.to(
                        SctpOutboundMessage.builder(new byte[120_000])
                            .streamId(0)
                            .ppid(HIGH_PPID)
                            .context(5000)
                            .prPolicy(SctpPrPolicy.PRIO, high))));
        link.startReading();
        List<WireKit.Received> delivered = new ArrayList<>();
        for (WireKit.Received r = link.received.next(); ; r = link.received.next()) {
          delivered.add(r);
          if (r.ppid() == HIGH_PPID) {
            break;
          }
        }
        List<Integer> indices =
            delivered.stream()
                .filter(r -> r.ppid() >>> 16 == PRIO_PPID)
                .map(r -> r.ppid() & 0xFFFF)
                .toList();
        Set<Integer> abandoned = new TreeSet<>();
        for (int i = 1; i < 24; i += 2) {
          abandoned.add(i);
        }
        abandoned.removeAll(indices);
        List<WireChunk> chunks = wire.stop();
        Map<Integer, List<Long>> tsns = dataTsnsByPpid(chunks);
        List<SctpNotification> events = new ArrayList<>(link.senderEvents.notifications);
        System.out.println(
            "PR-SCTP PRIO "
                + kind
                + ": delivered "
                + indices
                + ", abandoned "
                + abandoned
                + ", "
                + link.prStatus()
                + ", TSNs by ppid "
                + hex(tsns)
                + ", FORWARD-TSN "
                + forwardTsns(chunks)
                + ", sender notifications "
                + events);
        assertThat(indices).as("each delivered once").doesNotHaveDuplicates();
        assertThat(indices)
            .as("every message of higher priority than the new one delivered")
            .containsAll(java.util.stream.IntStream.range(0, 12).map(i -> 2 * i).boxed().toList());
        assertThat(abandoned).as("lower-priority messages abandoned to make room").isNotEmpty();
        // Linux 6.1 sends no SCTP_SEND_FAILED for a message PRIO abandons (sctp_prsctp_prune_unsent
        // frees it without sctp_chunk_fail): the kernel's count is the only report. In runs here
        // the abandoned ones were all unsent (no FORWARD-TSN), the sent count stayed 0 or 1 with no
        // FORWARD-TSN on the wire.
        long abandonedOnTheWire =
            abandoned.stream().filter(i -> tsns.containsKey(PRIO_PPID << 16 | i)).count();
        assertThat(link.prStatus().abandonedUnsent())
            .as(
                "the kernel's unsent-abandoned count is the messages never delivered %s, less those sent",
                abandoned)
            .isEqualTo(abandoned.size() - abandonedOnTheWire);
        for (int i : abandoned) {
          List<Long> sent = tsns.get(PRIO_PPID << 16 | i);
          if (sent != null) {
            assertThat(forwardTsns(chunks))
                .as("abandoned %d was sent as TSN %s: a FORWARD-TSN skips it", i, sent)
                .anyMatch(t -> covers(t, sent.getFirst()));
          }
        }
      }
    }
  }

  /** Reads until the marker; fails after {@link WireKit#WAIT_SECONDS} per message. */
  static List<WireKit.Received> receiveUntilMarker(PrLink link) throws InterruptedException {
    List<WireKit.Received> all = new ArrayList<>();
    for (WireKit.Received r = link.received.next(); ; r = link.received.next()) {
      all.add(r);
      if (r.ppid() == MARKER_PPID) {
        return all;
      }
    }
  }

  /**
   * The sender's send-failed reports until every expected context was reported, and any already
   * queued after.
   */
  static List<SctpNotification.SendFailed> sendFailed(PrLink link, Set<Integer> expected)
      throws InterruptedException {
    List<SctpNotification.SendFailed> out = new ArrayList<>();
    Set<Integer> missing = new TreeSet<>(expected);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WireKit.WAIT_SECONDS);
    while (!missing.isEmpty()) {
      long left = deadline - System.nanoTime();
      SctpNotification n =
          left > 0 ? link.senderEvents.notifications.poll(left, TimeUnit.NANOSECONDS) : null;
      if (n == null) {
        throw new AssertionError(
            "no send-failed report for contexts "
                + missing
                + " within "
                + WireKit.WAIT_SECONDS
                + " s; reported "
                + out);
      }
      if (n instanceof SctpNotification.SendFailed f) {
        out.add(f);
        missing.remove(f.context());
      }
    }
    for (SctpNotification n; (n = link.senderEvents.notifications.poll()) != null; ) {
      if (n instanceof SctpNotification.SendFailed f) {
        out.add(f);
      }
    }
    return out;
  }

  /** The TSNs of the DATA chunks sent to the receiver, by ppid (a TSN once per transmission). */
  static Map<Integer, List<Long>> dataTsnsByPpid(List<WireChunk> chunks) {
    Map<Integer, List<Long>> out = new HashMap<>();
    for (WireChunk c : chunks) {
      if (c.type() == WireChunk.DATA) {
        out.computeIfAbsent((int) c.ppid(), k -> new ArrayList<>()).add(c.tsn());
      }
    }
    return out;
  }

  /** The new cumulative TSNs of the FORWARD-TSN chunks, in order. */
  static List<Long> forwardTsns(List<WireChunk> chunks) {
    return chunks.stream()
        .filter(c -> c.type() == WireChunk.FORWARD_TSN)
        .map(c -> c.number("sctp.forward_tsn_tsn"))
        .toList();
  }

  /**
   * {@return whether a cumulative TSN covers {@code tsn}, in serial number arithmetic (RFC 1982)}
   */
  static boolean covers(long cumulative, long tsn) {
    return (int) (cumulative - tsn) >= 0;
  }

  static String hex(Map<Integer, List<Long>> byPpid) {
    return byPpid.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> "0x" + Integer.toHexString(e.getKey()) + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }
}
