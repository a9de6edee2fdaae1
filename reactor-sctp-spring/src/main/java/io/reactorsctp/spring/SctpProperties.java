package io.reactorsctp.spring;

import io.reactorsctp.channel.SctpPrPolicy;
import io.reactorsctp.channel.SctpReconfigRequest;
import io.reactorsctp.channel.SctpStreamScheduler;
import io.reactorsctp.metrics.SctpMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Settings of reactor-sctp under {@code reactor.sctp}: the shared event loops, named clients and
 * servers, metrics. Invalid values fail start-up; each error names the property and its limit.
 * Being a {@link Validator} of itself, it needs no Bean Validation provider.
 */
@ConfigurationProperties("reactor.sctp")
public class SctpProperties implements Validator {
  /** Creates the defaults. */
  public SctpProperties() {}

  private static final long U32_MAX = 0xFFFF_FFFFL;

  /** Event loop threads shared by every client and server; 0 means one per available processor. */
  private int eventLoopThreads = 0;

  /** Prefix of the event loop threads' names. */
  private String eventLoopThreadPrefix = "reactor-sctp";

  /** Named clients (one-to-one associations set up by this application), by name. */
  private Map<String, Client> clients = new LinkedHashMap<>();

  /** Named servers (accepting one-to-one associations), by name. */
  private Map<String, Server> servers = new LinkedHashMap<>();

  /**
   * Named one-to-many endpoints (one socket, many associations: set up by peers, or implicitly by
   * sending to a new peer), by name.
   */
  private Map<String, Endpoint> endpoints = new LinkedHashMap<>();

  /** Micrometer meters per association. */
  private final Metrics metrics = new Metrics();

  /** Status policy of the {@code sctp} health indicator. */
  private final Health health = new Health();

  /** {@return the {@code event-loop-threads} property} */
  public int getEventLoopThreads() {
    return eventLoopThreads;
  }

  /**
   * Sets the {@code event-loop-threads} property.
   *
   * @param eventLoopThreads its value
   */
  public void setEventLoopThreads(int eventLoopThreads) {
    this.eventLoopThreads = eventLoopThreads;
  }

  /** {@return the {@code event-loop-thread-prefix} property} */
  public String getEventLoopThreadPrefix() {
    return eventLoopThreadPrefix;
  }

  /**
   * Sets the {@code event-loop-thread-prefix} property.
   *
   * @param eventLoopThreadPrefix its value
   */
  public void setEventLoopThreadPrefix(String eventLoopThreadPrefix) {
    this.eventLoopThreadPrefix = eventLoopThreadPrefix;
  }

  /** {@return the {@code clients} property} */
  public Map<String, Client> getClients() {
    return clients;
  }

  /**
   * Sets the {@code clients} property.
   *
   * @param clients its value
   */
  public void setClients(Map<String, Client> clients) {
    this.clients = clients;
  }

  /** {@return the {@code servers} property} */
  public Map<String, Server> getServers() {
    return servers;
  }

  /**
   * Sets the {@code servers} property.
   *
   * @param servers its value
   */
  public void setServers(Map<String, Server> servers) {
    this.servers = servers;
  }

  /** {@return the {@code endpoints} property} */
  public Map<String, Endpoint> getEndpoints() {
    return endpoints;
  }

  /**
   * Sets the {@code endpoints} property.
   *
   * @param endpoints its value
   */
  public void setEndpoints(Map<String, Endpoint> endpoints) {
    this.endpoints = endpoints;
  }

  /** {@return the {@code metrics} property} */
  public Metrics getMetrics() {
    return metrics;
  }

  /** {@return the {@code health} property} */
  public Health getHealth() {
    return health;
  }

  /** Status policy of the {@code sctp} health indicator. */
  public static class Health {
    /** Creates the defaults. */
    public Health() {}

