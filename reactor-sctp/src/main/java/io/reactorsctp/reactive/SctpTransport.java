package io.reactorsctp.reactive;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.EventExecutor;
import io.reactorsctp.channel.SctpAuthKey;
import io.reactorsctp.channel.SctpChannelOptions;
import io.reactorsctp.channel.SctpHmacAlgorithm;
import io.reactorsctp.channel.SctpInitMsg;
import io.reactorsctp.channel.SctpNativeLibrary;
import io.reactorsctp.channel.SctpReconfigRequest;
import io.reactorsctp.channel.SctpStreamScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * What {@link SctpClient}, {@link SctpServer} and {@link SctpEndpoint} share: stream counts,
 * channel options and attributes, event loops, channel-init hooks, the association observer,
 * wiretap, metrics and warm-up, each set here once. Immutable: every method returns a new transport
 * holding a changed copy of the configuration, so one configured transport can be shared and used
 * many times.
 *
 * @param <T> the concrete transport, which every method returns
 * @param <C> its configuration
 */
public abstract sealed class SctpTransport<
        T extends SctpTransport<T, C>, C extends SctpTransportConfig>
    permits SctpClient, SctpServerTransport {

  /** How long {@code connectNow()} and {@code bindNow()} wait when not told. */
  static final Duration BLOCK_TIMEOUT = Duration.ofSeconds(45);

  private final C config;

  SctpTransport(C config) {
    this.config = config;
  }

  /** {@return this transport's configuration (read-only)} */
  public final C configuration() {
    return config;
  }

  /**
   * {@return a new transport of the same kind holding a copy of this one's configuration, to
   * change}
   */
  abstract T duplicate();

  /**
   * {@return a new transport whose configuration is a copy of this one's with {@code change}
   * applied}
   */
  final T with(Consumer<? super C> change) {
    T copy = duplicate();
    change.accept(copy.configuration());
    return copy;
  }

  /**
   * Sets the stream counts asked for ({@code SCTP_INITMSG}).
   *
   * @param outbound streams asked for (offered to each peer)
   * @param maxInbound most streams accepted from the peer
   * @return a transport negotiating these stream counts
   */
  public final T streams(int outbound, int maxInbound) {
    return option(SctpChannelOptions.SCTP_INITMSG, new SctpInitMsg(outbound, maxInbound, 0, 0));
  }

  /**
   * Enables stream reconfiguration (RFC 6525): announces RECONFIG and accepts and sends the given
   * requests ({@link SctpChannelOptions#SCTP_ENABLE_STREAM_RESET}), on the associations this
   * transport sets up. The peer must enable them too. Then {@link SctpAssociation#resetStreams},
   * {@link SctpAssociation#resetAssociation} and {@link SctpAssociation#addStreams}.
   *
   * @param requests the requests to allow; none: stream reconfiguration off
   * @return a transport enabling them
   */
  public final T streamReconfiguration(SctpReconfigRequest... requests) {
    java.util.Set<SctpReconfigRequest> set = java.util.EnumSet.noneOf(SctpReconfigRequest.class);
    for (SctpReconfigRequest r : requests) {
      set.add(Objects.requireNonNull(r, "requests"));
    }
    return option(SctpChannelOptions.SCTP_ENABLE_STREAM_RESET, set);
  }

  /**
   * SCTP over UDP (RFC 6951): sends the associations this transport sets up inside UDP, to the
   * peer's encapsulation port ({@link SctpChannelOptions#SCTP_REMOTE_UDP_ENCAPS_PORT}; 9899, the
   * IANA port, for a Linux peer). For a client, or an endpoint that connects: a server needs no
   * port, since Linux answers over UDP to the port a peer's packets come from. Both hosts need the
   * sysctl {@code net.sctp.udp_port} set (e.g. to 9899) before their sockets are opened.
   *
   * @param port the peer's UDP encapsulation port, 1-65535; 0: plain SCTP
   * @return a transport encapsulating its associations
   */
  public final T udpEncapsulation(int port) {
    return option(SctpChannelOptions.SCTP_REMOTE_UDP_ENCAPS_PORT, port);
  }

  /**
   * Enables dynamic addresses (ASCONF, RFC 5061) on the associations this transport sets up ({@link
   * SctpChannelOptions#SCTP_ASCONF_SUPPORTED}, which enables SCTP-AUTH too, as RFC 5061 requires).
   * The peer must enable them too. Then {@link SctpAssociation#addLocalAddress}, {@link
   * SctpAssociation#removeLocalAddress} and {@link SctpAssociation#requestPeerPrimary}.
   *
   * @param enabled whether to announce and accept ASCONF
   * @return a transport enabling them
   */
  public final T dynamicAddresses(boolean enabled) {
    return option(SctpChannelOptions.SCTP_ASCONF_SUPPORTED, enabled);
  }

  /**
   * Chooses the stream scheduler (RFC 8260; {@link SctpChannelOptions#SCTP_STREAM_SCHEDULER}) of
   * the associations this transport sets up. Per-stream values (priorities) are set on the
   * association once it is up: {@link SctpAssociation#streamSchedulerValue}.
   *
   * @param scheduler the scheduler
   * @return a transport using it
   */
  public final T streamScheduler(SctpStreamScheduler scheduler) {
    return option(
        SctpChannelOptions.SCTP_STREAM_SCHEDULER, Objects.requireNonNull(scheduler, "scheduler"));
  }

  /**
   * Announces I-DATA (RFC 8260; {@link SctpChannelOptions#SCTP_INTERLEAVING_SUPPORTED}, with
   * fragment interleave 2) on the associations this transport sets up: used when the peer announces
   * it too. Linux allows it only while the sysctl {@code net.sctp.intl_enable} is 1.
   *
   * @param interleaving whether to announce I-DATA
   * @return a transport announcing it, or not
   */
  public final T interleaving(boolean interleaving) {
    return option(SctpChannelOptions.SCTP_INTERLEAVING_SUPPORTED, interleaving);
  }

  /**
   * Sets a channel option. A client sets it on its channel, an endpoint on its socket, a server on
   * the listening socket (inherited by accepted associations) and on each association. {@code
   * AUTO_READ} is not applied: reading follows the subscribers' demand. A value the channel or the
   * kernel refuses, or an option an SCTP channel does not have, fails {@code connect()} or {@code
   * bind()} with the typed error naming the option; on an accepted association it closes that
   * association (logged), and the server keeps accepting.
   *
   * @param <V> the option's value type
   * @param option a Netty or {@link SctpChannelOptions} option
   * @param value its value
   * @return a transport setting it, in place of any value given before
   */
  public final <V> T option(ChannelOption<V> option, V value) {
    Objects.requireNonNull(option, "option");
    Objects.requireNonNull(value, "value");
    return with(c -> c.addOption(option, value));
  }

  /**
   * Enables SCTP-AUTH (RFC 4895) with one shared key: the peer must authenticate {@code chunkTypes}
   * (e.g. {@code List.of(0)}, DATA), HMAC-SHA-256 is offered first (SHA-1 second, as RFC 4895
   * requires), and {@code key} is the endpoint's active key, which every association starts with.
   * Sets {@link SctpChannelOptions#SCTP_HMAC_IDENT}, {@link SctpChannelOptions#SCTP_AUTH_CHUNKS}
   * and {@link SctpChannelOptions#SCTP_AUTH_KEY}; further keys and rotation go through {@link
   * SctpAssociation#addAuthKey}. The transport keeps the key (its {@code toString} shows the id and
   * length only) to set it on every socket it opens.
   *
   * @param key the shared key; both ends need the same id and bytes
   * @param chunkTypes chunk types the peer must authenticate
   * @return a transport setting up authenticated associations
   */
  public final T auth(SctpAuthKey key, List<Integer> chunkTypes) {
    Objects.requireNonNull(key, "key");
    List<Integer> types = List.copyOf(chunkTypes);
    return with(
        c -> {
          c.addOption(
              SctpChannelOptions.SCTP_HMAC_IDENT,
              List.of(SctpHmacAlgorithm.SHA256, SctpHmacAlgorithm.SHA1));
          c.addOption(SctpChannelOptions.SCTP_AUTH_CHUNKS, types);
          c.addOption(SctpChannelOptions.SCTP_AUTH_KEY, key);
        });
  }

  /**
   * Sets the event loops to run on.
   *
   * @param resources the event loops to run on
   * @return a transport using them
   */
  public final T runOn(SctpLoopResources resources) {
    Objects.requireNonNull(resources, "resources");
    return with(c -> c.loopResources = resources);
  }

  /**
   * Runs {@code init} on each new channel, on its event loop: the place to add pipeline handlers,
   * e.g. {@code io.reactorsctp.metrics.SctpMetrics}. A client's channel (an {@code
   * EpollSctpChannel}) gets it once registered and before the association is set up; each
   * association a server accepts (an {@code EpollSctpChannel}), before the handler sees it; an
   * endpoint's channel (an {@code EpollSctpMultiChannel}), before it is bound. Hooks compose in the
   * order given.
   *
   * @param init what to do with the channel
   * @return a transport running it after the hooks already given
   */
  public final T doOnChannelInit(Consumer<? super Channel> init) {
    Objects.requireNonNull(init, "init");
    return with(c -> c.addChannelInit(init));
  }

  /**
   * Sets an attribute on the channel: a client's, an endpoint's, a server's listening channel (for
   * each association a server accepts, see {@link SctpServer#childAttr}).
   *
   * @param <V> the attribute's value type
   * @param key the attribute
   * @param value its value; null removes an attribute set before
   * @return a transport setting it, in place of any value given before
   */
  public final <V> T attr(AttributeKey<V> key, V value) {
    Objects.requireNonNull(key, "key");
    return with(c -> c.attrs = SctpTransportConfig.withAttr(c.attrs, key, value));
  }

  /**
   * Tells {@code observer} of each association's state changes (reactor-netty's {@code
   * observe(ConnectionObserver)}): a client's association, each one a server accepts, each one an
   * endpoint has. It hears {@link SctpConnectionObserver.State#CONNECTED} on the association's
   * event loop before any handler reads from it, and {@link
   * SctpConnectionObserver.State#DISCONNECTED} when it ends.
   *
   * @param observer what to tell; it must not block
   * @return a transport telling it after the observers already given
   */
  public final T observe(SctpConnectionObserver observer) {
    Objects.requireNonNull(observer, "observer");
    return with(c -> c.observer = c.observer.then(observer));
  }

  /**
   * Logs every message read and written, at DEBUG on the logger named after this builder's class
   * (e.g. {@code io.reactorsctp.reactive.SctpClient}), with a hex dump of each payload: as
   * reactor-netty's {@code wiretap(true)}. See {@link #wiretap(String, boolean)}.
   *
   * @param enable whether to log
   * @return a transport logging, or not
   */
  public final T wiretap(boolean enable) {
    return enable ? wiretap(getClass().getName(), true) : with(c -> c.wiretap = null);
  }

  /**
   * Logs, at DEBUG on the logger {@code category} (Netty's logging: SLF4J when on the class path,
   * else Log4j 2 or {@code java.util.logging}), the channel (addresses) and direction of every
   * message with each SCTP field (association, stream, SSN, ppid, context, unordered, TSN, PR-SCTP,
   * EOF/ABORT), each notification, each channel becoming active and inactive, and optionally the
   * payload as a hex dump. The handler sits first in each pipeline (a server: each association's);
   * with DEBUG off it costs one level check per message.
   *
   * @param category the logger's name
   * @param hexDump also dump each payload in hex
   * @return a transport logging
   */
  public final T wiretap(String category, boolean hexDump) {
    Objects.requireNonNull(category, "category");
    SctpWiretap wiretap = new SctpWiretap(category, hexDump);
    return with(c -> c.wiretap = wiretap);
  }

  /**
   * Turns Micrometer meters on or off for each channel, named after this builder ({@code
   * sctp.endpoint} tag {@code SctpClient}, {@code SctpServer} or {@code SctpEndpoint}). See {@link
   * #metrics(boolean, String)}.
   *
   * @param enable whether to record meters
   * @return a transport recording them, or not
   * @throws IllegalStateException when enabling without Micrometer on the class path
   */
  public final T metrics(boolean enable) {
    return metrics(enable, getClass().getSimpleName());
  }

  /**
   * Turns Micrometer meters on or off for each channel (reactor-netty's {@code metrics(true)}): an
   * {@code io.reactorsctp.metrics.SctpMetrics} binder with its defaults on Micrometer's global
   * registry, found through the {@link SctpMetricsProvider} service since this layer does not name
   * the metrics layer. For another registry or other settings, give {@link #doOnChannelInit} a
   * binder of your own, {@code SctpMetrics.binder(registry, name)}. The meters are set up before
   * the channel hooks run.
   *
   * @param enable whether to record meters
   * @param endpointName the {@code sctp.endpoint} tag of every meter (one name per transport)
   * @return a transport recording them, or not
   * @throws IllegalStateException when enabling without Micrometer on the class path
   */
  public final T metrics(boolean enable, String endpointName) {
    Objects.requireNonNull(endpointName, "endpointName");
    Consumer<Channel> binder = enable ? MetricsProviders.binder(endpointName) : null;
    return with(c -> c.metrics = binder);
  }

  /**
   * Prepares what the first connect or bind would otherwise pay for (reactor-netty's {@code
   * warmup()}): loads Netty's epoll library and the FFM bindings to the kernel, creates the event
   * loops and starts each of their threads. Needs no SCTP in the kernel.
   *
   * @return completes once every event loop has run a task; errors when the epoll library cannot
   *     load
   */
  public final Mono<Void> warmup() {
    return Mono.defer(
        () -> {
          SctpNativeLibrary.load();
          EventLoopGroup group = configuration().loopResources().group();
          List<Mono<Void>> started = new ArrayList<>();
          for (EventExecutor loop : group) {
            started.add(
                Mono.create(
                    sink ->
                        loop.submit(() -> {})
                            .addListener(
                                f -> {
                                  if (f.isSuccess()) {
                                    sink.success();
                                  } else {
                                    sink.error(f.cause());
                                  }
                                })));
          }
          return Mono.when(started);
        });
  }

  /**
   * The one bridge from a Netty channel future to a {@link Mono}: opens a channel when subscribed
   * and emits what {@code opened} makes of it. Cancelling closes the channel being opened, so a
   * cancelled connect or bind leaves no socket behind, whether it was still opening or had just
   * opened.
   *
   * @param opening starts opening the channel (a bootstrap's {@code connect} or {@code bind})
   * @param opened makes the result from the open channel, on its event loop
   */
  static <R> Mono<R> open(
      Supplier<ChannelFuture> opening, Function<? super Channel, ? extends R> opened) {
    return Mono.create(
        sink -> {
          ChannelFuture future = opening.get();
          future.addListener(
              done -> {
                Channel channel = future.channel();
                if (!done.isSuccess()) {
                  // Also in a task of its own when the channel has a loop: the pipeline's listeners
                  // on the same promise (a metrics handler recording the failed set-up) run first.
                  if (channel.isRegistered() && !channel.eventLoop().isShuttingDown()) {
                    try {
                      channel.eventLoop().execute(() -> sink.error(done.cause()));
                      return;
                    } catch (java.util.concurrent.RejectedExecutionException stopping) {
                      // the loop stopped meanwhile: fail here
                    }
                  }
                  sink.error(done.cause());
                  return;
                }
                // Made on the channel's event loop, in a task of its own: after Netty has finished
                // completing the open. A hook that throws there fails the Mono and closes the
                // channel.
                channel
                    .eventLoop()
                    .execute(
                        () -> {
                          R result;
                          try {
                            result = opened.apply(channel);
                          } catch (RuntimeException e) {
                            channel.close();
                            sink.error(e);
                            return;
                          }
                          sink.success(result);
                        });
              });
          sink.onCancel(
              () -> {
                future.cancel(false);
                future.channel().close();
              });
        });
  }
}
