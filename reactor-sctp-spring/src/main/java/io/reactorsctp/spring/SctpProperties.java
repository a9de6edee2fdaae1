package io.reactorsctp.spring;

import io.reactorsctp.channel.SctpPrPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Settings of reactor-sctp under {@code reactor.sctp}: the shared event loops, named clients and servers, metrics.
 * Invalid values fail start-up; each error names the property and its limit. Being a {@link Validator} of itself,
 * it needs no Bean Validation provider.
 */
@ConfigurationProperties("reactor.sctp")
public class SctpProperties implements Validator {

  private static final long U32_MAX = 0xFFFF_FFFFL;

  /** Event loop threads shared by every client and server; 0 means one per available processor. */
  private int eventLoopThreads = 0;

  /** Prefix of the event loop threads' names. */
  private String eventLoopThreadPrefix = "reactor-sctp";

  /** Named clients (one-to-one associations set up by this application), by name. */
  private Map<String, Client> clients = new LinkedHashMap<>();

  /** Named servers (accepting one-to-one associations), by name. */
  private Map<String, Server> servers = new LinkedHashMap<>();

  /** Micrometer meters per association. */
  private final Metrics metrics = new Metrics();

  public int getEventLoopThreads() {
    return eventLoopThreads;
  }

  public void setEventLoopThreads(int eventLoopThreads) {
    this.eventLoopThreads = eventLoopThreads;
  }

  public String getEventLoopThreadPrefix() {
    return eventLoopThreadPrefix;
  }

  public void setEventLoopThreadPrefix(String eventLoopThreadPrefix) {
    this.eventLoopThreadPrefix = eventLoopThreadPrefix;
  }

  public Map<String, Client> getClients() {
    return clients;
  }

  public void setClients(Map<String, Client> clients) {
    this.clients = clients;
  }

  public Map<String, Server> getServers() {
    return servers;
  }

  public void setServers(Map<String, Server> servers) {
    this.servers = servers;
  }

  public Metrics getMetrics() {
    return metrics;
  }

  /** Micrometer settings: the binder {@code io.reactorsctp.metrics.SctpMetrics} on every client and server. */
  public static class Metrics {

    /** Whether meters are registered (needs a MeterRegistry bean). */
    private boolean enabled = true;

    /** How often the kernel's per-association figures (SCTP_STATUS, SCTP_GET_ASSOC_STATS, paths) are read. */
    private Duration kernelPollInterval = Duration.ofSeconds(10);

    /** Whether per-stream message and byte counters are registered (one set of meters per stream in use). */
    private boolean perStreamMeters = false;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Duration getKernelPollInterval() {
      return kernelPollInterval;
    }

    public void setKernelPollInterval(Duration kernelPollInterval) {
      this.kernelPollInterval = kernelPollInterval;
    }

    public boolean isPerStreamMeters() {
      return perStreamMeters;
    }

    public void setPerStreamMeters(boolean perStreamMeters) {
      this.perStreamMeters = perStreamMeters;
    }
  }

  /** What clients and servers share: addresses, streams and the socket options of their associations. */
  public abstract static class Association {

    /** Local addresses to bind (several for multi-homing); empty: the wildcard address. */
    private List<String> localAddresses = new ArrayList<>();

    /** Stream counts offered and accepted (SCTP_INITMSG). */
    private final Streams streams = new Streams();

    /** SCTP_NODELAY; unset leaves reactor-sctp's default (on). */
    private Boolean nodelay;

    /** Retransmission timeout bounds (SCTP_RTOINFO); unset values are left to the kernel. */
    private final Rto rto = new Rto();

    /** Heartbeat and path failure detection (SCTP_PEER_ADDR_PARAMS); unset values are left to the kernel. */
    private final Heartbeat heartbeat = new Heartbeat();

    /** SO_SNDBUF; unset leaves the kernel's default. */
    private DataSize sendBufferSize;

    /** SO_RCVBUF; unset leaves the kernel's default. */
    private DataSize receiveBufferSize;

    /** Netty's write buffer water marks: the association is unwritable (sending pauses) above the high one. */
    private final WaterMarks writeBufferWaterMark = new WaterMarks();

    /** Largest message accepted on receive (reactor-sctp's MAX_MESSAGE_SIZE); unset leaves its default. */
    private DataSize maxMessageSize;

    /**
     * PR-SCTP policy (RFC 3758) given to every message a server's handler sends with policy NONE: TTL, RTX or
     * PRIO. A message that names its own policy keeps it. Clients send directly and are not affected.
     */
    private SctpPrPolicy defaultPrPolicy = SctpPrPolicy.NONE;

    /** Value of the default policy: lifetime in ms (TTL), retransmissions (RTX) or priority (PRIO). */
    private long defaultPrValue = 0;

    public List<String> getLocalAddresses() {
      return localAddresses;
    }

    public void setLocalAddresses(List<String> localAddresses) {
      this.localAddresses = localAddresses;
    }

    public Streams getStreams() {
      return streams;
    }