    /**
     * How long a configured client may be without an established association (not connected yet,
     * connecting, or after its association ended) before it is DOWN; until then it is UNKNOWN. 0
     * makes it DOWN at once.
     */
    private Duration clientDownAfter = Duration.ofSeconds(30);

    /** {@return the {@code client-down-after} property} */
    public Duration getClientDownAfter() {
      return clientDownAfter;
    }

    /**
     * Sets the {@code client-down-after} property.
     *
     * @param clientDownAfter its value
     */
    public void setClientDownAfter(Duration clientDownAfter) {
      this.clientDownAfter = clientDownAfter;
    }
  }

  /**
   * Micrometer settings: the binder {@code io.reactorsctp.metrics.SctpMetrics} on every client and
   * server.
   */
  public static class Metrics {
    /** Creates the defaults. */
    public Metrics() {}

    /** Whether meters are registered (needs a MeterRegistry bean). */
    private boolean enabled = true;

    /**
     * How often the kernel's per-association figures (SCTP_STATUS, SCTP_GET_ASSOC_STATS, paths) are
     * read.
     */
    private Duration kernelPollInterval = Duration.ofSeconds(10);

    /**
     * Whether per-stream message and byte counters are registered (one set of meters per stream in
     * use).
     */
    private boolean perStreamMeters = false;

    /**
     * Whether the kernel's SCTP counters of the network namespace (/proc/net/sctp/snmp) are
     * registered.
     */
    private boolean hostMeters = true;

    /**
     * What the sctp.peer tag says of a peer: ADDRESS (its address without the port, which is
     * ephemeral for most clients), NONE (the tag is "none"), or ADDRESS_AND_PORT.
     */
    private SctpMetrics.PeerTag peerTag = SctpMetrics.PeerTag.ADDRESS;

    /** {@return the {@code enabled} property} */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Sets the {@code enabled} property.
     *
     * @param enabled its value
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** {@return the {@code kernel-poll-interval} property} */
    public Duration getKernelPollInterval() {
      return kernelPollInterval;
    }

    /**
     * Sets the {@code kernel-poll-interval} property.
     *
     * @param kernelPollInterval its value
     */
    public void setKernelPollInterval(Duration kernelPollInterval) {
      this.kernelPollInterval = kernelPollInterval;
    }

    /** {@return the {@code per-stream-meters} property} */
    public boolean isPerStreamMeters() {
      return perStreamMeters;
    }

    /**
     * Sets the {@code per-stream-meters} property.
     *
     * @param perStreamMeters its value
     */
    public void setPerStreamMeters(boolean perStreamMeters) {
      this.perStreamMeters = perStreamMeters;
    }

    /** {@return the {@code host-meters} property} */
    public boolean isHostMeters() {
      return hostMeters;
    }

    /**
     * Sets the {@code host-meters} property.
     *
     * @param hostMeters its value
     */
    public void setHostMeters(boolean hostMeters) {
      this.hostMeters = hostMeters;
    }

    /** {@return the {@code peer-tag} property} */
    public SctpMetrics.PeerTag getPeerTag() {
      return peerTag;
    }

    /**
     * Sets the {@code peer-tag} property.
     *
     * @param peerTag its value
     */
    public void setPeerTag(SctpMetrics.PeerTag peerTag) {
      this.peerTag = peerTag;
    }
  }

  /**
   * What clients and servers share: addresses, streams and the socket options of their
   * associations.
   */
  public abstract static class Association {
    /** Creates the defaults. */
    public Association() {}

    /** Local addresses to bind (several for multi-homing); empty: the wildcard address. */
    private List<String> localAddresses = new ArrayList<>();

    /** Stream counts offered and accepted (SCTP_INITMSG). */
    private final Streams streams = new Streams();

    /** SCTP_NODELAY; unset leaves reactor-sctp's default (on). */
    private Boolean nodelay;

    /** Retransmission timeout bounds (SCTP_RTOINFO); unset values are left to the kernel. */
    private final Rto rto = new Rto();

