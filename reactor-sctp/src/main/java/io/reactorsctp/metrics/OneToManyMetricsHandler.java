package io.reactorsctp.metrics;

import io.micrometer.observation.Observation;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.collection.IntObjectHashMap;
import io.reactorsctp.channel.EpollSctpMultiChannel;
import io.reactorsctp.channel.MultiHomedAddress;
import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpNotification;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.channel.SctpWriteListener;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts the traffic of each association of an {@link EpollSctpMultiChannel}: meters are created
 * when an association comes up (or is first seen: a message or notification naming it, a message
 * sent to its peer) and removed when its end is notified and when the channel closes. What belongs
 * to no association (EAGAIN, writability and the outbound queue are the socket's; failures of
 * messages naming no live association) goes to the endpoint-wide meters tagged {@code
 * sctp.association.id=none}.
 *
 * <p>Set-up observations: a message to a peer the kernel has no association with sets one up,
 * observed as a {@code connect} from that write until {@code COMMUNICATION_UP} (success) or the
 * association's end, usually {@code CANNOT_START_ASSOCIATION} (error); any other association that
 * comes up was started by its peer and is observed as an {@code accept}. Event loop only.
 */
final class OneToManyMetricsHandler extends ChannelDuplexHandler implements SctpWriteListener {
  private final SctpMetrics binder;
  private final EpollSctpMultiChannel channel;
  private final IntObjectHashMap<AssociationMeters> associations = new IntObjectHashMap<>();

  /** Peer addresses of messages sent with {@code peer(..)}, resolved to their association once. */
  private final Map<SocketAddress, AssociationMeters> byPeer = new HashMap<>();

  /** Associations this endpoint is setting up, by the peer its first message named. */
  private final Map<SocketAddress, SetUp> setUps = new HashMap<>();

  private AssociationMeters endpointWide;
  private boolean closed;

  OneToManyMetricsHandler(SctpMetrics binder, EpollSctpMultiChannel channel) {
    this.binder = binder;
    this.channel = channel;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel.addWriteListener(this);
    endpointWide =
        new AssociationMeters(
            binder, channel, AssociationMeters.NONE, AssociationMeters.NONE, true, -1);
  }

  /**
   * {@return the meters of association {@code id}, created at first sight; the endpoint's when it
   * is not live}
   */
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
      m =
          new AssociationMeters(
              binder, channel, Integer.toString(id), binder.peerTag.value(peer), false, id);
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
    InetSocketAddress address =
        peer instanceof MultiHomedAddress multi ? multi.first() : (InetSocketAddress) peer;
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

