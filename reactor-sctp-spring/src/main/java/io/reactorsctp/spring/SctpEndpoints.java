package io.reactorsctp.spring;

import io.reactorsctp.reactive.DisposableSctpEndpoint;
import io.reactorsctp.reactive.SctpAssociation;
import io.reactorsctp.reactive.SctpEndpoint;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The configured one-to-many endpoints ({@code reactor.sctp.endpoints.<name>}), bound when the
 * application context starts and stopped with it, in the servers' phase.
 *
 * <p>Stop: each live association is shut down gracefully (its queued messages first, then SCTP
 * SHUTDOWN); one still up after the endpoint's {@code shutdown-timeout} is aborted; then the socket
 * closes.
 */
public final class SctpEndpoints implements SmartLifecycle {

  private static final Log LOG = LogFactory.getLog(SctpEndpoints.class);

  private final Map<String, SctpEndpoint> endpoints;
  private final Map<String, Duration> shutdownTimeouts;
  private final Map<String, String> addresses;
  private final Map<String, Bound> bound = new LinkedHashMap<>();
  private volatile boolean running;

  /** A bound endpoint and its live associations. */
  private record Bound(
      DisposableSctpEndpoint endpoint, Set<SctpAssociation> live, Disposable watch) {}

  /**
   * Creates the endpoints.
   *
   * @param endpoints the endpoints to bind, by name, handler and options set
   * @param shutdownTimeouts each endpoint's bound on its graceful stop
   * @param addresses the address each endpoint asks for (named when binding fails)
   */
  public SctpEndpoints(
      Map<String, SctpEndpoint> endpoints,
      Map<String, Duration> shutdownTimeouts,
      Map<String, String> addresses) {
    this.endpoints = new LinkedHashMap<>(endpoints);
    this.shutdownTimeouts = Map.copyOf(shutdownTimeouts);
    this.addresses = Map.copyOf(addresses);
  }

  /**
   * Returns the bound endpoint.
   *
   * @param name an endpoint's name
   * @return the bound endpoint (its address, associations, implicit set-up)
   * @throws IllegalArgumentException naming the configured endpoints when there is none of that
   *     name
   * @throws IllegalStateException when it is not bound (before start, after stop)
   */
  public synchronized DisposableSctpEndpoint endpoint(String name) {
    if (!endpoints.containsKey(name)) {
      throw new IllegalArgumentException(
          "reactor.sctp.endpoints."
              + name
              + ": not configured; configured endpoints: "
              + endpoints.keySet());
    }
    Bound b = bound.get(name);
    if (b == null) {
      throw new IllegalStateException(
          "reactor.sctp.endpoints." + name + ": not bound (the context is not running)");
    }
    return b.endpoint();
  }

  /** {@return the bound endpoints by name} */
  public synchronized Map<String, DisposableSctpEndpoint> bound() {
    Map<String, DisposableSctpEndpoint> all = new LinkedHashMap<>();
    bound.forEach((name, b) -> all.put(name, b.endpoint()));
    return all;
  }

  /**
   * Returns the live associations of an endpoint.
   *
   * @param name an endpoint's name
   * @return its associations up now (empty when it is not bound)
   */
  public synchronized List<SctpAssociation> associations(String name) {
    Bound b = bound.get(name);
    return b == null ? List.of() : List.copyOf(b.live());
  }

  @Override
  public synchronized void start() {
    endpoints.forEach(
        (name, endpoint) -> {
          DisposableSctpEndpoint disposable;
          try {
            disposable = endpoint.bindNow();
          } catch (RuntimeException e) {
            closeAll();
            throw new SctpBindException(
                "endpoint",
                name,
                addresses.getOrDefault(name, "its configured address"),
                reactor.core.Exceptions.unwrap(e));
          }
          Set<SctpAssociation> live = ConcurrentHashMap.newKeySet();
          Disposable watch =
              disposable
                  .associations()
                  .subscribe(
                      a -> {
                        live.add(a);
                        a.onDispose().doFinally(s -> live.remove(a)).subscribe(null, e -> {});
                      },
                      e -> {});
          bound.put(name, new Bound(disposable, live, watch));
          LOG.info(
              "SCTP endpoint '"
                  + name
                  + "' bound to "
                  + SctpServers.hostPort(disposable.address())
                  + " (one-to-many)");
        });
    running = true;
  }

  @Override
  public void stop() {
    Map<String, Bound> stopping;
    synchronized (this) {
      stopping = new LinkedHashMap<>(bound);
      bound.clear();
      running = false;
    }
    stopping.forEach(
        (name, b) -> {
          Duration timeout = shutdownTimeouts.getOrDefault(name, Duration.ZERO);
          Flux.fromIterable(List.copyOf(b.live()))
              .flatMap(
                  a ->
                      a.shutdown()
                          .timeout(timeout)
                          .onErrorResume(
                              e -> {
                                LOG.warn(
                                    "SCTP association "
                                        + a.associationId()
                                        + " of endpoint '"
                                        + name
                                        + "' not shut down within "
                                        + timeout
                                        + ": aborted");
                                a.abort();
                                return Mono.empty();
                              }))
              .then()
              .block(timeout.plusSeconds(5));
          b.watch().dispose();
          b.endpoint().disposeNow();
          LOG.info("SCTP endpoint '" + name + "' stopped");
        });
  }

  private void closeAll() {
    bound.values().forEach(b -> b.endpoint().disposeNow());
    bound.clear();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return SctpServers.PHASE;
  }
}