    /**
     * Heartbeat and path failure detection (SCTP_PEER_ADDR_PARAMS); unset values are left to the
     * kernel.
     */
    private final Heartbeat heartbeat = new Heartbeat();

    /** SO_SNDBUF; unset leaves the kernel's default. */
    private DataSize sendBufferSize;

    /** SO_RCVBUF; unset leaves the kernel's default. */
    private DataSize receiveBufferSize;

    /**
     * Netty's write buffer water marks: the association is unwritable (sending pauses) above the
     * high one.
     */
    private final WaterMarks writeBufferWaterMark = new WaterMarks();

    /**
     * Largest message accepted on receive (reactor-sctp's MAX_MESSAGE_SIZE); unset leaves its
     * default.
     */
    private DataSize maxMessageSize;

    /**
     * PR-SCTP policy (RFC 3758) given to every message a server's handler sends with policy NONE:
     * TTL, RTX or PRIO. A message that names its own policy keeps it. Clients send directly and are
     * not affected.
     */
    private SctpPrPolicy defaultPrPolicy = SctpPrPolicy.NONE;

    /**
     * Value of the default policy: lifetime in ms (TTL), retransmissions (RTX) or priority (PRIO).
     */
    private long defaultPrValue = 0;

    /**
     * Stream reconfiguration requests (RFC 6525) this association sends and accepts: reset-streams,
     * reset-association, add-streams (SCTP_ENABLE_STREAM_RESET, which also announces RECONFIG); the
     * peer must enable them too. Unset: none, the kernel's default.
     */
    private Set<SctpReconfigRequest> streamReset;

    /**
     * SCTP over UDP (RFC 6951): the peer's UDP encapsulation port (SCTP_REMOTE_UDP_ENCAPS_PORT;
     * 9899, the IANA port, for a Linux peer), 0 for plain SCTP. For a client: a server answers over
     * UDP by itself. Needs the sysctl net.sctp.udp_port set on both hosts. Unset: plain SCTP.
     */
    private Integer udpEncapsulationPort;

    /**
     * Dynamic addresses (ASCONF, RFC 5061): announce and accept ASCONF, so local addresses can be
     * added to and removed from a live association and the peer asked to change its primary
     * (SCTP_ASCONF_SUPPORTED, which also enables SCTP-AUTH, as RFC 5061 requires); the peer must
     * enable it too. Unset: off, the kernel's default.
     */
    private Boolean dynamicAddresses;

    /**
     * Stream scheduler (RFC 8260) of the associations: fcfs, priority, round-robin
     * (SCTP_STREAM_SCHEDULER). Per-stream priorities are set on the association at run time. Unset:
     * the kernel's default, fcfs.
     */
    private SctpStreamScheduler streamScheduler;

    /**
     * Announce I-DATA (RFC 8260 message interleaving; SCTP_INTERLEAVING_SUPPORTED with fragment
     * interleave 2): used when the peer announces it too. Needs the sysctl net.sctp.intl_enable=1.
     * Unset: off.
     */
    private Boolean interleaving;

    /** {@return the {@code local-addresses} property} */
    public List<String> getLocalAddresses() {
      return localAddresses;
    }

    /**
     * Sets the {@code local-addresses} property.
     *
     * @param localAddresses its value
     */
    public void setLocalAddresses(List<String> localAddresses) {
      this.localAddresses = localAddresses;
    }

    /** {@return the {@code streams} property} */
    public Streams getStreams() {
      return streams;
    }

    /** {@return the {@code nodelay} property} */
    public Boolean getNodelay() {
      return nodelay;
    }

    /**
     * Sets the {@code nodelay} property.
     *
     * @param nodelay its value
     */
    public void setNodelay(Boolean nodelay) {
      this.nodelay = nodelay;
    }

    /** {@return the {@code rto} property} */
    public Rto getRto() {
      return rto;
    }

    /** {@return the {@code heartbeat} property} */
    public Heartbeat getHeartbeat() {
      return heartbeat;
    }

