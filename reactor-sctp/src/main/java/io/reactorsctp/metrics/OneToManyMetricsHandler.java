package io.reactorsctp.metrics;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.collection.IntObjectHashMap;
import io.reactorsctp.channel.EpollSctpMultiChannel;
import io.reactorsctp.channel.MultiHomedAddress;
import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpNotification;
import io.reactorsctp.channel.SctpOutboundMessage;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts the traffic of each association of an {@link EpollSctpMultiChannel}: meters are created when an
 * association comes up (or is first seen: a message or notification naming it, a message sent to its peer) and
 * removed when its end is notified and when the channel closes. What belongs to no association (EAGAIN,
 * writability and the outbound queue are the socket's; failures of messages naming no live association) goes to
 * the endpoint-wide meters tagged {@code sctp.association.id=none}. Event loop only.
 */
final class OneToManyMetricsHandler extends ChannelDuplexHandler {
  private final SctpMetrics binder;
  private final EpollSctpMultiChannel channel;
  private final IntObjectHashMap<AssociationMeters> associations = new IntObjectHashMap<>();
  /** Peer addresses of messages sent with {@code peer(..)}, resolved to their association once. */
  private final Map<SocketAddress, AssociationMeters> byPeer = new HashMap<>();
  private AssociationMeters endpointWide;
  private boolean closed;

  OneToManyMetricsHandler(SctpMetrics binder, EpollSctpMultiChannel channel) {
    this.binder = binder;
    this.channel = channel;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    endpointWide = new AssociationMeters(binder, channel, AssociationMeters.NONE, AssociationMeters.NONE, true, -1);
  }

  /** {@return the meters of association {@code id}, created at first sight; the endpoint's when it is not live} */
  private AssociationMeters association(int id) {
    if (id == 0 || closed) {
      return endpointWide;
    }
    AssociationMeters m = associations.get(id);
    if (m == null) {
      InetSocketAddress peer;
      try {
        peer = channel.status(id).primaryAddress();
      } catch (RuntimeException e) {
        return endpointWide; // never set up, or already ended
      }
      m = new AssociationMeters(binder, channel, Integer.toString(id), AssociationMeters.tagValue(peer), false, id);
      associations.put(id, m);
    }
    return m;
  }

  /** {@return the meters of the association with this peer (the kernel knows it by address)} */
  private AssociationMeters associationOf(SocketAddress peer) {
    AssociationMeters m = byPeer.get(peer);
    if (m != null) {
      return m;
    }
    InetSocketAddress address = peer instanceof MultiHomedAddress multi ? multi.first() : (InetSocketAddress) peer;
    int id;
    try {
      id = channel.peerAddressInfo(0, address).associationId();
    } catch (RuntimeException e) {
      return endpointWide;
    }
    m = association(id);
    if (m != endpointWide) {
      byPeer.put(peer, m);
      m.peerKeys.add(peer);
    }
    return m;
  }

  private void ended(int id) {
    AssociationMeters m = associations.remove(id);
    if (m != null) {
      m.peerKeys.forEach(byPeer::remove);
      m.close();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof SctpInboundMessage m) {
      association(m.associationId()).received(m.streamId(), m.content().readableBytes());
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    int bytes = Outbound.bytes(msg);
    if (bytes < 0) {
      ctx.write(msg, promise);
      return;
    }
    int stream = Outbound.stream(msg);
    int id = msg instanceof SctpOutboundMessage m ? m.associationId() : 0;
    SocketAddress peer = msg instanceof SctpOutboundMessage m && id == 0 ? m.peer() : null;
    boolean all = msg instanceof SctpOutboundMessage m && m.isSendAll();
    ChannelPromise p = promise.unvoid();
    p.addListener((ChannelFutureListener) f -> {
      if (all && f.isSuccess()) {
        // SENDALL: a copy went on every association.
        List<AssociationMeters> live = new ArrayList<>(associations.values());
        live.forEach(m -> m.sent(stream, bytes));
        return;
      }
      AssociationMeters m = id != 0 ? association(id) : peer != null ? associationOf(peer) : endpointWide;
      if (f.isSuccess()) {
        m.sent(stream, bytes);
      } else {
        m.sendFailed(f.cause());
      }
    });
    ctx.write(msg, p);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof SctpNotification n) {
      if (n instanceof SctpNotification.AssociationChange change) {
        switch (change.state()) {
          case COMMUNICATION_UP, RESTART -> association(change.associationId()).notified(n);
          case SHUTDOWN_COMPLETE, COMMUNICATION_LOST, CANNOT_START_ASSOCIATION -> {
            AssociationMeters m = associations.get(change.associationId());
            (m != null ? m : endpointWide).notified(n);
            ended(change.associationId());
          }
        }
      } else {
        association(n.associationId()).notified(n);
      }
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    endpointWide.writabilityChanged(channel.isWritable());
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closeAll();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    closeAll();
  }

  private void closeAll() {
    closed = true;
    for (AssociationMeters m : associations.values()) {
      m.close();
    }
    associations.clear();
    byPeer.clear();
    if (endpointWide != null) {
      endpointWide.close();
    }
  }
}
