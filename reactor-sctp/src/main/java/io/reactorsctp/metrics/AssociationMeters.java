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
  private final Map<SctpNotification.PeerAddressState, Counter> addressChanges =
      new java.util.EnumMap<>(SctpNotification.PeerAddressState.class);
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
            SctpMeterNames.TAG_ENDPOINT,
            binder.endpoint,
            SctpMeterNames.TAG_ASSOCIATION_ID,
            associationId,
            SctpMeterNames.TAG_PEER,
            peer);
    messagesSent =
        counter(SctpMeterNames.SENT, "messages handed to the kernel", BaseUnits.MESSAGES, tags);
    bytesSent =
        counter(
            SctpMeterNames.PAYLOAD_SENT,
            "payload bytes handed to the kernel",
            BaseUnits.BYTES,
            tags);
    messagesReceived =
        counter(SctpMeterNames.RECEIVED, "complete messages received", BaseUnits.MESSAGES, tags);
    bytesReceived =
        counter(
            SctpMeterNames.PAYLOAD_RECEIVED,
            "payload bytes of complete messages received",
            BaseUnits.BYTES,
            tags);
    if (socketWide) {
      add(
          FunctionCounter.builder(
                  SctpMeterNames.EAGAIN, channel, AbstractEpollSctpChannel::eagainCount)
              .description(
                  "messages the kernel refused with EAGAIN (send buffer full); retried when writable")
              .baseUnit(BaseUnits.EVENTS)
              .tags(tags)
              .register(registry));
      unwritable =
          add(
              Timer.builder(SctpMeterNames.UNWRITABLE)
                  .description(
                      "episodes in which the channel was unwritable (outbound queue above its high water mark),"
                          + " recorded when each ends")
                  .tags(tags)
                  .register(registry));
      add(
          Gauge.builder(SctpMeterNames.OUTBOUND_PENDING_PAYLOAD, channel, c -> outbound(c, true))
              .description("bytes queued in the channel, not yet taken by the kernel")
              .baseUnit(BaseUnits.BYTES)
              .tags(tags)
              .register(registry));
      add(
          Gauge.builder(SctpMeterNames.OUTBOUND_PENDING, channel, c -> outbound(c, false))
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
              SctpMeterNames.SEND_FAILED,
              "messages the channel failed to hand to the kernel, by reason",
              BaseUnits.MESSAGES,
              tags.and(SctpMeterNames.TAG_ERROR, reason));
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
              SctpMeterNames.NOTIFICATIONS,
              "notifications the kernel reported, by type",
              BaseUnits.EVENTS,
              tags.and(SctpMeterNames.TAG_NOTIFICATION_TYPE, type));
      notifications.put(type, c);
    }
    c.increment();
    if (n instanceof SctpNotification.PeerAddressChange change) {
      addressChanged(change.state());
    }
  }

  private void addressChanged(SctpNotification.PeerAddressState state) {
    Counter c = addressChanges.get(state);
    if (c == null) {
      c =
          counter(
              SctpMeterNames.PEER_ADDRESS_CHANGES,
              "peer address changes the kernel reported, by what became of the address",
              BaseUnits.EVENTS,
              tags.and(SctpMeterNames.TAG_ADDRESS_CHANGE, Reasons.addressChange(state)));
      addressChanges.put(state, c);
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
      s = new StreamMeters(tags.and(SctpMeterNames.TAG_STREAM, Integer.toString(streamId)));
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
              SctpMeterNames.STREAM_SENT,
              "messages handed to the kernel on this stream",
              BaseUnits.MESSAGES,
              t);
      bytesSent =
          counter(
              SctpMeterNames.STREAM_PAYLOAD_SENT,
              "payload bytes handed to the kernel on this stream",
              BaseUnits.BYTES,
              t);
      messagesReceived =
          counter(
              SctpMeterNames.STREAM_RECEIVED,
              "messages received on this stream",
              BaseUnits.MESSAGES,
              t);
      bytesReceived =
          counter(
              SctpMeterNames.STREAM_PAYLOAD_RECEIVED,
              "payload bytes received on this stream",
              BaseUnits.BYTES,
              t);
    }
  }

  // ---- kernel figures: read on the event loop by the KernelPoller, gauges read the snapshots ----

  private void registerKernelMeters() {
    statusGauge(
        SctpMeterNames.ASSOCIATION_STATE,
        "SCTP state (enum sctp_sstat_state: 4 = ESTABLISHED)",
        null,
        SctpAssociationStatus::state);
    statusGauge(
        SctpMeterNames.RWND,
        "the peer's receive window",
        BaseUnits.BYTES,
        SctpAssociationStatus::peerReceiveWindow);
    statusGauge(
        SctpMeterNames.UNACKED,
        "DATA chunks sent and not yet acknowledged",
        SctpMeterNames.UNIT_CHUNKS,
        SctpAssociationStatus::unackedData);
    statusGauge(
        SctpMeterNames.PENDING,
        "DATA chunks in the kernel waiting to be sent",
        SctpMeterNames.UNIT_CHUNKS,
        SctpAssociationStatus::pendingData);
    statusGauge(
        SctpMeterNames.NEGOTIATED_INBOUND,
        "negotiated inbound streams",
        SctpMeterNames.UNIT_STREAMS,
        SctpAssociationStatus::inboundStreams);
    statusGauge(
        SctpMeterNames.NEGOTIATED_OUTBOUND,
        "negotiated outbound streams",
        SctpMeterNames.UNIT_STREAMS,
        SctpAssociationStatus::outboundStreams);
    statusGauge(
        SctpMeterNames.FRAGMENTATION_POINT,
        "largest user data in one DATA chunk",
        BaseUnits.BYTES,
        SctpAssociationStatus::fragmentationPoint);
    statusGauge(
        SctpMeterNames.SRTT,
        "smoothed round-trip time of the primary path",
        SctpMeterNames.UNIT_SECONDS,
        s -> s.primarySrttMillis() / 1000.0);
    statusGauge(
        SctpMeterNames.RTO,
        "retransmission timeout of the primary path",
        SctpMeterNames.UNIT_SECONDS,
        s -> s.primaryRtoMillis() / 1000.0);
    statusGauge(
        SctpMeterNames.CWND,
        "congestion window of the primary path",
        BaseUnits.BYTES,
        SctpAssociationStatus::primaryCwnd);
    statusGauge(
        SctpMeterNames.MTU,
        "MTU of the primary path",
        BaseUnits.BYTES,
        SctpAssociationStatus::primaryMtu);

    statsCounter(
        SctpMeterNames.RETRANSMITTED,
        "chunks retransmitted",
        SctpMeterNames.UNIT_CHUNKS,
        null,
        SctpAssociationStats::retransmittedChunks);
    statsCounter(
        SctpMeterNames.GAP_ACKS_RECEIVED,
        "gap acknowledgement blocks received",
        SctpMeterNames.UNIT_BLOCKS,
        null,
        SctpAssociationStats::gapAcksReceived);
    statsCounter(
        SctpMeterNames.OUT_OF_ORDER_RECEIVED,
        "DATA chunks received with a TSN beyond the next expected one",
        SctpMeterNames.UNIT_CHUNKS,
        null,
        SctpAssociationStats::outOfSequenceTsns);
    statsCounter(
        SctpMeterNames.DUPLICATE_RECEIVED,
        "duplicate DATA chunks received",
        SctpMeterNames.UNIT_CHUNKS,
        null,
        SctpAssociationStats::duplicateChunksReceived);
    statsCounter(
        SctpMeterNames.CONTROL_SENT,
        "control chunks sent",
        SctpMeterNames.UNIT_CHUNKS,
        null,
        SctpAssociationStats::controlChunksSent);
    statsCounter(
        SctpMeterNames.CONTROL_RECEIVED,
        "control chunks received",
        SctpMeterNames.UNIT_CHUNKS,
        null,
        SctpAssociationStats::controlChunksReceived);
    statsCounter(
        SctpMeterNames.DATA_SENT,
        "DATA chunks sent",
        SctpMeterNames.UNIT_CHUNKS,
        "ordered",
        SctpAssociationStats::orderedDataChunksSent);
    statsCounter(
        SctpMeterNames.DATA_SENT,
        "DATA chunks sent",
        SctpMeterNames.UNIT_CHUNKS,
        "unordered",
        SctpAssociationStats::unorderedDataChunksSent);
    statsCounter(
        SctpMeterNames.DATA_RECEIVED,
        "DATA chunks received",
        SctpMeterNames.UNIT_CHUNKS,
        "ordered",
        SctpAssociationStats::orderedDataChunksReceived);
    statsCounter(
        SctpMeterNames.DATA_RECEIVED,
        "DATA chunks received",
        SctpMeterNames.UNIT_CHUNKS,
        "unordered",
        SctpAssociationStats::unorderedDataChunksReceived);
    statsCounter(
        SctpMeterNames.NETWORK_SENT,
        "SCTP packets sent",
        SctpMeterNames.UNIT_PACKETS,
        null,
        SctpAssociationStats::packetsSent);
    statsCounter(
        SctpMeterNames.NETWORK_RECEIVED,
        "SCTP packets received",
        SctpMeterNames.UNIT_PACKETS,
        null,
        SctpAssociationStats::packetsReceived);
    statsCounter(
        SctpMeterNames.SACKS_SENT,
        "SACK chunks sent",
        SctpMeterNames.UNIT_CHUNKS,
        null,
        SctpAssociationStats::sacksSent);
    statsCounter(
        SctpMeterNames.SACKS_RECEIVED,
        "SACK chunks received",
        SctpMeterNames.UNIT_CHUNKS,
        null,
        SctpAssociationStats::sacksReceived);
    add(
        Gauge.builder(
                SctpMeterNames.RTO_MAX_OBSERVED,
                this,
                m -> m.stats == null ? Double.NaN : m.stats.maxObservedRtoMillis() / 1000.0)
            .description("largest RTO the kernel observed during the last poll interval")
            .baseUnit(SctpMeterNames.UNIT_SECONDS)
            .tags(tags)
            .register(registry));

    for (boolean sent : new boolean[] {false, true}) {
      add(
          FunctionCounter.builder(
                  SctpMeterNames.PR_ABANDONED,
                  this,
                  m ->
                      m.prStatus == null
                          ? 0
                          : sent ? m.prStatus.abandonedSent() : m.prStatus.abandonedUnsent())
              .description(
                  "PR-SCTP messages abandoned under their policy (SCTP_PR_ASSOC_STATUS); on Linux the"
                      + " 'sent' figure counts abandonment checks rather than messages")
              .baseUnit(BaseUnits.MESSAGES)
              .tags(tags.and(SctpMeterNames.TAG_PR_STAGE, sent ? "sent" : "unsent"))
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
            .tags(delivery == null ? tags : tags.and(SctpMeterNames.TAG_DELIVERY, delivery))
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
        p = new PathMeters(tags.and(SctpMeterNames.TAG_PATH, binder.peerTag.path(a)));
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
          SctpMeterNames.PATH_STATE,
          "path state: 0 inactive, 1 potentially failed, 2 active, 3 unconfirmed, -1 unknown",
          null,
          t,
          i -> i.state() == SctpPeerAddressInfo.PathState.UNKNOWN ? -1 : i.state().ordinal());
      gauge(
          SctpMeterNames.PATH_SRTT,
          "smoothed round-trip time of the path",
          SctpMeterNames.UNIT_SECONDS,
          t,
          i -> i.srttMillis() / 1000.0);
      gauge(
          SctpMeterNames.PATH_RTO,
          "retransmission timeout of the path",
          SctpMeterNames.UNIT_SECONDS,
          t,
          i -> i.rtoMillis() / 1000.0);
      gauge(
          SctpMeterNames.PATH_CWND,
          "congestion window of the path",
          BaseUnits.BYTES,
          t,
          SctpPeerAddressInfo::cwnd);
      gauge(
          SctpMeterNames.PATH_MTU, "MTU of the path", BaseUnits.BYTES, t, SctpPeerAddressInfo::mtu);
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