    /** {@return the {@code send-buffer-size} property} */
    public DataSize getSendBufferSize() {
      return sendBufferSize;
    }

    /**
     * Sets the {@code send-buffer-size} property.
     *
     * @param sendBufferSize its value
     */
    public void setSendBufferSize(DataSize sendBufferSize) {
      this.sendBufferSize = sendBufferSize;
    }

    /** {@return the {@code receive-buffer-size} property} */
    public DataSize getReceiveBufferSize() {
      return receiveBufferSize;
    }

    /**
     * Sets the {@code receive-buffer-size} property.
     *
     * @param receiveBufferSize its value
     */
    public void setReceiveBufferSize(DataSize receiveBufferSize) {
      this.receiveBufferSize = receiveBufferSize;
    }

    /** {@return the {@code write-buffer-water-mark} property} */
    public WaterMarks getWriteBufferWaterMark() {
      return writeBufferWaterMark;
    }

    /** {@return the {@code max-message-size} property} */
    public DataSize getMaxMessageSize() {
      return maxMessageSize;
    }

    /**
     * Sets the {@code max-message-size} property.
     *
     * @param maxMessageSize its value
     */
    public void setMaxMessageSize(DataSize maxMessageSize) {
      this.maxMessageSize = maxMessageSize;
    }

    /** {@return the {@code default-pr-policy} property} */
    public SctpPrPolicy getDefaultPrPolicy() {
      return defaultPrPolicy;
    }

    /**
     * Sets the {@code default-pr-policy} property.
     *
     * @param defaultPrPolicy its value
     */
    public void setDefaultPrPolicy(SctpPrPolicy defaultPrPolicy) {
      this.defaultPrPolicy = defaultPrPolicy;
    }

    /** {@return the {@code default-pr-value} property} */
    public long getDefaultPrValue() {
      return defaultPrValue;
    }

    /**
     * Sets the {@code default-pr-value} property.
     *
     * @param defaultPrValue its value
     */
    public void setDefaultPrValue(long defaultPrValue) {
      this.defaultPrValue = defaultPrValue;
    }

    /** {@return the {@code stream-reset} property} */
    public Set<SctpReconfigRequest> getStreamReset() {
      return streamReset;
    }

    /**
     * Sets the {@code stream-reset} property.
     *
     * @param streamReset its value
     */
    public void setStreamReset(Set<SctpReconfigRequest> streamReset) {
      this.streamReset = streamReset;
    }

    /** {@return the {@code udp-encapsulation-port} property} */
    public Integer getUdpEncapsulationPort() {
      return udpEncapsulationPort;
    }

    /**
     * Sets the {@code udp-encapsulation-port} property.
     *
     * @param udpEncapsulationPort its value
     */
    public void setUdpEncapsulationPort(Integer udpEncapsulationPort) {
      this.udpEncapsulationPort = udpEncapsulationPort;
    }

    /** {@return the {@code dynamic-addresses} property} */
    public Boolean getDynamicAddresses() {
      return dynamicAddresses;
    }

    /**
     * Sets the {@code dynamic-addresses} property.
     *
     * @param dynamicAddresses its value
     */
    public void setDynamicAddresses(Boolean dynamicAddresses) {
      this.dynamicAddresses = dynamicAddresses;
    }

    /** {@return the {@code stream-scheduler} property} */
    public SctpStreamScheduler getStreamScheduler() {
      return streamScheduler;
    }

    /**
     * Sets the {@code stream-scheduler} property.
     *
     * @param streamScheduler its value
     */
    public void setStreamScheduler(SctpStreamScheduler streamScheduler) {
      this.streamScheduler = streamScheduler;
    }

    /** {@return the {@code interleaving} property} */
    public Boolean getInterleaving() {
      return interleaving;
    }

    /**
     * Sets the {@code interleaving} property.
     *
     * @param interleaving its value
     */
    public void setInterleaving(Boolean interleaving) {
      this.interleaving = interleaving;
    }
  }

