package io.reactorsctp.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.EventExecutor;
import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.EpollSctpMultiChannel;
import io.reactorsctp.channel.EpollSctpServerChannel;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * Micrometer meters per SCTP association (see docs/metrics.md for every meter). A binder is a
 * channel hook: give it to {@code SctpClient.doOnChannelInit} / {@code SctpServer.doOnChannelInit},
 * or call {@link #accept} with a plain Netty channel:
 *
 * <pre>{@code
 * SctpMetrics metrics = SctpMetrics.binder(registry, "diameter");
 * SctpServer.create().port(3868).doOnChannelInit(metrics).handle(...).bindNow();
 * new Bootstrap().channel(EpollSctpMultiChannel.class).handler(new ChannelInitializer<>() {
 *   protected void initChannel(Channel ch) { metrics.accept(ch); ... }
 * });
 * }</pre>
 *
 * <p>Counting happens in a pipeline handler on the channel's event loop. Kernel figures ({@code
 * SCTP_STATUS}, {@code SCTP_GET_ASSOC_STATS}, {@code SCTP_GET_PEER_ADDR_INFO}, {@code
 * SCTP_PR_ASSOC_STATUS}) are read by one task per event loop every {@link
 * Builder#kernelPollInterval poll interval}, for all the associations on that loop; gauges read
 * those cached snapshots, never the socket. Every meter of an association is removed when the
 * association ends (one-to-one: the channel closes; one-to-many: its end is notified) and when the
 * channel closes. The host meters ({@code sctp.host.*}, {@link Builder#hostMeters}) are registered
 * once per registry and stay.
 */
public final class SctpMetrics implements Consumer<Channel> {

  /** Name of the handler this binder puts first in each pipeline. */
  public static final String HANDLER_NAME = "sctpMetrics";

  final MeterRegistry registry;
  final String endpoint;
  final Duration pollInterval;
  final boolean perStream;
  final PeerTag peerTag;
  final ObservationRegistry observations;
  private final boolean hostMeters;

  /**
   * Whether this binder has asked for the host meters already (the registry gets them once in any
   * case).
   */
  private volatile boolean hostMetersAsked;

  private final ConcurrentMap<EventExecutor, KernelPoller> pollers = new ConcurrentHashMap<>();

  private SctpMetrics(Builder b) {
    this.registry = b.registry;
    this.endpoint = b.endpoint;
    this.pollInterval = b.pollInterval;
    this.perStream = b.perStream;
    this.peerTag = b.peerTag;
    this.hostMeters = b.hostMeters;
    this.observations = b.observations != null ? b.observations : defaultObservations(b.registry);
  }

  /**
   * Makes a binder with the defaults.
   *
   * @param registry where meters go
   * @param endpointName the {@code sctp.endpoint} tag of every meter (one name per endpoint:
   *     one-to-many endpoints sharing a name would share their endpoint-wide meters)
   * @return a binder with the defaults: kernel figures every 10 s, no per-stream meters, host
   *     meters, set-up observations recorded as timers in {@code registry}
   */
  public static SctpMetrics binder(MeterRegistry registry, String endpointName) {
    return builder(registry, endpointName).build();
  }

  /**
   * Starts a binder with settings.
   *
   * @param registry where meters go
   * @param endpointName the {@code sctp.endpoint} tag of every meter
   * @return a builder
   */
  public static Builder builder(MeterRegistry registry, String endpointName) {
    return new Builder(registry, endpointName);
  }

  /** Options of a binder. */
  public static final class Builder {
    private final MeterRegistry registry;
    private final String endpoint;
    private Duration pollInterval = Duration.ofSeconds(10);
    private boolean perStream;
    private boolean hostMeters = true;
    private PeerTag peerTag = PeerTag.ADDRESS;
    private ObservationRegistry observations;

    private Builder(MeterRegistry registry, String endpoint) {
      this.registry = Objects.requireNonNull(registry, "registry");
      this.endpoint = Objects.requireNonNull(endpoint, "endpointName");
    }

    /**
     * Sets {@code interval}: how often kernel figures are read.
     *
     * @param interval how often kernel figures are read (at least 10 ms)
     * @return this builder
     */
    public Builder kernelPollInterval(Duration interval) {
      if (interval.toMillis() < 10) {
        throw new IllegalArgumentException(
            "kernelPollInterval: " + interval + " is below the minimum of 10 ms");
      }
      this.pollInterval = interval;
      return this;
    }

    /**
     * Turns the per-stream meters on or off.
     *
     * @param enabled also count messages and bytes per stream ({@code sctp.stream.*} meters tagged
     *     {@code sctp.stream}); off by default, as each stream adds four meters per association
     * @return this builder
     */
    public Builder perStreamMeters(boolean enabled) {
      this.perStream = enabled;
      return this;
    }

    /**
     * Turns the host meters on or off.
     *
     * @param enabled also register the kernel's SCTP counters of the JVM's network namespace
     *     ({@code sctp.host.*} meters from {@code /proc/net/sctp/snmp}: T3-rtx and other timer
     *     expirations, retransmissions, out-of-the-blue packets, checksum errors, …), once per
     *     meter registry, at the first channel instrumented; on by default. They are not registered
     *     where the file cannot be read.
     * @return this builder
     */
    public Builder hostMeters(boolean enabled) {
      this.hostMeters = enabled;
      return this;
    }

    /**
     * Sets what the {@code sctp.peer} tag (and the path tag {@code sctp.path}) says of the peer.
     *
     * @param policy {@link PeerTag#ADDRESS} (the default): the address without the port, which is
     *     ephemeral for most clients; {@link PeerTag#NONE}; or {@link PeerTag#ADDRESS_AND_PORT}
     * @return this builder
     */
    public Builder peerTag(PeerTag policy) {
      this.peerTag = Objects.requireNonNull(policy, "peerTag");
      return this;
    }

    /**
     * Sets where association set-up observations go.
     *
     * @param registry where association set-up observations go (default: a registry recording them
     *     as {@code sctp.association.setup} timers in the meter registry)
     * @return this builder
     */
    public Builder observationRegistry(ObservationRegistry registry) {
      this.observations = Objects.requireNonNull(registry, "observationRegistry");
      return this;
    }

    /** {@return the binder} */
    public SctpMetrics build() {
      return new SctpMetrics(this);
    }
  }

  /**
   * What the {@code sctp.peer} tag says of an association's peer. Every association's meters are
   * its own series anyway ({@code sctp.association.id}); this decides whether the peer rides along
   * and how finely, i.e. what a query can group by and how many values the tag takes over time.
   */
  public enum PeerTag {
    /** The peer's primary address without its port, e.g. {@code 10.0.0.7} or {@code [fd00::7]}. */
    ADDRESS,
    /** No peer: the tag is {@code none} on every meter (the key stays, as Prometheus needs). */
    NONE,
    /**
     * The peer's primary address and port, e.g. {@code 10.0.0.7:41234} or {@code [fd00::7]:41234}.
     */
    ADDRESS_AND_PORT;

    /** {@return the {@code sctp.peer} value of {@code peer} under this policy} */
    String value(InetSocketAddress peer) {
      if (peer == null || this == NONE) {
        return AssociationMeters.NONE;
      }
      return path(peer);
    }

    /**
     * {@return the {@code sctp.path} value of a peer address: its port only under ADDRESS_AND_PORT}
     */
    String path(InetSocketAddress peer) {
      String host = peer.getAddress().getHostAddress();
      String address = peer.getAddress() instanceof Inet6Address ? "[" + host + "]" : host;
      return this == ADDRESS_AND_PORT ? address + ":" + peer.getPort() : address;
    }
  }

  private static ObservationRegistry defaultObservations(MeterRegistry registry) {
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(new Observations.SetupTimers(registry));
    return observations;
  }

  /**
   * Instruments a channel: an {@link EpollSctpChannel} (one association), an {@link
   * EpollSctpMultiChannel} (meters per association), or an {@link EpollSctpServerChannel} (every
   * association it accepts). Call it before the channel connects to observe the set-up.
   * Instrumenting a channel twice does nothing.
   *
   * @param channel the channel
   * @throws IllegalArgumentException for any other channel type
   */
  @Override
  public void accept(Channel channel) {
    if (channel.pipeline().get(HANDLER_NAME) != null) {
      return;
    }
    switch (channel) {
      case EpollSctpChannel c ->
          channel.pipeline().addFirst(HANDLER_NAME, new OneToOneMetricsHandler(this, c));
      case EpollSctpMultiChannel m ->
          channel.pipeline().addFirst(HANDLER_NAME, new OneToManyMetricsHandler(this, m));
      case EpollSctpServerChannel s ->
          channel.pipeline().addFirst(HANDLER_NAME, new ChildInstrumenter());
      default ->
          throw new IllegalArgumentException(
              "channel: "
                  + channel.getClass().getName()
                  + " is not an SCTP channel (EpollSctpChannel, EpollSctpMultiChannel or EpollSctpServerChannel)");
    }
    if (hostMeters && !hostMetersAsked) {
      // Now, not when built: the kernel creates the file when it loads its sctp module, at the
      // first SCTP socket.
      hostMetersAsked = true;
      HostMeters.registerOnce(registry);
    }
  }

  /** The poller of {@code loop}'s associations. */
  KernelPoller poller(EventExecutor loop) {
    return pollers.computeIfAbsent(loop, l -> new KernelPoller(l, pollInterval));
  }

  /**
   * On a server channel: instruments each accepted association before the bootstrap's child handler
   * runs.
   */
  private final class ChildInstrumenter extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof EpollSctpChannel child) {
        accept(child);
      }
      ctx.fireChannelRead(msg);
    }
  }

  @Override
  public String toString() {
    return "SctpMetrics(" + endpoint + ")";
  }
}