    public Boolean getNodelay() {
      return nodelay;
    }

    public void setNodelay(Boolean nodelay) {
      this.nodelay = nodelay;
    }

    public Rto getRto() {
      return rto;
    }

    public Heartbeat getHeartbeat() {
      return heartbeat;
    }

    public DataSize getSendBufferSize() {
      return sendBufferSize;
    }

    public void setSendBufferSize(DataSize sendBufferSize) {
      this.sendBufferSize = sendBufferSize;
    }

    public DataSize getReceiveBufferSize() {
      return receiveBufferSize;
    }

    public void setReceiveBufferSize(DataSize receiveBufferSize) {
      this.receiveBufferSize = receiveBufferSize;
    }

    public WaterMarks getWriteBufferWaterMark() {
      return writeBufferWaterMark;
    }

    public DataSize getMaxMessageSize() {
      return maxMessageSize;
    }

    public void setMaxMessageSize(DataSize maxMessageSize) {
      this.maxMessageSize = maxMessageSize;
    }

    public SctpPrPolicy getDefaultPrPolicy() {
      return defaultPrPolicy;
    }

    public void setDefaultPrPolicy(SctpPrPolicy defaultPrPolicy) {
      this.defaultPrPolicy = defaultPrPolicy;
    }

    public long getDefaultPrValue() {
      return defaultPrValue;
    }

    public void setDefaultPrValue(long defaultPrValue) {
      this.defaultPrValue = defaultPrValue;
    }
  }

  /** A named client. */
  public static class Client extends Association {

    /** The peer's addresses (several for a multi-homed peer, set up with sctp_connectx). Required. */
    private List<String> remoteAddresses = new ArrayList<>();

    /** The peer's port. Required. */
    private int remotePort;

    /** Local port to bind; 0: the kernel picks. */
    private int localPort = 0;

    public List<String> getRemoteAddresses() {
      return remoteAddresses;
    }

    public void setRemoteAddresses(List<String> remoteAddresses) {
      this.remoteAddresses = remoteAddresses;
    }

    public int getRemotePort() {
      return remotePort;
    }

    public void setRemotePort(int remotePort) {
      this.remotePort = remotePort;
    }

    public int getLocalPort() {
      return localPort;
    }

    public void setLocalPort(int localPort) {
      this.localPort = localPort;
    }
  }

  /** A named server, bound when the application context starts and stopped gracefully with it. */
  public static class Server extends Association {

    /** Port to listen on; 0: the kernel picks. */
    private int port = 0;

    /** Name of the SctpMessageHandler bean serving this server; unset: the only SctpMessageHandler bean. */
    private String handler;

    /** Most associations at once (reactor-sctp's MAX_ASSOCIATIONS); beyond it a new one is aborted. */
    private Integer maxAssociations;

    /**
     * On stop: how long associations may take to hand their queued messages to the kernel and shut down
     * gracefully; those still up then are aborted.
     */
    private Duration shutdownTimeout = Duration.ofSeconds(10);

    public int getPort() {
      return port;
    }

    public void setPort(int port) {
      this.port = port;
    }

    public String getHandler() {
      return handler;
    }

    public void setHandler(String handler) {
      this.handler = handler;
    }

    public Integer getMaxAssociations() {
      return maxAssociations;
    }

    public void setMaxAssociations(Integer maxAssociations) {
      this.maxAssociations = maxAssociations;
    }

    public Duration getShutdownTimeout() {
      return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = shutdownTimeout;
    }
  }

  /** Stream counts (SCTP_INITMSG); the association uses the smaller of what each side offers. */
  public static class Streams {

    /** Outbound streams asked for. */
    private int outbound = 10;

    /** Most inbound streams accepted from the peer. */
    private int inbound = 10;

    public int getOutbound() {
      return outbound;
    }

    public void setOutbound(int outbound) {
      this.outbound = outbound;
    }

    public int getInbound() {
      return inbound;
    }

    public void setInbound(int inbound) {
      this.inbound = inbound;
    }
  }

  /** Retransmission timeout bounds (RFC 9260 RTO.Initial, RTO.Max, RTO.Min; millisecond resolution). */
  public static class Rto {

    /** RTO.Initial. */
    private Duration initial;

    /** RTO.Max. */
    private Duration max;

    /** RTO.Min. */
    private Duration min;

    public Duration getInitial() {
      return initial;
    }

    public void setInitial(Duration initial) {
      this.initial = initial;
    }

    public Duration getMax() {
      return max;
    }

    public void setMax(Duration max) {
      this.max = max;
    }

    public Duration getMin() {
      return min;
    }

    public void setMin(Duration min) {
      this.min = min;
    }
  }

  /** Heartbeats and path failure detection of every peer address. */
  public static class Heartbeat {

    /** Whether heartbeats are sent on idle paths. */
    private Boolean enabled;

    /** Interval between heartbeats on an idle path (millisecond resolution). */
    private Duration interval;

    /** Retransmissions on a path before it is considered unreachable (Path.Max.Retrans), 0..65535. */
    private Integer pathMaxRetransmissions;

