package io.reactorsctp.reactive;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.reactorsctp.channel.EpollSctpMultiChannel;
import java.net.SocketAddress;
import org.reactivestreams.Publisher;

/**
 * A one-to-many SCTP endpoint (RFC 6458 §3): one socket, many associations, each with its own
 * inbound and outbound side. Peers set associations up with it, and {@link
 * DisposableSctpEndpoint#send(SocketAddress, Publisher)} sets them up implicitly to a peer.
 * Immutable: every method returns a new endpoint. Addresses, the per-association handler and
 * binding come from {@link SctpServerTransport}, stream counts, options, event loops and
 * channel-init hooks from {@link SctpTransport}. Without a handler, associations are reached
 * through {@link DisposableSctpEndpoint#associations()}.
 *
 * <pre>{@code
 * DisposableSctpEndpoint endpoint = SctpEndpoint.create().bindAddress("0.0.0.0", 2905)
 *     .handle((in, out) -> out.send(in.receive().map(Asp::answer)))   // per association, as SctpServer's
 *     .bindNow();
 * endpoint.send(new InetSocketAddress("10.0.0.7", 2905), Flux.just(aspUp)).block();
 * }</pre>
 */
public final class SctpEndpoint
    extends SctpServerTransport<SctpEndpoint, DisposableSctpEndpoint, SctpAssociation> {

  private SctpEndpoint(SctpServerTransportConfig config) {
    super(config);
  }

  /** {@return an endpoint on the wildcard address and a kernel-chosen port, without a handler} */
  public static SctpEndpoint create() {
    return new SctpEndpoint(new SctpServerTransportConfig(null));
  }

  @Override
  SctpEndpoint duplicate() {
    return new SctpEndpoint(configuration().duplicate());
  }

  @Override
  ChannelFuture startBind(SctpServerTransportConfig config) {
    Bootstrap b =
        new Bootstrap()
            .group(config.loopResources().group())
            .channelFactory(config.channelFactory(EpollSctpMultiChannel::new))
            .handler(
                new ChannelInitializer<EpollSctpMultiChannel>() {
                  @Override
                  protected void initChannel(EpollSctpMultiChannel ch) {
                    config.initChannel(ch);
                    ch.pipeline()
                        .addLast(new EndpointDispatch(ch, config.handler(), config::connected));
                  }
                });
    SctpTransportConfig.applyAttrs(config.attrs(), b::attr);
    return b.bind(config.bindAddress());
  }

  @Override
  DisposableSctpEndpoint bound(Channel channel) {
    EpollSctpMultiChannel ch = (EpollSctpMultiChannel) channel;
    return new DisposableSctpEndpoint(ch, ch.pipeline().get(EndpointDispatch.class));
  }
}
