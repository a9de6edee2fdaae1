package io.reactorsctp.reactive;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.util.AttributeKey;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.EpollSctpServerChannel;
import io.reactorsctp.channel.SctpChannelOptions;
import java.util.Objects;
import java.util.Set;
import reactor.core.publisher.Flux;

/**
 * Accepts one-to-one SCTP associations and runs a handler for each. Immutable: every method returns
 * a new server. When the handler's publisher terminates, the association is shut down gracefully.
 * Addresses, handler and binding come from {@link SctpServerTransport}, stream counts, options,
 * event loops and channel-init hooks from {@link SctpTransport}.
 *
 * <pre>{@code
 * DisposableSctpServer server = SctpServer.create().port(3868)
 *     .handle((in, out) -> out.send(in.receive().map(Echo::reply)))
 *     .bindNow();
 * }</pre>
 */
public final class SctpServer
    extends SctpServerTransport<SctpServer, DisposableSctpServer, SctpConnection> {

  private static final InternalLogger LOG = InternalLoggerFactory.getInstance(SctpServer.class);

  /** AUTH's endpoint settings: set on the listening socket only (see optionsTaken). */
  private static final Set<ChannelOption<?>> ENDPOINT_ONLY =
      Set.of(
          SctpChannelOptions.SCTP_AUTH_SUPPORTED,
          SctpChannelOptions.SCTP_HMAC_IDENT,
          SctpChannelOptions.SCTP_AUTH_CHUNKS);

  private SctpServer(SctpServerTransportConfig config) {
    super(config);
  }

  /**
   * {@return a server on the wildcard address, a kernel-chosen port, and a handler that only reads}
   */
  public static SctpServer create() {
    return new SctpServer(new SctpServerTransportConfig((in, out) -> in.receive().then()));
  }

  @Override
  SctpServer duplicate() {
    return new SctpServer(configuration().duplicate());
  }

  /**
   * Sets an attribute on each association accepted (reactor-netty's {@code childAttr}); {@link
   * #attr} sets one on the listening channel.
   *
   * @param <V> the attribute's value type
   * @param key the attribute
   * @param value its value; null removes an attribute set before
   * @return a server setting it, in place of any value given before
   */
  public <V> SctpServer childAttr(AttributeKey<V> key, V value) {
    Objects.requireNonNull(key, "key");
    return with(c -> c.childAttrs = SctpTransportConfig.withAttr(c.childAttrs, key, value));
  }

  @Override
  ChannelFuture startBind(SctpServerTransportConfig config) {
    ServerBootstrap b =
        new ServerBootstrap()
            .group(config.loopResources().group())
            .channelFactory(config.channelFactory(EpollSctpServerChannel::new))
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    if (!optionsTaken(config, ch)) {
                      return;
                    }
                    config.initChannel(ch);
                    ChannelConnection connection = new ChannelConnection((EpollSctpChannel) ch);
                    config.connected(connection);
                    Flux.from(config.handler().apply(connection, connection))
                        .doFinally(signal -> connection.dispose())
                        .subscribe(
                            null,
                            error ->
                                HandlerFailures.log(
                                    LOG, connection, "the association is closed", error));
                  }
                });
    SctpTransportConfig.applyAttrs(config.attrs(), b::attr);
    SctpTransportConfig.applyAttrs(config.childAttrs(), b::childAttr);
    return b.bind(config.bindAddress());
  }

  /**
   * Sets the options again on an accepted association, on its event loop before anything is read,
   * but for those only an endpoint has, which the association negotiated in its handshake from the
   * listening socket's (Linux refuses them on an accepted socket, EACCES). One the association
   * refuses (e.g. the AUTH key, EACCES, when the peer has no SCTP-AUTH, so the association would
   * run unauthenticated) closes that association before its handler or any observer sees it, and is
   * logged as a handler's failure is; the server keeps accepting, since the next peer may well take
   * the option.
   *
   * @return whether every option was taken
   */
  private static boolean optionsTaken(SctpServerTransportConfig config, Channel ch) {
    try {
      config.applyOptions(ch, ENDPOINT_ONLY);
      return true;
    } catch (RuntimeException refused) {
      LOG.warn(
          "{} refused an option; the association is closed: {}", ch, refused.getMessage(), refused);
      ch.close();
      return false;
    }
  }

  @Override
  DisposableSctpServer bound(Channel channel) {
    return new DisposableSctpServer((EpollSctpServerChannel) channel);
  }
}
