package io.reactorsctp.spring;

import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.SctpAssociationStatus;
import io.reactorsctp.reactive.DisposableSctpEndpoint;
import io.reactorsctp.reactive.DisposableSctpServer;
import io.reactorsctp.reactive.SctpAssociation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the configured clients and servers, each association listed with its kernel state
 * ({@code SCTP_STATUS}, read on the association's event loop).
 *
 * <ul>
 *   <li>An association is UP when ESTABLISHED, DOWN in any other state (shutting down).
 *   <li>A client is UP while it has an ESTABLISHED association. Without one (not connected yet,
 *       connecting, or its last one ended: {@code lastEnded} names how, e.g. {@code
 *       COMMUNICATION_LOST}) it is UNKNOWN, with {@code state} ({@code not connected}, {@code
 *       connecting} or {@code disconnected}) and {@code since}, until {@code
 *       reactor.sctp.health.client-down-after} (30 s by default) has passed: then DOWN.
 *   <li>A server is UP while it listens (with or without associations; {@code lastEnded} tells the
 *       last one's end).
 *   <li>A one-to-many endpoint is UP while it is bound, listing its live associations (id, peer).
 *   <li>Overall: DOWN when any client, server or endpoint is DOWN, else UNKNOWN when any is
 *       UNKNOWN, else UP. Spring Boot's default order ranks UNKNOWN below UP: a connecting client
 *       does not make the application DOWN, nor its HTTP status 503.
 * </ul>
 */
public final class SctpHealthIndicator implements HealthIndicator {

  /** Names of {@code enum sctp_sstat_state} (linux/sctp.h), indexed by the kernel's value. */
  private static final String[] STATES = {
    "EMPTY",
    "CLOSED",
    "COOKIE_WAIT",
    "COOKIE_ECHOED",
    "ESTABLISHED",
    "SHUTDOWN_PENDING",
    "SHUTDOWN_SENT",
    "SHUTDOWN_RECEIVED",
    "SHUTDOWN_ACK_SENT"
  };

  private static final int ESTABLISHED = 4;

  /** How long a probe waits for an association's event loop to read its status. */
  private static final Duration STATUS_WAIT = Duration.ofSeconds(2);

  private final SctpProperties properties;
  private final SctpAssociations associations;
  private final SctpServers servers;
  private final SctpEndpoints endpoints;

  /**
   * Creates the SCTP health indicator of clients and servers.
   *
   * @param properties which clients and servers are configured
   * @param associations their associations
   * @param servers the servers, to tell whether they listen
   */
  public SctpHealthIndicator(
      SctpProperties properties, SctpAssociations associations, SctpServers servers) {
    this(properties, associations, servers, null);
  }

  /**
   * Creates the SCTP health indicator of clients, servers and one-to-many endpoints.
   *
   * @param properties which clients, servers and endpoints are configured
   * @param associations the clients' and servers' associations
   * @param servers the servers, to tell whether they listen
   * @param endpoints the endpoints, to tell whether they are bound and list their associations;
   *     null: none
   */
  public SctpHealthIndicator(
      SctpProperties properties,
      SctpAssociations associations,
      SctpServers servers,
      SctpEndpoints endpoints) {
    this.properties = properties;
    this.associations = associations;
    this.servers = servers;
    this.endpoints = endpoints;
  }

  @Override
  public Health health() {
    boolean up = true;
    boolean unknown = false;
    Map<String, Object> clients = new LinkedHashMap<>();
    Duration downAfter = properties.getHealth().getClientDownAfter();
    for (String name : properties.getClients().keySet()) {
      SctpAssociations.Endpoint endpoint =
          associations.endpoint(SctpAssociations.Role.CLIENT, name);
      Map<String, Object> detail = endpoint(endpoint);
      Status status = clientStatus(endpoint, detail, downAfter);
      detail.put("status", status.getCode());
      clients.put(name, detail);
      up &= !status.equals(Status.DOWN);
      unknown |= status.equals(Status.UNKNOWN);
    }
    Map<String, Object> serverDetails = new LinkedHashMap<>();
    Map<String, DisposableSctpServer> bound = servers.bound();
    for (String name : properties.getServers().keySet()) {
      Map<String, Object> detail =
          endpoint(associations.endpoint(SctpAssociations.Role.SERVER, name));
      DisposableSctpServer server = bound.get(name);
      boolean listening = server != null && !server.isDisposed();
      detail.put("status", (listening ? Status.UP : Status.DOWN).getCode());
      if (listening) {
        detail.put("listening", server.address().toString());
      }
      serverDetails.put(name, detail);
      up &= listening;
    }
    Map<String, Object> endpointDetails = new LinkedHashMap<>();
    Map<String, DisposableSctpEndpoint> boundEndpoints =
        endpoints == null ? Map.of() : endpoints.bound();
    for (String name : properties.getEndpoints().keySet()) {
      DisposableSctpEndpoint endpoint = boundEndpoints.get(name);
      boolean isBound = endpoint != null && !endpoint.isDisposed();
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("status", (isBound ? Status.UP : Status.DOWN).getCode());
      if (isBound) {
        detail.put("bound", endpoint.address().toString());
        List<Map<String, Object>> list = new ArrayList<>();
        for (SctpAssociation a : endpoints.associations(name)) {
          Map<String, Object> one = new LinkedHashMap<>();
          one.put("associationId", Integer.toUnsignedLong(a.associationId()));
          one.put("peer", String.valueOf(a.remoteAddress()));
          list.add(one);
        }
        detail.put("associations", list);
      }
      endpointDetails.put(name, detail);
      up &= isBound;
    }
    Health.Builder health = !up ? Health.down() : unknown ? Health.unknown() : Health.up();
    health.withDetail("clients", clients).withDetail("servers", serverDetails);
    if (!endpointDetails.isEmpty()) {
      health.withDetail("endpoints", endpointDetails);
    }
    return health.build();
  }

  /**
   * {@return UP with an ESTABLISHED association; without one UNKNOWN, adding {@code state} and
   * {@code since} to {@code detail}, until {@code downAfter} has passed since the last one (or
   * start-up): then DOWN}
   */
  private static Status clientStatus(
      SctpAssociations.Endpoint endpoint, Map<String, Object> detail, Duration downAfter) {
    if (established(detail)) {
      return Status.UP;
    }
    Instant now = Instant.now();
    Instant since = endpoint.withoutAssociationSince();
    if (since == null) { // its associations are shutting down: none of them ended yet
      since = now;
    }
    String state =
        endpoint.isConnecting()
            ? "connecting"
            : endpoint.lastEnded() != null ? "disconnected" : "not connected";
    detail.put("state", state);
    detail.put("since", since.toString());
    return Duration.between(since, now).compareTo(downAfter) >= 0 ? Status.DOWN : Status.UNKNOWN;
  }

  private static boolean established(Map<String, Object> endpointDetail) {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> list = (List<Map<String, Object>>) endpointDetail.get("associations");
    return list.stream().anyMatch(a -> Status.UP.getCode().equals(a.get("status")));
  }

  private static Map<String, Object> endpoint(SctpAssociations.Endpoint endpoint) {
    Map<String, Object> detail = new LinkedHashMap<>();
    List<Map<String, Object>> list = new ArrayList<>();
    for (EpollSctpChannel channel : endpoint.live()) {
      SctpAssociationStatus status;
      try {
        status = status(channel);
      } catch (TimeoutException e) {
        // A loop busy for longer than a probe waits is not an association that ended: it stays
        // listed, as up while its channel is open, without the kernel's figures.
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("status", (channel.isActive() ? Status.UP : Status.DOWN).getCode());
        a.put(
            "state",
            "not read: its event loop did not answer within " + STATUS_WAIT.toSeconds() + " s");
        a.put("local", String.valueOf(channel.localAddress()));
        list.add(a);
        continue;
      }
      if (status == null) {
        continue; // ended meanwhile: lastEnded tells
      }
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("status", (status.state() == ESTABLISHED ? Status.UP : Status.DOWN).getCode());
      a.put(
          "state",
          status.state() >= 0 && status.state() < STATES.length
              ? STATES[status.state()]
              : Integer.toString(status.state()));
      a.put("associationId", Integer.toUnsignedLong(status.associationId()));
      a.put("local", String.valueOf(channel.localAddress()));
      a.put("peer", String.valueOf(status.primaryAddress()));
      Set<String> paths = new TreeSet<>();
      channel.allRemoteAddresses().forEach(p -> paths.add(p.toString()));
      a.put("peerAddresses", List.copyOf(paths));
      a.put("inboundStreams", status.inboundStreams());
      a.put("outboundStreams", status.outboundStreams());
      a.put("srttMillis", status.primarySrttMillis());
      list.add(a);
    }
    detail.put("associations", list);
    SctpAssociations.Ended ended = endpoint.lastEnded();
    if (ended != null) {
      detail.put(
          "lastEnded",
          Map.of(
              "reason",
              ended.reason(),
              "error",
              ended.error(),
              "at",
              ended.at().toString(),
              "peer",
              String.valueOf(ended.channel().remoteAddress())));
    }
    return detail;
  }

  /**
   * {@return the association's status read on its event loop (never under a close), or null when it
   * is gone}
   *
   * @throws TimeoutException when the event loop does not run the read within {@link #STATUS_WAIT}
   */
  private static SctpAssociationStatus status(EpollSctpChannel channel) throws TimeoutException {
    try {
      return channel
          .eventLoop()
          .submit(() -> channel.isActive() ? channel.status() : null)
          .get(STATUS_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException e) {
      return null; // the read failed: the association is going, its end follows
    }
  }
}
