package io.reactorsctp.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.reactorsctp.channel.AbstractEpollSctpChannel;
import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.EpollSctpMultiChannel;
import io.reactorsctp.channel.SctpAssociationStats;
import io.reactorsctp.channel.SctpAssociationStatus;
import io.reactorsctp.channel.SctpNotification;
import io.reactorsctp.channel.SctpPeerAddressInfo;
import io.reactorsctp.channel.SctpPrStatus;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The meters of one association (or, with association id "none", of what a one-to-many socket does
 * as a whole) and the kernel snapshots its gauges read. Counting runs on the channel's event loop;
 * gauges read volatile snapshots from any thread. {@link #close()} removes every meter it
 * registered.
 */
final class AssociationMeters {
  private static final InternalLogger LOG =
      InternalLoggerFactory.getInstance(AssociationMeters.class);

  /**
   * Tag value of {@code sctp.association.id} and {@code sctp.peer} for meters of a one-to-many
   * socket as a whole.
   */
  static final String NONE = "none";

  private final SctpMetrics binder;
  private final MeterRegistry registry;
  private final AbstractEpollSctpChannel channel;

  /**
   * The association id in the kernel's calls (0 on a one-to-one socket), or -1: no kernel figures.
   */
  final int kernelAssocId;

  /** The {@code sctp.peer} tag value. */
  final String peer;

  private final Tags tags;
  private final List<Meter> meters = new ArrayList<>();

  private final Counter messagesSent;
  private final Counter bytesSent;
  private final Counter messagesReceived;
  private final Counter bytesReceived;
  private final Map<String, Counter> failures = new HashMap<>();
  private final Map<String, Counter> notifications = new HashMap<>();
  private final IntObjectHashMap<StreamMeters> streams = new IntObjectHashMap<>();
  private final Timer unwritable;
  private long unwritableSince = -1;

  private volatile SctpAssociationStatus status;
  private volatile SctpAssociationStats stats;
  private volatile SctpPrStatus prStatus;
  private final Map<InetSocketAddress, PathMeters> paths = new HashMap<>();

  /** Peer addresses resolved to this association (one-to-many), forgotten with it. */
  final Set<Object> peerKeys = new HashSet<>();

  private boolean closed;

  /**
   * @param socketWide whether this object also carries the socket's meters (EAGAIN, unwritable
   *     time, outbound queue): the association of a one-to-one channel, or the "none" meters of a
   *     one-to-many channel
   * @param kernelAssocId the id for kernel calls (0 for one-to-one), or -1 for none
   */
  AssociationMeters(
      SctpMetrics binder,
      AbstractEpollSctpChannel channel,
      String associationId,
      String peer,
      boolean socketWide,
      int kernelAssocId) {
    this.binder = binder;
    this.registry = binder.registry;
    this.channel = channel;
    this.kernelAssocId = kernelAssocId;
    this.peer = peer;
    this.tags =
        Tags.of(
            "sctp.endpoint",
            binder.endpoint,
            "sctp.association.id",
            associationId,
            "sctp.peer",
            peer);
    messagesSent =
        counter("sctp.messages.sent", "messages handed to the kernel", BaseUnits.MESSAGES, tags);
    bytesSent =
        counter("sctp.bytes.sent", "payload bytes handed to the kernel", BaseUnits.BYTES, tags);
    messagesReceived =
        counter("sctp.messages.received", "complete messages received", BaseUnits.MESSAGES, tags);
    bytesReceived =
        counter(
            "sctp.bytes.received",
            "payload bytes of complete messages received",
            BaseUnits.BYTES,
            tags);
    if (socketWide) {
      add(
          FunctionCounter.builder("sctp.eagain", channel, AbstractEpollSctpChannel::eagainCount)
              .description(
                  "messages the kernel refused with EAGAIN (send buffer full); retried when writable")
              .baseUnit(BaseUnits.EVENTS)
              .tags(tags)
              .register(registry));
      unwritable =
          add(
              Timer.builder("sctp.unwritable")
                  .description(
                      "episodes in which the channel was unwritable (outbound queue above its high water mark),"
                          + " recorded when each ends")
                  .tags(tags)
                  .register(registry));
      add(
          Gauge.builder("sctp.outbound.pending.bytes", channel, c -> outbound(c, true))
              .description("bytes queued in the channel, not yet taken by the kernel")
              .baseUnit(BaseUnits.BYTES)
              .tags(tags)
              .register(registry));
      add(
          Gauge.builder("sctp.outbound.pending.messages", channel, c -> outbound(c, false))
              .description("messages queued in the channel, not yet taken by the kernel")
              .baseUnit(BaseUnits.MESSAGES)
              .tags(tags)
              .register(registry));
    } else {
      unwritable = null;
    }
    if (kernelAssocId >= 0) {
      registerKernelMeters();
      poll();
      binder.poller(channel.eventLoop()).add(this);
    }
  }

  static String tagValue(InetSocketAddress address) {
    if (address == null) {
      return NONE;
    }
    String host = address.getAddress().getHostAddress();
    return (address.getAddress() instanceof Inet6Address ? "[" + host + "]" : host)
        + ":"
        + address.getPort();
  }

  private static double outbound(Channel c, boolean bytes) {
    ChannelOutboundBuffer buffer = c.unsafe().outboundBuffer();
    if (buffer == null) {
      return 0;
    }
    return bytes ? buffer.totalPendingWriteBytes() : buffer.size();
  }

  private <M extends Meter> M add(M meter) {
    meters.add(meter);
    return meter;
  }

  private Counter counter(
      String name, String description, String unit, Iterable<io.micrometer.core.instrument.Tag> t) {
    return add(
        Counter.builder(name).description(description).baseUnit(unit).tags(t).register(registry));
  }

  void sent(int streamId, int bytes) {
    if (closed) {
      return; // a late completion: its association's meters are gone and must not come back
    }
    messagesSent.increment();
    bytesSent.increment(bytes);
    if (binder.perStream) {
      StreamMeters s = stream(streamId);
      s.messagesSent.increment();
      s.bytesSent.increment(bytes);
    }
  }

  void received(int streamId, int bytes) {
    if (closed) {
      return;
    }
    messagesReceived.increment();
    bytesReceived.increment(bytes);
    if (binder.perStream) {
      StreamMeters s = stream(streamId);
      s.messagesReceived.increment();
      s.bytesReceived.increment(bytes);
    }
  }

  void sendFailed(Throwable cause) {
    if (closed) {
      return;
    }
    String reason = Reasons.of(cause);
    Counter c = failures.get(reason);
    if (c == null) {
      c =
          counter(
              "sctp.send.failures",
              "messages the channel failed to hand to the kernel, by reason",
              BaseUnits.MESSAGES,
              tags.and("sctp.error", reason));
      failures.put(reason, c);
    }
    c.increment();
  }

  void notified(SctpNotification n) {
    if (closed) {
      return;
    }
    String type = Reasons.notificationType(n);
    Counter c = notifications.get(type);
    if (c == null) {
      c =
          counter(
              "sctp.notifications",
              "notifications the kernel reported, by type",
              BaseUnits.EVENTS,
              tags.and("sctp.notification.type", type));
      notifications.put(type, c);
    }
    c.increment();
  }

  void writabilityChanged(boolean writable) {
    if (unwritable == null || closed) {
      return;
    }
    if (!writable) {
      if (unwritableSince < 0) {
        unwritableSince = System.nanoTime();
      }
    } else if (unwritableSince >= 0) {
      unwritable.record(System.nanoTime() - unwritableSince, TimeUnit.NANOSECONDS);
      unwritableSince = -1;
    }
  }

  private StreamMeters stream(int streamId) {
    StreamMeters s = streams.get(streamId);
    if (s == null) {
      s = new StreamMeters(tags.and("sctp.stream", Integer.toString(streamId)));
      streams.put(streamId, s);
    }
    return s;
  }

  /** The four per-stream counters, created at a stream's first message. */
  private final class StreamMeters {
    final Counter messagesSent;
    final Counter bytesSent;
    final Counter messagesReceived;
    final Counter bytesReceived;

    StreamMeters(Tags t) {
      messagesSent =
          counter(
              "sctp.stream.messages.sent",
              "messages handed to the kernel on this stream",
              BaseUnits.MESSAGES,
              t);
      bytesSent =
          counter(
              "sctp.stream.bytes.sent",
              "payload bytes handed to the kernel on this stream",
              BaseUnits.BYTES,
              t);
      messagesReceived =
          counter(
              "sctp.stream.messages.received",
              "messages received on this stream",
              BaseUnits.MESSAGES,
              t);
      bytesReceived =
          counter(
              "sctp.stream.bytes.received",
              "payload bytes received on this stream",
              BaseUnits.BYTES,
              t);
    }
  }

  // ---- kernel figures: read on the event loop by the KernelPoller, gauges read the snapshots ----

  private void registerKernelMeters() {
    statusGauge(
        "sctp.association.state",
        "SCTP state (enum sctp_sstat_state: 4 = ESTABLISHED)",
        null,
        SctpAssociationStatus::state);
    statusGauge(
        "sctp.rwnd",
        "the peer's receive window",
        BaseUnits.BYTES,
        SctpAssociationStatus::peerReceiveWindow);
    statusGauge(
        "sctp.unacked.chunks",
        "DATA chunks sent and not yet acknowledged",
        "chunks",
        SctpAssociationStatus::unackedData);
    statusGauge(
        "sctp.pending.chunks",
        "DATA chunks in the kernel waiting to be sent",
        "chunks",
        SctpAssociationStatus::pendingData);
    statusGauge(
        "sctp.streams.inbound",
        "negotiated inbound streams",
        "streams",
        SctpAssociationStatus::inboundStreams);
    statusGauge(
        "sctp.streams.outbound",
        "negotiated outbound streams",
        "streams",
        SctpAssociationStatus::outboundStreams);
    statusGauge(
        "sctp.fragmentation.point",
        "largest user data in one DATA chunk",
        BaseUnits.BYTES,
        SctpAssociationStatus::fragmentationPoint);
    statusGauge(
        "sctp.srtt",
        "smoothed round-trip time of the primary path",
        "seconds",
        s -> s.primarySrttMillis() / 1000.0);
    statusGauge(
        "sctp.rto",
        "retransmission timeout of the primary path",
        "seconds",
        s -> s.primaryRtoMillis() / 1000.0);
    statusGauge(
        "sctp.cwnd",
        "congestion window of the primary path",
        BaseUnits.BYTES,
        SctpAssociationStatus::primaryCwnd);
    statusGauge(
        "sctp.mtu", "MTU of the primary path", BaseUnits.BYTES, SctpAssociationStatus::primaryMtu);

    statsCounter(
        "sctp.retransmitted.chunks",
        "chunks retransmitted",
        "chunks",
        null,
        SctpAssociationStats::retransmittedChunks);
    statsCounter(
        "sctp.gap.acks.received",
        "gap acknowledgement blocks received",
        "blocks",
        null,
        SctpAssociationStats::gapAcksReceived);
    statsCounter(
        "sctp.out.of.order.tsns",
        "DATA chunks received with a TSN beyond the next expected one",
        "chunks",
        null,
        SctpAssociationStats::outOfSequenceTsns);
    statsCounter(
        "sctp.duplicate.tsns",
        "duplicate DATA chunks received",
        "chunks",
        null,
        SctpAssociationStats::duplicateChunksReceived);
    statsCounter(
        "sctp.control.chunks.sent",
        "control chunks sent",
        "chunks",
        null,
        SctpAssociationStats::controlChunksSent);
    statsCounter(
        "sctp.control.chunks.received",
        "control chunks received",
        "chunks",
        null,
        SctpAssociationStats::controlChunksReceived);
    statsCounter(
        "sctp.data.chunks.sent",
        "DATA chunks sent",
        "chunks",
        "ordered",
        SctpAssociationStats::orderedDataChunksSent);
    statsCounter(
        "sctp.data.chunks.sent",
        "DATA chunks sent",
        "chunks",
        "unordered",
        SctpAssociationStats::unorderedDataChunksSent);
    statsCounter(
        "sctp.data.chunks.received",
        "DATA chunks received",
        "chunks",
        "ordered",
        SctpAssociationStats::orderedDataChunksReceived);
    statsCounter(
        "sctp.data.chunks.received",
        "DATA chunks received",
        "chunks",
        "unordered",
        SctpAssociationStats::unorderedDataChunksReceived);
    statsCounter(
        "sctp.packets.sent",
        "SCTP packets sent",
        "packets",
        null,
        SctpAssociationStats::packetsSent);
    statsCounter(
        "sctp.packets.received",
        "SCTP packets received",
        "packets",
        null,
        SctpAssociationStats::packetsReceived);
    statsCounter(
        "sctp.sacks.sent", "SACK chunks sent", "chunks", null, SctpAssociationStats::sacksSent);
    statsCounter(
        "sctp.sacks.received",
        "SACK chunks received",
        "chunks",
        null,
        SctpAssociationStats::sacksReceived);
    add(
        Gauge.builder(
                "sctp.rto.max.observed",
                this,
                m -> m.stats == null ? Double.NaN : m.stats.maxObservedRtoMillis() / 1000.0)
            .description("largest RTO the kernel observed during the last poll interval")
            .baseUnit("seconds")
            .tags(tags)
            .register(registry));

    for (boolean sent : new boolean[] {false, true}) {
      add(
          FunctionCounter.builder(
                  "sctp.pr.abandoned",
                  this,
                  m ->
                      m.prStatus == null
                          ? 0
                          : sent ? m.prStatus.abandonedSent() : m.prStatus.abandonedUnsent())
              .description(
                  "PR-SCTP messages abandoned under their policy (SCTP_PR_ASSOC_STATUS); on Linux the"
                      + " 'sent' figure counts abandonment checks rather than messages")
              .baseUnit(BaseUnits.MESSAGES)
              .tags(tags.and("sctp.pr.stage", sent ? "sent" : "unsent"))
              .register(registry));
    }
  }

  private void statusGauge(
      String name, String description, String unit, ToDoubleFunction<SctpAssociationStatus> f) {
    add(
        Gauge.builder(name, this, m -> m.status == null ? Double.NaN : f.applyAsDouble(m.status))
            .description(description)
            .baseUnit(unit)
            .tags(tags)
            .register(registry));
  }

  private void statsCounter(
      String name,
      String description,
      String unit,
      String delivery,
      ToDoubleFunction<SctpAssociationStats> f) {
    add(
        FunctionCounter.builder(name, this, m -> m.stats == null ? 0 : f.applyAsDouble(m.stats))
            .description(description)
            .baseUnit(unit)
            .tags(delivery == null ? tags : tags.and("sctp.delivery", delivery))
            .register(registry));
  }

  /**
   * Refreshes the kernel snapshots; on the event loop. A failed read keeps the previous snapshot.
   */
  void poll() {
    if (closed || !channel.isOpen()) {
      return;
    }
    try {
      switch (channel) {
        case EpollSctpChannel c -> {
          status = c.status();
          stats = c.associationStats();
          prStatus = c.prStatus();
          pollPaths(c.allRemoteAddresses());
        }
        case EpollSctpMultiChannel m -> {
          status = m.status(kernelAssocId);
          stats = m.associationStats(kernelAssocId);
          prStatus = m.prStatus(kernelAssocId);
          pollPaths(m.remoteAddresses(kernelAssocId));
        }
        default -> {}
      }
    } catch (RuntimeException e) {
      // The association is ending (its end is on its way through the pipeline): the last figures
      // stay.
      LOG.debug("kernel figures of {} not read", tags, e);
    }
  }

  private void pollPaths(List<InetSocketAddress> addresses) {
    Set<InetSocketAddress> gone = new HashSet<>(paths.keySet());
    for (InetSocketAddress a : addresses) {
      gone.remove(a);
      SctpPeerAddressInfo info =
          channel instanceof EpollSctpMultiChannel m
              ? m.peerAddressInfo(kernelAssocId, a)
              : ((EpollSctpChannel) channel).peerAddressInfo(a);
      PathMeters p = paths.get(a);
      if (p == null) {
        p = new PathMeters(tags.and("sctp.path", tagValue(a)));
        paths.put(a, p);
      }
      p.info = info;
    }
    for (InetSocketAddress a : gone) {
      paths.remove(a).close();
    }
  }

  /** Gauges of one path ({@code SCTP_GET_PEER_ADDR_INFO}), removed when the path goes. */
  private final class PathMeters {
    volatile SctpPeerAddressInfo info;
    final List<Meter> own = new ArrayList<>();

    PathMeters(Tags t) {
      gauge(
          "sctp.path.state",
          "path state: 0 inactive, 1 potentially failed, 2 active, 3 unconfirmed, -1 unknown",
          null,
          t,
          i -> i.state() == SctpPeerAddressInfo.PathState.UNKNOWN ? -1 : i.state().ordinal());
      gauge(
          "sctp.path.srtt",
          "smoothed round-trip time of the path",
          "seconds",
          t,
          i -> i.srttMillis() / 1000.0);
      gauge(
          "sctp.path.rto",
          "retransmission timeout of the path",
          "seconds",
          t,
          i -> i.rtoMillis() / 1000.0);
      gauge(
          "sctp.path.cwnd",
          "congestion window of the path",
          BaseUnits.BYTES,
          t,
          SctpPeerAddressInfo::cwnd);
      gauge("sctp.path.mtu", "MTU of the path", BaseUnits.BYTES, t, SctpPeerAddressInfo::mtu);
    }

    private void gauge(
        String name,
        String description,
        String unit,
        Tags t,
        ToDoubleFunction<SctpPeerAddressInfo> f) {
      own.add(
          Gauge.builder(name, this, p -> p.info == null ? Double.NaN : f.applyAsDouble(p.info))
              .description(description)
              .baseUnit(unit)
              .tags(t)
              .register(registry));
    }

    void close() {
      own.forEach(registry::remove);
      own.clear();
    }
  }

  /** Removes every meter of this association; on the event loop. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (kernelAssocId >= 0) {
      binder.poller(channel.eventLoop()).remove(this);
    }
    meters.forEach(registry::remove);
    meters.clear();
    paths.values().forEach(PathMeters::close);
    paths.clear();
  }

  @Override
  public String toString() {
    return "AssociationMeters" + tags;
  }
}
