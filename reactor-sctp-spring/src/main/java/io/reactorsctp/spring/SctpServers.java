package io.reactorsctp.spring;

import io.netty.channel.ChannelOutboundBuffer;
import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.reactive.DisposableSctpServer;
import io.reactorsctp.reactive.SctpServer;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The configured servers ({@code reactor.sctp.servers.<name>}), bound when the application context
 * starts and stopped gracefully with it.
 *
 * <p>Stop, for all servers at once: the listening sockets close (no new association); each
 * association's messages still waiting in Netty's outbound buffer go to the kernel; then each
 * association is shut down gracefully (the kernel delivers what it holds, then SHUTDOWN). An
 * association whose buffer is still not empty after the server's {@code shutdown-timeout} (e.g. a
 * peer that stopped reading) is aborted (ABORT chunk). Messages a handler has not produced yet by
 * the time its association's buffer is empty are not waited for.
 */
public final class SctpServers implements SmartLifecycle {

  /**
   * Started before and stopped after most other lifecycle beans, like Spring Boot's web servers.
   */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

  private static final Log LOG = LogFactory.getLog(SctpServers.class);
  private static final Duration DRAIN_POLL = Duration.ofMillis(10);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  private final Map<String, SctpServer> servers;
  private final Map<String, Duration> shutdownTimeouts;
  private final SctpAssociations associations;
  private final Map<String, String> addresses;
  private final Map<String, DisposableSctpServer> bound = new LinkedHashMap<>();
  private volatile boolean running;

  /**
   * Creates the SCTP servers.
   *
   * @param servers the servers to bind, by name, handler and options set
   * @param shutdownTimeouts each server's bound on its graceful stop
   * @param associations where the servers' associations are tracked
   */
  public SctpServers(
      Map<String, SctpServer> servers,
      Map<String, Duration> shutdownTimeouts,
      SctpAssociations associations) {
    this(servers, shutdownTimeouts, Map.of(), associations);
  }

  /**
   * Creates the SCTP servers, knowing the address each asks for (named when binding fails).
   *
   * @param servers the servers to bind, by name, handler and options set
   * @param shutdownTimeouts each server's bound on its graceful stop
   * @param addresses the address each server asks for, e.g. {@code 127.0.0.1:3868} or {@code
   *     *:3868}
   * @param associations where the servers' associations are tracked
   */
  public SctpServers(
      Map<String, SctpServer> servers,
      Map<String, Duration> shutdownTimeouts,
      Map<String, String> addresses,
      SctpAssociations associations) {
    this.servers = new LinkedHashMap<>(servers);
    this.shutdownTimeouts = Map.copyOf(shutdownTimeouts);
    this.addresses = Map.copyOf(addresses);
    this.associations = associations;
  }

  /**
   * Returns the server as configured.
   *
   * @param name a server's name
   * @return the server as configured (bound by this bean on start)
   * @throws IllegalArgumentException naming the configured servers when there is none of that name
   */
  public SctpServer configuration(String name) {
    SctpServer server = servers.get(name);
    if (server == null) {
      throw new IllegalArgumentException(
          "reactor.sctp.servers."
              + name
              + ": not configured; configured servers: "
              + servers.keySet());
    }
    return server;
  }

  /**
   * Returns the bound server.
   *
   * @param name a server's name
   * @return the bound server (its address and port)
   * @throws IllegalStateException when it is not bound (before start, after stop)
   */
  public synchronized DisposableSctpServer server(String name) {
    configuration(name);
    DisposableSctpServer server = bound.get(name);
    if (server == null) {
      throw new IllegalStateException(
          "reactor.sctp.servers." + name + ": not bound (the context is not running)");
    }
    return server;
  }

  /** {@return the bound servers by name} */
  public synchronized Map<String, DisposableSctpServer> bound() {
    return Map.copyOf(bound);
  }

  @Override
  public synchronized void start() {
    servers.forEach(
        (name, server) -> {
          DisposableSctpServer disposable;
          try {
            disposable = server.bindNow();
          } catch (RuntimeException e) {
            stopListening();
            throw new SctpBindException(
                name, addresses.getOrDefault(name, "its configured address"), rootCause(e));
          }
          bound.put(name, disposable);
          LOG.info("SCTP server '" + name + "' bound to " + hostPort(disposable.address()));
        });
    running = true;
  }

  @Override
  public void stop() {
    Map<String, DisposableSctpServer> stopping;
    synchronized (this) {
      stopping = Map.copyOf(bound);
      running = false;
    }
    stopListening();
    long start = System.nanoTime();
    List<EpollSctpChannel> all = new ArrayList<>();
    Map<EpollSctpChannel, Long> deadlines = new LinkedHashMap<>();
    for (String name : stopping.keySet()) {
      long deadline = start + shutdownTimeouts.getOrDefault(name, Duration.ZERO).toNanos();
      for (EpollSctpChannel channel :
          associations.endpoint(SctpAssociations.Role.SERVER, name).live()) {
        all.add(channel);
        deadlines.put(channel, deadline);
      }
    }
    List<EpollSctpChannel> draining = new ArrayList<>(all);
    while (!draining.isEmpty()) {
      long now = System.nanoTime();
      draining.removeIf(
          ch -> {
            if (!ch.isActive() || outboundEmpty(ch)) {
              ch.close(); // graceful: the kernel sends what it holds, then SHUTDOWN
              return true;
            }
            if (now - deadlines.get(ch) >= 0) {
              LOG.warn(
                  "SCTP association "
                      + ch
                      + " still had messages to send after the shutdown timeout: aborted");
              ch.abortNow();
              return true;
            }
            return false;
          });
      if (!draining.isEmpty()) {
        sleep(DRAIN_POLL);
      }
    }
    for (EpollSctpChannel ch : all) {
      ch.closeFuture().awaitUninterruptibly(CLOSE_WAIT.toMillis());
    }
    stopping.keySet().forEach(name -> LOG.info("SCTP server '" + name + "' stopped"));
  }

  /** {@return {@code e}, or the checked exception Reactor wrapped in it} */
  private static Throwable rootCause(RuntimeException e) {
    return reactor.core.Exceptions.unwrap(e);
  }

  /** {@return {@code 127.0.0.1:3868}, {@code [::1]:3868}: as a user writes it} */
  static String hostPort(SocketAddress address) {
    if (address instanceof InetSocketAddress a && a.getAddress() != null) {
      String host = a.getAddress().getHostAddress();
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }
    return String.valueOf(address);
  }

  private synchronized void stopListening() {
    bound.values().forEach(DisposableSctpServer::disposeNow);
    bound.clear();
  }

  /**
   * Whether Netty's outbound buffer of {@code ch} is empty, asked on its event loop where the
   * buffer lives.
   */
  private static boolean outboundEmpty(EpollSctpChannel ch) {
    try {
      return ch.eventLoop()
          .submit(
              () -> {
                ChannelOutboundBuffer buffer = ch.unsafe().outboundBuffer();
                return buffer == null || buffer.totalPendingWriteBytes() == 0 && buffer.isEmpty();
              })
          .get(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    } catch (Exception e) {
      return true; // the loop is gone: nothing will drain any more
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
