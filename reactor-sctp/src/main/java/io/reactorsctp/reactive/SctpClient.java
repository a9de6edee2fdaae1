package io.reactorsctp.reactive;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.MultiHomedAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Sets up one-to-one SCTP associations. Immutable: every method returns a new client, so one
 * configured client can be shared and connected many times. Stream counts, options, event loops and
 * channel-init hooks are set through the methods of {@link SctpTransport}.
 *
 * <pre>{@code
 * SctpConnection c = SctpClient.create().remoteAddress(new InetSocketAddress("10.0.0.1", 3868)).streams(10, 10)
 *     .connectNow();
 * }</pre>
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
          Bootstrap b =
              new Bootstrap()
                  .group(config.loopResources().group())
                  .channel(EpollSctpChannel.class)
                  .handler(
                      new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                          config.channelInit().accept(ch);
                        }
                      })
                  // Nothing is read before the connection's inbound side asks for it: no message
                  // can be lost meanwhile.
                  .option(ChannelOption.AUTO_READ, false);
          config.applyOptions(b::option);
          SocketAddress local = config.bindAddress();
          return SctpTransport.<SctpConnection>open(
              () -> local == null ? b.connect(remote) : b.connect(remote, local),
              channel -> new ChannelConnection((EpollSctpChannel) channel));
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