    public Boolean getEnabled() {
      return enabled;
    }

    public void setEnabled(Boolean enabled) {
      this.enabled = enabled;
    }

    public Duration getInterval() {
      return interval;
    }

    public void setInterval(Duration interval) {
      this.interval = interval;
    }

    public Integer getPathMaxRetransmissions() {
      return pathMaxRetransmissions;
    }

    public void setPathMaxRetransmissions(Integer pathMaxRetransmissions) {
      this.pathMaxRetransmissions = pathMaxRetransmissions;
    }
  }

  /** Netty's WRITE_BUFFER_WATER_MARK; both or neither. */
  public static class WaterMarks {

    /** Below this many pending bytes an unwritable association becomes writable again. */
    private DataSize low;

    /** Above this many pending bytes the association becomes unwritable and sending pauses. */
    private DataSize high;

    public DataSize getLow() {
      return low;
    }

    public void setLow(DataSize low) {
      this.low = low;
    }

    public DataSize getHigh() {
      return high;
    }

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
    if (p.metrics.kernelPollInterval == null || p.metrics.kernelPollInterval.compareTo(Duration.ofMillis(1)) < 0) {
      errors.rejectValue("metrics.kernelPollInterval", "range", "must be at least 1ms");
    }
    p.clients.forEach((name, c) -> {
      String path = "clients[" + name + "]";
      validateAssociation(path, c, errors);
      if (c.remoteAddresses.isEmpty()) {
        errors.rejectValue(path + ".remoteAddresses", "required", "must name at least one peer address");
      }
      blankAddresses(path + ".remoteAddresses", c.remoteAddresses, errors);
      port(path + ".remotePort", c.remotePort, 1, errors);
      port(path + ".localPort", c.localPort, 0, errors);
    });
    p.servers.forEach((name, s) -> {
      String path = "servers[" + name + "]";
      validateAssociation(path, s, errors);
      port(path + ".port", s.port, 0, errors);
      if (s.handler != null && s.handler.isBlank()) {
        errors.rejectValue(path + ".handler", "required", "must name an SctpMessageHandler bean or be left unset");
      }
      if (s.maxAssociations != null && s.maxAssociations < 1) {
        errors.rejectValue(path + ".maxAssociations", "range", "must be at least 1");
      }
      if (s.shutdownTimeout == null || s.shutdownTimeout.isNegative()) {
        errors.rejectValue(path + ".shutdownTimeout", "range", "must be 0 or more");
      }
    });
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
      errors.rejectValue(path + ".rto.initial", "range", "must not exceed rto.max (" + a.rto.max + ")");
    }
    millis(path + ".heartbeat.interval", a.heartbeat.interval, errors);
    Integer retrans = a.heartbeat.pathMaxRetransmissions;
    if (retrans != null && (retrans < 0 || retrans > 0xFFFF)) {
      errors.rejectValue(path + ".heartbeat.pathMaxRetransmissions", "range", "must be within 0..65535");
    }
    positiveInt(path + ".sendBufferSize", a.sendBufferSize, errors);
    positiveInt(path + ".receiveBufferSize", a.receiveBufferSize, errors);
    positiveInt(path + ".maxMessageSize", a.maxMessageSize, errors);
    WaterMarks w = a.writeBufferWaterMark;
    if ((w.low == null) != (w.high == null)) {
      errors.rejectValue(path + ".writeBufferWaterMark." + (w.low == null ? "low" : "high"), "required",
          "must be set together with writeBufferWaterMark." + (w.low == null ? "high" : "low"));
    } else if (w.low != null) {
      boolean lowOk = positiveInt(path + ".writeBufferWaterMark.low", w.low, errors);
      boolean highOk = positiveInt(path + ".writeBufferWaterMark.high", w.high, errors);
      if (lowOk && highOk && w.low.toBytes() > w.high.toBytes()) {
        errors.rejectValue(path + ".writeBufferWaterMark.low", "range",
            "must not exceed writeBufferWaterMark.high (" + w.high + ")");
      }
    }
    SctpPrPolicy policy = a.defaultPrPolicy;
    if (policy == null) {
      errors.rejectValue(path + ".defaultPrPolicy", "required", "must be NONE, TTL, RTX or PRIO");
    } else if (policy == SctpPrPolicy.BUF) {
      errors.rejectValue(path + ".defaultPrPolicy", "unsupported",
          "BUF (FreeBSD SCTP_PR_SCTP_BUF) has no Linux equivalent; use TTL, RTX or PRIO");
    } else if (a.defaultPrValue < 0 || a.defaultPrValue > U32_MAX) {
      errors.rejectValue(path + ".defaultPrValue", "range", "must be within 0..4294967295");
    } else if (policy == SctpPrPolicy.NONE && a.defaultPrValue != 0) {
      errors.rejectValue(path + ".defaultPrValue", "range", "needs defaultPrPolicy TTL, RTX or PRIO (it is NONE)");
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

  /** @return the duration in milliseconds, or null when unset or rejected */
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
