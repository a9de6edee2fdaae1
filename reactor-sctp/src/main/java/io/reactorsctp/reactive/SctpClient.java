package io.reactorsctp.reactive;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.MultiHomedAddress;
import io.reactorsctp.reactive.SctpConnectionObserver.State;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Sets up one-to-one SCTP associations. Immutable: every method returns a new client, so one
 * configured client can be shared and connected many times. Stream counts, options, event loops and
 * channel-init hooks are set through the methods of {@link SctpTransport}.
 *
 * <pre>{@code
 * SctpConnection c = SctpClient.create().host("10.0.0.1").port(3868).streams(10, 10).connectNow();
 * }</pre>
 *
 * <p>The peer is one setting, {@code remoteAddress}: {@link #host(String)} and {@link #port(int)}
 * change one part of it, {@link #remoteAddress(InetSocketAddress)} and {@link
 * #remoteAddresses(List)} replace it.
 */
public final class SctpClient extends SctpTransport<SctpClient, SctpClientConfig> {

  private SctpClient(SctpClientConfig config) {
    super(config);
  }

  /** {@return a client with no peer yet, on the default loop resources} */
  public static SctpClient create() {
    return new SctpClient(new SctpClientConfig());
  }

  @Override
  SctpClient duplicate() {
    return new SctpClient(configuration().duplicate());
  }

  /**
   * Sets the peer to connect to.
   *
   * @param address the peer
   * @return a client connecting there
   */
  public SctpClient remoteAddress(InetSocketAddress address) {
    Objects.requireNonNull(address, "remoteAddress");
    return with(c -> c.remoteAddress = address);
  }

  /**
   * Sets the peer's host, keeping the port set before (reactor-netty's {@code host}). A name is
   * resolved at each connect, off the event loops.
   *
   * @param host a name or address literal
   * @return a client connecting there
   */
  public SctpClient host(String host) {
    Objects.requireNonNull(host, "host");
    return with(
        c ->
            c.remoteAddress =
                InetSocketAddress.createUnresolved(
                    host,
                    c.remoteAddress instanceof InetSocketAddress inet
                        ? inet.getPort()
                        : c.remoteAddress instanceof MultiHomedAddress multi
                            ? multi.addresses().getFirst().getPort()
                            : 0));
  }

  /**
   * Sets the peer's port, keeping the host set before ({@code localhost} when none; each address of
   * a multi-homed peer).
   *
   * @param port the peer's port, 1 to 65535
   * @return a client connecting there
   */
  public SctpClient port(int port) {
    if (port < 1 || port > 0xFFFF) {
      throw new IllegalArgumentException("port: " + port + " is not in 1..65535");
    }
    return with(
        c ->
            c.remoteAddress =
                switch (c.remoteAddress) {
                  case MultiHomedAddress multi ->
                      MultiHomedAddress.of(
                          multi.addresses().stream()
                              .map(a -> new InetSocketAddress(a.getAddress(), port))
                              .toList());
                  case InetSocketAddress inet when inet.isUnresolved() ->
                      InetSocketAddress.createUnresolved(inet.getHostString(), port);
                  case InetSocketAddress inet -> new InetSocketAddress(inet.getAddress(), port);
                  case null, default -> InetSocketAddress.createUnresolved("localhost", port);
                });
  }

  /**
   * Sets the addresses of a multi-homed peer.
   *
   * @param addresses the addresses of a multi-homed peer; the association is set up with all of
   *     them (connectx)
   * @return a client connecting there
   */
  public SctpClient remoteAddresses(List<InetSocketAddress> addresses) {
    MultiHomedAddress multi = MultiHomedAddress.of(addresses);
    return with(c -> c.remoteAddress = multi);
  }

  /**
   * Sets the local address to bind before connecting.
   *
   * @param address the local address to bind before connecting
   * @return a client binding there
   */
  public SctpClient localAddress(InetSocketAddress address) {
    Objects.requireNonNull(address, "localAddress");
    return with(c -> c.bindAddress = address);
  }

  /**
   * Sets local addresses to bind.
   *
   * @param addresses local addresses to bind (multi-homing): the first is bound, the rest added
   *     with bindx
   * @return a client binding them
   */
  public SctpClient localAddresses(List<InetSocketAddress> addresses) {
    MultiHomedAddress multi = MultiHomedAddress.of(addresses);
    return with(c -> c.bindAddress = multi);
  }

  /**
   * Runs {@code hook} each time a connect starts, before the channel is opened (reactor-netty's
   * {@code doOnConnect}).
   *
   * @param hook receives the configuration connecting
   * @return a client running it after the hooks already given
   */
  public SctpClient doOnConnect(Consumer<? super SctpClientConfig> hook) {
    Objects.requireNonNull(hook, "hook");
    return with(
        c -> {
          Consumer<? super SctpClientConfig> first = c.doOnConnect;
          c.doOnConnect =
              config -> {
                first.accept(config);
                hook.accept(config);
              };
        });
  }

  /**
   * Runs {@code hook} once the association is up, on its event loop, before {@link #connect()}
   * emits it (reactor-netty's {@code doOnConnected}); an observer of {@link State#CONNECTED}.
   *
   * @param hook receives the connection; it must not block
   * @return a client running it after the observers already given
   */
  public SctpClient doOnConnected(Consumer<? super SctpConnection> hook) {
    Objects.requireNonNull(hook, "hook");
    return observe(
        (association, state) -> {
          if (state == State.CONNECTED) {
            hook.accept((SctpConnection) association);
          }
        });
  }

  /**
   * Runs {@code hook} when the association has ended, for whatever reason (reactor-netty's {@code
   * doOnDisconnected}); an observer of {@link State#DISCONNECTED}.
   *
   * @param hook receives the connection; it must not block
   * @return a client running it after the observers already given
   */
  public SctpClient doOnDisconnected(Consumer<? super SctpConnection> hook) {
    Objects.requireNonNull(hook, "hook");
    return observe(
        (association, state) -> {
          if (state == State.DISCONNECTED) {
            hook.accept((SctpConnection) association);
          }
        });
  }

  /**
   * {@return a Mono that sets up an association when subscribed; cancelling it closes the channel
   * being opened}
   */
  public Mono<SctpConnection> connect() {
    return Mono.defer(
        () -> {
          SctpClientConfig config = configuration();
          SocketAddress remote = config.remoteAddress();
          if (remote == null) {
            return Mono.error(new IllegalStateException("remoteAddress: not set"));
          }
          if (remote instanceof InetSocketAddress inet && inet.getPort() == 0) {
            return Mono.error(new IllegalStateException("remoteAddress: no port (port(int))"));
          }
          config.doOnConnect.accept(config);
          Mono<SocketAddress> resolved =
              remote instanceof InetSocketAddress inet && inet.isUnresolved()
                  ? Mono.<SocketAddress>fromCallable(
                          () ->
                              new InetSocketAddress(
                                  InetAddress.getByName(inet.getHostString()), inet.getPort()))
                      .subscribeOn(Schedulers.boundedElastic())
                  : Mono.just(remote);
          return resolved.flatMap(address -> openChannel(config, address));
        });
  }

  private static Mono<SctpConnection> openChannel(SctpClientConfig config, SocketAddress remote) {
    Bootstrap b =
        new Bootstrap()
            .group(config.loopResources().group())
            .channelFactory(config.channelFactory(EpollSctpChannel::new))
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    config.initChannel(ch);
                  }
                })
            // Nothing is read before the connection's inbound side asks for it: no message can be
            // lost meanwhile.
            .option(ChannelOption.AUTO_READ, false);
    SctpTransportConfig.applyAttrs(config.attrs(), b::attr);
    SocketAddress local = config.bindAddress();
    return SctpTransport.open(
        () -> local == null ? b.connect(remote) : b.connect(remote, local),
        channel -> {
          ChannelConnection connection = new ChannelConnection((EpollSctpChannel) channel);
          config.connected(connection);
          return connection;
        });
  }

  /** {@return an established association, blocking up to 45 s (for scripts and tests)} */
  public SctpConnection connectNow() {
    return connectNow(BLOCK_TIMEOUT);
  }

  /**
   * Connects, blocking.
   *
   * @param timeout how long to wait
   * @return an established association
   */
  public SctpConnection connectNow(Duration timeout) {
    return connect().block(timeout);
  }
}