  /**
   * A message to a peer the kernel has no association with starts a set-up, observed from this
   * write.
   */
  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof SctpOutboundMessage m
        && m.associationId() == 0
        && m.peer() != null
        && !m.isSendAll()) {
      implicitSetUp(m.peer());
    }
    ctx.write(msg, promise);
  }

  /**
   * Counts each message the channel reports taken by the kernel or failed, whatever promise it was
   * written with.
   */
  @Override
  public void written(SctpOutboundMessage msg, Throwable failure) {
    int stream = msg.streamId();
    int bytes = msg.content().readableBytes();
    if (msg.isSendAll() && failure == null) {
      // SENDALL: a copy went on every association.
      List<AssociationMeters> live = new ArrayList<>(associations.values());
      live.forEach(m -> m.sent(stream, bytes));
      return;
    }
    int id = msg.associationId();
    SocketAddress peer = id == 0 ? msg.peer() : null;
    SetUp setUp = peer != null && !msg.isSendAll() ? setUps.get(peer) : null;
    if (setUp != null && !setUp.sent) {
      // The message that started the set-up: the first to its peer the channel reports.
      firstMessageSent(setUp, failure);
    }
    AssociationMeters m =
        id != 0 ? association(id) : peer != null ? associationOf(peer) : endpointWide;
    if (failure != null) {
      m.sendFailed(failure);
    } else if (m == endpointWide && peer != null && (setUp = setUps.get(peer)) != null) {
      setUp.hold(stream, bytes); // its association has no id before it is up
    } else {
      m.sent(stream, bytes);
    }
  }

  /**
   * An association this endpoint sets up with a message to a new peer: observed as a {@code
   * connect} from that message's write until COMMUNICATION_UP or the association's end. Until it is
   * up the kernel gives the association no id (0 in COOKIE-WAIT, also in its
   * CANNOT_START_ASSOCIATION), so it is known by its peer, and the messages the kernel takes for it
   * meanwhile are counted once it has an id.
   */
  private final class SetUp {
    final SocketAddress peer;
    final Observation observation;

    /** Whether the kernel has taken the first message, i.e. has the association. */
    boolean sent;

    private int[] heldStreams = new int[0];
    private int[] heldBytes = new int[0];
    private int held;

    SetUp(SocketAddress peer) {
      this.peer = peer;
      this.observation = Observations.setup(binder, Observations.CONNECT, peer);
    }

    void hold(int stream, int bytes) {
      if (held == heldStreams.length) {
        heldStreams = java.util.Arrays.copyOf(heldStreams, Math.max(4, 2 * held));
        heldBytes = java.util.Arrays.copyOf(heldBytes, heldStreams.length);
      }
      heldStreams[held] = stream;
      heldBytes[held] = bytes;
      held++;
    }

    /** Stops the observation; what the kernel took meanwhile counts on {@code m}. */
    void ended(AssociationMeters m, Throwable cause) {
      Observations.outcome(observation, cause);
      for (int i = 0; i < held; i++) {
        m.sent(heldStreams[i], heldBytes[i]);
      }
      held = 0;
    }
  }

  /**
   * {@return the set-up this message to {@code peer} starts, or null: there is one, or an
   * association already}
   */
  private SetUp implicitSetUp(SocketAddress peer) {
    if (closed || byPeer.containsKey(peer) || setUps.containsKey(peer) || kernelKnows(peer)) {
      return null;
    }
    SetUp setUp = new SetUp(peer);
    setUps.put(peer, setUp);
    return setUp;
  }

  /** {@return whether the kernel has an association with {@code peer}, in any state} */
  private boolean kernelKnows(SocketAddress peer) {
    return kernelAssociationId(peer) >= 0;
  }

  /**
   * {@return the id of the kernel's association with {@code peer} (0 until it is up), or -1 for
   * none}
   */
  private int kernelAssociationId(SocketAddress peer) {
    InetSocketAddress address =
        peer instanceof MultiHomedAddress multi ? multi.first() : (InetSocketAddress) peer;
    try {
      return channel.peerAddressInfo(0, address).associationId();
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /**
   * The message that started {@code setUp} was taken by the kernel, or failed. Taken, the
   * association is in COOKIE-WAIT (or up already, over loopback): its COMMUNICATION_UP or end is
   * read from the socket after this.
   */
  private void firstMessageSent(SetUp setUp, Throwable cause) {
    if (setUps.get(setUp.peer) != setUp) {
      return; // the channel closed: stopped already
    }
    if (cause == null && kernelKnows(setUp.peer)) {
      setUp.sent = true;
      return;
    }
    setUps.remove(setUp.peer);
    // Over loopback the peer's ABORT may be processed within sendmsg: the association is gone
    // already.
    setUp.ended(
        endpointWide,
        cause != null
            ? cause
            : new ConnectException(
                "association with "
                    + setUp.peer
                    + " ended as its first message was sent: it could not start"));
  }

  /**
   * {@return the set-up that association {@code id}, just up, completes: the kernel finds it by its
   * peer}
   */
  private SetUp setUpOf(int id) {
    for (SetUp setUp : setUps.values()) {
      if (setUp.sent && kernelAssociationId(setUp.peer) == id) {
        setUps.remove(setUp.peer);
        return setUp;
      }
    }
    return null;
  }

  /**
   * Association {@code id} is up: a set-up of this endpoint succeeded, or the peer's was accepted.
   */
  private void associationUp(int id, AssociationMeters m) {
    SetUp setUp = setUpOf(id);
    if (setUp != null) {
      setUp.ended(m, null);
    } else if (!closed) {
      Observations.accepted(binder, m.peer);
    }
  }

  /**
   * An association ended: each set-up whose association the kernel no longer has failed
   * (CANNOT_START_ASSOCIATION names no association, as the association had no id yet).
   */
  private void setUpsEnded(SctpNotification.AssociationChange change) {
    if (setUps.isEmpty()) {
      return;
    }
    List<SetUp> failed = new ArrayList<>();
    for (SetUp setUp : setUps.values()) {
      if (setUp.sent && !kernelKnows(setUp.peer)) {
        failed.add(setUp);
      }
    }
    for (SetUp setUp : failed) {
      setUps.remove(setUp.peer);
      setUp.ended(
          endpointWide,
          new ConnectException(
              "association with "
                  + setUp.peer
                  + ": "
                  + change.state()
                  + (change.error() != 0 ? " (error " + change.error() + ")" : "")));
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof SctpNotification n) {
      if (n instanceof SctpNotification.AssociationChange change) {
        switch (change.state()) {
          case COMMUNICATION_UP -> {
            AssociationMeters m = association(change.associationId());
            m.notified(n);
            associationUp(change.associationId(), m);
          }
          case RESTART -> association(change.associationId()).notified(n);
          case SHUTDOWN_COMPLETE, COMMUNICATION_LOST, CANNOT_START_ASSOCIATION -> {
            AssociationMeters m = associations.get(change.associationId());
            (m != null ? m : endpointWide).notified(n);
            ended(change.associationId());
            setUpsEnded(change);
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
    channel.removeWriteListener(this);
    closeAll();
  }

  private void closeAll() {
    closed = true;
    if (!setUps.isEmpty()) {
      ClosedChannelException cause = new ClosedChannelException();
      setUps.values().forEach(setUp -> Observations.outcome(setUp.observation, cause));
      setUps.clear();
    }
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