  /** A named client. */
  public static class Client extends Association {
    /** Creates the defaults. */
    public Client() {}

    /**
     * The peer's addresses (several for a multi-homed peer, set up with sctp_connectx). Required.
     */
    private List<String> remoteAddresses = new ArrayList<>();

    /** The peer's port. Required. */
    private int remotePort;

    /** Local port to bind; 0: the kernel picks. */
    private int localPort = 0;

    /** {@return the {@code remote-addresses} property} */
    public List<String> getRemoteAddresses() {
      return remoteAddresses;
    }

    /**
     * Sets the {@code remote-addresses} property.
     *
     * @param remoteAddresses its value
     */
    public void setRemoteAddresses(List<String> remoteAddresses) {
      this.remoteAddresses = remoteAddresses;
    }

    /** {@return the {@code remote-port} property} */
    public int getRemotePort() {
      return remotePort;
    }

    /**
     * Sets the {@code remote-port} property.
     *
     * @param remotePort its value
     */
    public void setRemotePort(int remotePort) {
      this.remotePort = remotePort;
    }

    /** {@return the {@code local-port} property} */
    public int getLocalPort() {
      return localPort;
    }

    /**
     * Sets the {@code local-port} property.
     *
     * @param localPort its value
     */
    public void setLocalPort(int localPort) {
      this.localPort = localPort;
    }
  }

  /**
   * What a server and an endpoint share: the port they bind, the handler serving their associations
   * and how they stop.
   */
  public abstract static class Listening extends Association {
    /** Creates the defaults. */
    protected Listening() {}

    /** Port to bind; 0: the kernel picks. */
    private int port = 0;

    /**
     * Name of the SctpMessageHandler bean serving each association; unset: the only
     * SctpMessageHandler bean.
     */
    private String handler;

    /**
     * On stop: how long associations may take to hand their queued messages to the kernel and shut
     * down gracefully; those still up then are aborted.
     */
    private Duration shutdownTimeout = Duration.ofSeconds(10);

    /** {@return the {@code port} property} */
    public int getPort() {
      return port;
    }

    /**
     * Sets the {@code port} property.
     *
     * @param port its value
     */
    public void setPort(int port) {
      this.port = port;
    }

    /** {@return the {@code handler} property} */
    public String getHandler() {
      return handler;
    }

    /**
     * Sets the {@code handler} property.
     *
     * @param handler its value
     */
    public void setHandler(String handler) {
      this.handler = handler;
    }

    /** {@return the {@code shutdown-timeout} property} */
    public Duration getShutdownTimeout() {
      return shutdownTimeout;
    }

