package io.reactorsctp.spring;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.SctpNotification;
import io.reactorsctp.channel.SctpNotification.AssociationChange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The live associations of every configured client and server, as their channels report them: what
 * the health indicator shows and what a server's graceful stop drains. Each client's and server's
 * channels get a {@link #tracker} through {@code doOnChannelInit}.
 */
public final class SctpAssociations implements SmartLifecycle {
  private static final Log LOG = LogFactory.getLog(SctpAssociations.class);

  private volatile boolean running;

  /** Creates the configuration. */
  public SctpAssociations() {}

  /** Whether an endpoint sets associations up or accepts them. */
  public enum Role {
    /** A configured client ({@code reactor.sctp.clients.*}). */
    CLIENT,
    /** A configured server ({@code reactor.sctp.servers.*}). */
    SERVER
  }

  private final Map<String, Endpoint> clients = new ConcurrentHashMap<>();
  private final Map<String, Endpoint> servers = new ConcurrentHashMap<>();

  /**
   * Returns the endpoint's record.
   *
   * @param role client or server
   * @param name its name in the properties
   * @return the endpoint's record, created on first use
   */
  public Endpoint endpoint(Role role, String name) {
    return (role == Role.CLIENT ? clients : servers)
        .computeIfAbsent(name, n -> new Endpoint(role, n));
  }

  /**
   * Starts each endpoint's time without association at the context's start (last of the lifecycle
   * phases) rather than at its bean's creation: an application cannot connect a client before it
   * runs, however long its start-up took.
   */
  @Override
  public void start() {
    Instant now = Instant.now();
    clients.values().forEach(e -> e.contextStarted(now));
    servers.values().forEach(e -> e.contextStarted(now));
    running = true;
  }

  @Override
  public void stop() {
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** {@return the clients' records by name} */
  public Map<String, Endpoint> clients() {
    return Map.copyOf(clients);
  }

  /** {@return the servers' records by name} */
  public Map<String, Endpoint> servers() {
    return Map.copyOf(servers);
  }

  /**
   * @param role client or server
   * @param name its name
   * @return a channel hook recording each association of that endpoint while it lives
   */
  Consumer<Channel> tracker(Role role, String name) {
    Endpoint endpoint = endpoint(role, name);
    return ch ->
        ch.pipeline()
            .addLast("sctpAssociationTracker", new Tracker(endpoint, (EpollSctpChannel) ch));
  }

  /**
   * How an association ended.
   *
   * @param channel its channel (closed)
   * @param reason the last association change the kernel reported (e.g. {@code
   *     COMMUNICATION_LOST}), or {@code CLOSED} when the channel closed without one (closed or
   *     aborted locally)
   * @param error the change's error cause code, 0 when none
   * @param at when the channel closed
   */
  public record Ended(EpollSctpChannel channel, String reason, int error, Instant at) {}

  /** One client's or server's associations. */
  public static final class Endpoint {
    private final Role role;
    private final String name;
    private final Set<EpollSctpChannel> live = ConcurrentHashMap.newKeySet();
    private final Set<EpollSctpChannel> connecting = ConcurrentHashMap.newKeySet();
    private volatile Ended lastEnded;
    private volatile Instant withoutAssociationSince = Instant.now();

    Endpoint(Role role, String name) {
      this.role = role;
      this.name = name;
    }

    /** {@return client or server} */
    public Role role() {
      return role;
    }

    /** {@return the name in the properties} */
    public String name() {
      return name;
    }

    /** {@return the channels of the associations up now} */
    public List<EpollSctpChannel> live() {
      return List.copyOf(live);
    }

    /** {@return how the last association ended, or null when none has} */
    public Ended lastEnded() {
      return lastEnded;
    }

    private void contextStarted(Instant now) {
      if (live.isEmpty() && lastEnded == null) {
        withoutAssociationSince = now;
      }
    }

    /** {@return whether a client's association is being set up now (INIT sent, not yet up)} */
    public boolean isConnecting() {
      return !connecting.isEmpty();
    }

    /**
     * {@return since when the endpoint has had no association: the context's start or its last
     * association's end; null while one is up}
     */
    public Instant withoutAssociationSince() {
      return live.isEmpty() ? withoutAssociationSince : null;
    }
  }

  /**
   * Follows one channel: live from active to inactive; remembers the kernel's reason for its end.
   */
  private static final class Tracker extends ChannelInboundHandlerAdapter {
    private final Endpoint endpoint;
    private final EpollSctpChannel channel;
    private AssociationChange lastChange; // event loop only

    Tracker(Endpoint endpoint, EpollSctpChannel channel) {
      this.endpoint = endpoint;
      this.channel = channel;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      if (channel.isActive()) { // an accepted association is up before its pipeline is built
        endpoint.live.add(channel);
      } else if (endpoint.role == Role.CLIENT) {
        // a failed connect never fires channelInactive: the close is what ends the attempt
        endpoint.connecting.add(channel);
        channel.closeFuture().addListener(f -> endpoint.connecting.remove(channel));
      }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      endpoint.live.add(channel);
      endpoint.connecting.remove(channel);
      if (endpoint.role == Role.CLIENT) {
        LOG.info(
            "SCTP client '"
                + endpoint.name
                + "' connected to "
                + SctpServers.hostPort(channel.remoteAddress())
                + " (association "
                + associationId()
                + ")");
      }
      ctx.fireChannelActive();
    }

    /** {@return the kernel's association id (SCTP_STATUS, on the event loop), or "?"} */
    private String associationId() {
      try {
        return Long.toString(Integer.toUnsignedLong(channel.status().associationId()));
      } catch (RuntimeException e) {
        return "?"; // gone already: the disconnect line follows
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof AssociationChange change
          && change.state() != SctpNotification.AssociationState.COMMUNICATION_UP) {
        lastChange = change;
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (endpoint.live.remove(channel)) {
        Ended ended =
            lastChange == null
                ? new Ended(channel, "CLOSED", 0, Instant.now())
                : new Ended(channel, lastChange.state().name(), lastChange.error(), Instant.now());
        endpoint.lastEnded = ended;
        endpoint.withoutAssociationSince = ended.at();
        if (endpoint.role == Role.CLIENT) {
          LOG.info(
              "SCTP client '"
                  + endpoint.name
                  + "' disconnected from "
                  + SctpServers.hostPort(channel.remoteAddress())
                  + ": "
                  + ended.reason());
        }
      }
      ctx.fireChannelInactive();
    }
  }
}