    /**
     * Sets the {@code shutdown-timeout} property.
     *
     * @param shutdownTimeout its value
     */
    public void setShutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = shutdownTimeout;
    }
  }

  /** A named server, bound when the application context starts and stopped gracefully with it. */
  public static class Server extends Listening {
    /** Creates the defaults. */
    public Server() {}

    /**
     * Most associations at once (reactor-sctp's MAX_ASSOCIATIONS); beyond it a new one is aborted.
     */
    private Integer maxAssociations;

    /** {@return the {@code max-associations} property} */
    public Integer getMaxAssociations() {
      return maxAssociations;
    }

    /**
     * Sets the {@code max-associations} property.
     *
     * @param maxAssociations its value
     */
    public void setMaxAssociations(Integer maxAssociations) {
      this.maxAssociations = maxAssociations;
    }
  }

  /**
   * A named one-to-many endpoint (SctpEndpoint), bound when the application context starts and
   * stopped with it.
   */
  public static class Endpoint extends Listening {
    /** Creates the defaults. */
    public Endpoint() {}
  }

  /** Stream counts (SCTP_INITMSG); the association uses the smaller of what each side offers. */
  public static class Streams {
    /** Creates the defaults. */
    public Streams() {}

    /** Outbound streams asked for. */
    private int outbound = 10;

    /** Most inbound streams accepted from the peer. */
    private int inbound = 10;

    /** {@return the {@code outbound} property} */
    public int getOutbound() {
      return outbound;
    }

    /**
     * Sets the {@code outbound} property.
     *
     * @param outbound its value
     */
    public void setOutbound(int outbound) {
      this.outbound = outbound;
    }

    /** {@return the {@code inbound} property} */
    public int getInbound() {
      return inbound;
    }

    /**
     * Sets the {@code inbound} property.
     *
     * @param inbound its value
     */
    public void setInbound(int inbound) {
      this.inbound = inbound;
    }
  }

  /**
   * Retransmission timeout bounds (RFC 9260 RTO.Initial, RTO.Max, RTO.Min; millisecond resolution).
   */
  public static class Rto {
    /** Creates the defaults. */
    public Rto() {}

    /** RTO.Initial. */
    private Duration initial;

    /** RTO.Max. */
    private Duration max;

    /** RTO.Min. */
    private Duration min;

    /** {@return the {@code initial} property} */
    public Duration getInitial() {
      return initial;
    }

    /**
     * Sets the {@code initial} property.
     *
     * @param initial its value
     */
    public void setInitial(Duration initial) {
      this.initial = initial;
    }

    /** {@return the {@code max} property} */
    public Duration getMax() {
      return max;
    }

    /**
     * Sets the {@code max} property.
     *
     * @param max its value
     */
    public void setMax(Duration max) {
      this.max = max;
    }

    /** {@return the {@code min} property} */
    public Duration getMin() {
      return min;
    }

    /**
     * Sets the {@code min} property.
     *
     * @param min its value
     */
    public void setMin(Duration min) {
      this.min = min;
    }
  }

  /** Heartbeats and path failure detection of every peer address. */
  public static class Heartbeat {
    /** Creates the defaults. */
    public Heartbeat() {}

    /** Whether heartbeats are sent on idle paths. */
    private Boolean enabled;

    /** Interval between heartbeats on an idle path (millisecond resolution). */
    private Duration interval;

    /**
     * Retransmissions on a path before it is considered unreachable (Path.Max.Retrans), 0..65535.
     */
    private Integer pathMaxRetransmissions;

    /** {@return the {@code enabled} property} */
    public Boolean getEnabled() {
      return enabled;
    }

    /**
     * Sets the {@code enabled} property.
     *
     * @param enabled its value
     */
    public void setEnabled(Boolean enabled) {
      this.enabled = enabled;
    }

    /** {@return the {@code interval} property} */
    public Duration getInterval() {
      return interval;
    }

    /**
     * Sets the {@code interval} property.
     *
     * @param interval its value
     */
    public void setInterval(Duration interval) {
      this.interval = interval;
    }

    /** {@return the {@code path-max-retransmissions} property} */
    public Integer getPathMaxRetransmissions() {
      return pathMaxRetransmissions;
    }

    /**
     * Sets the {@code path-max-retransmissions} property.
     *
     * @param pathMaxRetransmissions its value
     */
    public void setPathMaxRetransmissions(Integer pathMaxRetransmissions) {
      this.pathMaxRetransmissions = pathMaxRetransmissions;
    }
  }

  /** Netty's WRITE_BUFFER_WATER_MARK; both or neither. */
  public static class WaterMarks {
    /** Creates the defaults. */
    public WaterMarks() {}

    /** Below this many pending bytes an unwritable association becomes writable again. */
    private DataSize low;

    /** Above this many pending bytes the association becomes unwritable and sending pauses. */
    private DataSize high;

    /** {@return the {@code low} property} */
    public DataSize getLow() {
      return low;
    }

    /**
     * Sets the {@code low} property.
     *
     * @param low its value
     */
    public void setLow(DataSize low) {
      this.low = low;
    }

    /** {@return the {@code high} property} */
    public DataSize getHigh() {
      return high;
    }

    /**
     * Sets the {@code high} property.
     *
     * @param high its value
     */
    public void setHigh(DataSize high) {
      this.high = high;
    }
  }

  @Override
  public boolean supports(Class<?> type) {
    return SctpProperties.class.isAssignableFrom(type);
  }

  @Override
  public void validate(Object target, Errors errors) {
    SctpProperties p = (SctpProperties) target;
    if (p.eventLoopThreads < 0) {
      errors.rejectValue("eventLoopThreads", "range", "must be 0 (one per processor) or more");
    }
    if (p.eventLoopThreadPrefix == null || p.eventLoopThreadPrefix.isBlank()) {
      errors.rejectValue("eventLoopThreadPrefix", "required", "must not be blank");
    }
    if (p.metrics.kernelPollInterval == null
        || p.metrics.kernelPollInterval.compareTo(Duration.ofMillis(1)) < 0) {
      errors.rejectValue("metrics.kernelPollInterval", "range", "must be at least 1ms");
    }
    if (p.metrics.peerTag == null) {
      errors.rejectValue(
          "metrics.peerTag", "required", "must be ADDRESS, NONE or ADDRESS_AND_PORT");
    }
    if (p.health.clientDownAfter == null || p.health.clientDownAfter.isNegative()) {
      errors.rejectValue("health.clientDownAfter", "range", "must be 0 or more");
    }
    p.clients.forEach(
        (name, c) -> {
          String path = "clients[" + name + "]";
          validateAssociation(path, c, errors);
          if (c.remoteAddresses.isEmpty()) {
            errors.rejectValue(
                path + ".remoteAddresses", "required", "must name at least one peer address");
          }
          blankAddresses(path + ".remoteAddresses", c.remoteAddresses, errors);
          port(path + ".remotePort", c.remotePort, 1, errors);
          port(path + ".localPort", c.localPort, 0, errors);
        });
    p.servers.forEach(
        (name, s) -> {
          String path = "servers[" + name + "]";
          validateListening(path, s, errors);
          if (s.maxAssociations != null && s.maxAssociations < 1) {
            errors.rejectValue(path + ".maxAssociations", "range", "must be at least 1");
          }
        });
    p.endpoints.forEach((name, e) -> validateListening("endpoints[" + name + "]", e, errors));
  }

  private static void validateListening(String path, Listening l, Errors errors) {
    validateAssociation(path, l, errors);
    port(path + ".port", l.port, 0, errors);
    if (l.handler != null && l.handler.isBlank()) {
      errors.rejectValue(
          path + ".handler", "required", "must name an SctpMessageHandler bean or be left unset");
    }
    if (l.shutdownTimeout == null || l.shutdownTimeout.isNegative()) {
      errors.rejectValue(path + ".shutdownTimeout", "range", "must be 0 or more");
    }
  }

  private static void validateAssociation(String path, Association a, Errors errors) {
    blankAddresses(path + ".localAddresses", a.localAddresses, errors);
    streams(path + ".streams.outbound", a.streams.outbound, errors);
    streams(path + ".streams.inbound", a.streams.inbound, errors);
    Long min = millis(path + ".rto.min", a.rto.min, errors);
    Long max = millis(path + ".rto.max", a.rto.max, errors);
    Long initial = millis(path + ".rto.initial", a.rto.initial, errors);
    if (min != null && max != null && min > max) {
      errors.rejectValue(path + ".rto.min", "range", "must not exceed rto.max (" + a.rto.max + ")");
    }
    if (initial != null && max != null && initial > max) {
      errors.rejectValue(
          path + ".rto.initial", "range", "must not exceed rto.max (" + a.rto.max + ")");
    }
    millis(path + ".heartbeat.interval", a.heartbeat.interval, errors);
    Integer retrans = a.heartbeat.pathMaxRetransmissions;
    if (retrans != null && (retrans < 0 || retrans > 0xFFFF)) {
      errors.rejectValue(
          path + ".heartbeat.pathMaxRetransmissions", "range", "must be within 0..65535");
    }
    Integer encapsulation = a.udpEncapsulationPort;
    if (encapsulation != null && (encapsulation < 0 || encapsulation > 0xFFFF)) {
      errors.rejectValue(
          path + ".udpEncapsulationPort", "range", "must be within 0..65535 (0: plain SCTP)");
    }
    positiveInt(path + ".sendBufferSize", a.sendBufferSize, errors);
    positiveInt(path + ".receiveBufferSize", a.receiveBufferSize, errors);
    positiveInt(path + ".maxMessageSize", a.maxMessageSize, errors);
    WaterMarks w = a.writeBufferWaterMark;
    if ((w.low == null) != (w.high == null)) {
      errors.rejectValue(
          path + ".writeBufferWaterMark." + (w.low == null ? "low" : "high"),
          "required",
          "must be set together with writeBufferWaterMark." + (w.low == null ? "high" : "low"));
    } else if (w.low != null) {
      boolean lowOk = positiveInt(path + ".writeBufferWaterMark.low", w.low, errors);
      boolean highOk = positiveInt(path + ".writeBufferWaterMark.high", w.high, errors);
      if (lowOk && highOk && w.low.toBytes() > w.high.toBytes()) {
        errors.rejectValue(
            path + ".writeBufferWaterMark.low",
            "range",
            "must not exceed writeBufferWaterMark.high (" + w.high + ")");
      }
    }
    SctpPrPolicy policy = a.defaultPrPolicy;
    if (policy == null) {
      errors.rejectValue(path + ".defaultPrPolicy", "required", "must be NONE, TTL, RTX or PRIO");
    } else if (policy == SctpPrPolicy.BUF) {
      errors.rejectValue(
          path + ".defaultPrPolicy",
          "unsupported",
          "BUF (FreeBSD SCTP_PR_SCTP_BUF) has no Linux equivalent; use TTL, RTX or PRIO");
    } else if (a.defaultPrValue < 0 || a.defaultPrValue > U32_MAX) {
      errors.rejectValue(path + ".defaultPrValue", "range", "must be within 0..4294967295");
    } else if (policy == SctpPrPolicy.NONE && a.defaultPrValue != 0) {
      errors.rejectValue(
          path + ".defaultPrValue", "range", "needs defaultPrPolicy TTL, RTX or PRIO (it is NONE)");
    }
  }

  private static void blankAddresses(String path, List<String> addresses, Errors errors) {
    for (int i = 0; i < addresses.size(); i++) {
      if (addresses.get(i) == null || addresses.get(i).isBlank()) {
        errors.rejectValue(path + "[" + i + "]", "required", "must not be blank");
      }
    }
  }

  private static void port(String path, int port, int min, Errors errors) {
    if (port < min || port > 0xFFFF) {
      errors.rejectValue(path, "range", "must be within " + min + "..65535");
    }
  }

  private static void streams(String path, int streams, Errors errors) {
    if (streams < 1 || streams > 0xFFFF) {
      errors.rejectValue(path, "range", "must be within 1..65535");
    }
  }

  /** {@return the duration in milliseconds, or null when unset or rejected} */
  private static Long millis(String path, Duration d, Errors errors) {
    if (d == null) {
      return null;
    }
    if (d.isNegative() || d.toMillis() > Integer.MAX_VALUE) {
      errors.rejectValue(path, "range", "must be within 0ms.." + Integer.MAX_VALUE + "ms");
      return null;
    }
    return d.toMillis();
  }

  private static boolean positiveInt(String path, DataSize size, Errors errors) {
    if (size != null && (size.toBytes() < 1 || size.toBytes() > Integer.MAX_VALUE)) {
      errors.rejectValue(path, "range", "must be within 1B.." + Integer.MAX_VALUE + "B");
      return false;
    }
    return true;
  }
}
