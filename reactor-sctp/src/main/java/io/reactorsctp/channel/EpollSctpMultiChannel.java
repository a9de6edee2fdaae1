package io.reactorsctp.channel;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.epoll.EpollIoOps;
import io.reactorsctp.Errno;
import io.reactorsctp.SctpNativeException;
import io.reactorsctp.internal.nativeio.SctpConstants;
import io.reactorsctp.internal.nativeio.SctpSocket;
import io.reactorsctp.internal.nativeio.SendMsg;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A one-to-many SCTP endpoint ({@code SOCK_SEQPACKET} style, RFC 6458 §3) as a Netty channel: one
 * socket, many associations. Bind it (several addresses with {@link MultiHomedAddress}) and it
 * accepts associations; write {@link SctpOutboundMessage}s that name their association ({@link
 * SctpOutboundMessage#associationId()}) or their peer ({@link SctpOutboundMessage#peer()}: an
 * association is set up implicitly and carries the message, as with {@code sctp_sendx(3)}: a {@link
 * MultiHomedAddress} gives the new association every address of the peer, and later messages to any
 * of them go on that association); when both are given the association id wins. {@link
 * #associationId(SocketAddress)} tells which association a peer has. Inbound messages and
 * notifications carry their association id. EOF and ABORT (with its reason) act on the message's
 * association, SENDALL on all.
 *
 * <p>A failed message fails alone (an unknown or ended association, EPIPE on Linux and ENOENT on
 * FreeBSD, becomes {@link InvalidSctpMessageException} naming {@code associationId}); the endpoint
 * stays open.
 *
 * <p>Backpressure per association: when the kernel refuses a message naming an association (EAGAIN:
 * that association's share of the send buffer is full), the message and the later ones of the same
 * association wait aside, in order, and the messages of other associations go on. They are sent
 * again when the kernel reports room (epoll reports room for the whole socket only, so they are
 * also tried again every few milliseconds), and fail with {@link InvalidSctpMessageException} if
 * their association ends first. Linux shares one send buffer among all associations of a socket
 * unless {@code net.sctp.sndbuf_policy} is 1 (set before the socket is opened): with the default 0,
 * one association whose peer stops reading can fill the whole buffer, and then every association
 * waits until it drains (see docs/transport.md). Messages waiting aside count against the channel's
 * write buffer water marks, so {@link #isWritable()} bounds the memory they hold. Messages that set
 * an association up or go to all ({@code peer}, {@code sendAll}) wait in the channel's queue in
 * order, as on one-to-one channels.
 */
public final class EpollSctpMultiChannel extends AbstractEpollSctpChannel {

  /** The bit of Netty's user-defined writability that messages waiting aside turn off. */
  private static final int SET_ASIDE_WRITABILITY = 1;

  /**
   * How often messages waiting for their association are tried again. Epoll reports writability for
   * the whole socket, and Linux reports none while the associations' buffers add up to the socket's
   * send buffer, even when the waiting association has room of its own again
   * (net.sctp.sndbuf_policy 1).
   */
  private static final long SET_ASIDE_RETRY_MILLIS = 5;

  private final SendMsg sendMsg = new SendMsg();
  private final FlushBundling bundling = new FlushBundling();
  // The writers' promises of the messages in Netty's outbound buffer, by message (see
  // PromiseKeeper). Event loop.
  private final Map<Object, ChannelPromise> promises = new IdentityHashMap<>();
  private final SetAsideMessages setAside = new SetAsideMessages();
  private boolean writingSetAside;
  private boolean retryScheduled;
  private final Runnable retrySetAside =
      () -> {
        retryScheduled = false;
        if (isOpen()) {
          writeSetAside();
          updateEpollOut();
        }
      };

  /** Opens a new IPv6 one-to-many socket (IPv4 peers reach it through mapped addresses). */
  public EpollSctpMultiChannel() {
    super(null, SctpSockets.openSeqpacket(), false);
    pipeline().addLast(new PromiseKeeper());
  }

  /**
   * Keeps each writer's promise beside its message, so that a message refused for its association
   * can leave Netty's outbound buffer, which completes the promise of every entry it lets go of,
   * and wait aside with its promise still open: the channel completes it when the kernel takes the
   * message or the message fails. First in the pipeline as the channel is made; observers do not
   * depend on its place (they use {@link SctpWriteListener}).
   */
  private final class PromiseKeeper extends ChannelOutboundHandlerAdapter {
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (unsafe().outboundBuffer() == null) {
        ctx.write(msg, promise); // closed: Netty fails it at once
        return;
      }
      promises.put(msg, promise);
      ctx.write(msg, unsafe().voidPromise());
    }
  }

  /**
   * Writes what waits aside, then the outbound buffer in order, one {@code sendmsg} each, until it
   * is empty, the kernel refuses a message that cannot wait aside (EAGAIN: it stays queued and
   * EPOLLOUT is armed) or the write spin count is used up (then the loop lets other channels run
   * and comes back). A message naming an association waits aside when the kernel refuses it or
   * earlier messages of its association already wait: the messages of other associations go on. A
   * failed message fails alone; the endpoint stays open.
   */
  @Override
  protected void doWrite(ChannelOutboundBuffer in) {
    headBlocked = false;
    writeSetAside();
    for (int spin = config.getWriteSpinCount(); spin > 0; spin--) {
      SctpOutboundMessage msg = (SctpOutboundMessage) in.current();
      if (msg == null) {
        updateEpollOut();
        return;
      }
      SetAsideMessages.Waiting waiting =
          mayWaitAside(msg) ? setAside.of(msg.associationId()) : null;
      if (waiting != null) {
        setAside(waiting, msg, in);
        continue;
      }
      long result;
      // As on a one-to-one channel, while the next message is for the same association.
      int more = bundling.flagsFor(in, msg, config.fragmentsDisabled(), spin == 1);
      try {
        result = send(msg, more);
        if (result >= 0) {
          bundling.taken(more, msg.content().readableBytes());
        }
      } catch (SctpNativeException e) {
        failed(in, msg, e); // setting its association up failed
        continue;
      }
      if (result == -Errno.EAGAIN) {
        if (mayWaitAside(msg)) {
          eagainCount++;
          setAside(startWaiting(msg.associationId()), msg, in);
          continue;
        }
        waitForRoom();
        return;
      }
      if (result < 0) {
        failed(in, msg, messageFailure(msg, (int) -result));
      } else {
        sent(in, msg);
      }
    }
    flushLater();
  }

  /**
   * An ABORT goes at once, ahead of the messages of its association still waiting for room: the
   * kernel never refuses it for room, and it is how a sender ends an association whose peer stopped
   * reading. Those messages then fail when the association's end is read. Messages that set an
   * association up or go to all wait in the outbound buffer, in order; so does a message whose
   * writer's promise Netty's buffer holds (written head-side of PromiseKeeper), as letting go of it
   * would complete that promise.
   *
   * @return whether {@code msg} waits aside when its association cannot take it
   */
  private boolean mayWaitAside(SctpOutboundMessage msg) {
    return msg.associationId() != 0
        && !msg.isSendAll()
        && !msg.isAbort()
        && promises.containsKey(msg);
  }

  /**
   * The kernel took {@code msg}, the head of {@code in}: listeners, then the writer's promise, then
   * release.
   */
  private void sent(ChannelOutboundBuffer in, SctpOutboundMessage msg) {
    ChannelPromise promise = promises.remove(msg);
    written(msg, null);
    if (promise != null) {
      promise.trySuccess();
    }
    in.remove();
  }

  /**
   * {@code msg}, the head of {@code in}, failed alone: listeners, then the writer's promise, then
   * release.
   */
  private void failed(ChannelOutboundBuffer in, SctpOutboundMessage msg, Throwable cause) {
    ChannelPromise promise = promises.remove(msg);
    written(msg, cause);
    if (promise != null) {
      promise.tryFailure(cause);
    }
    in.remove(cause);
  }

  /**
   * {@link #doWrite}'s {@code sendmsg} of one message: its association named, or found or set up by
   * its peer.
   */
  private long send(SctpOutboundMessage msg) throws SctpNativeException {
    return send(msg, 0);
  }

  /**
   * @param sendFlags {@code sendmsg} flags: {@code MSG_MORE} from {@link FlushBundling}, or 0
   */
  private long send(SctpOutboundMessage msg, int sendFlags) throws SctpNativeException {
    int assocId = msg.associationId();
    InetSocketAddress destination = null;
    if (assocId == 0 && msg.peer() instanceof MultiHomedAddress multi) {
      if (multi.addresses().size() > 1) {
        // sctp_sendx(3): the first message sets the association up with every address of the peer
        // from the start (connectx); the later ones go on that association, found by the peer's
        // addresses, as sendmsg to a known address does. A second connectx would fail with EISCONN.
        assocId = associationWith(multi.addresses());
        if (assocId == 0) {
          try {
            assocId = socket.connectxAssociation(multi.addresses());
          } catch (SctpNativeException e) {
            if (e.errno() != Errno.EALREADY && e.errno() != Errno.EISCONN) {
              throw e;
            }
            // The peer already has an association still too young for an id (COOKIE-WAIT: EALREADY)
            // or not found by the lookup: sendmsg to one of its addresses finds it, as the kernel
            // looks up by address.
            destination = multi.first();
          }
        }
      } else {
        destination = multi.first();
      }
    } else if (assocId == 0 && msg.peer() instanceof InetSocketAddress peer) {
      destination = peer;
    }
    int flags =
        (msg.isEof() ? SctpConstants.SCTP_EOF : 0)
            | (msg.isAbort() ? SctpConstants.SCTP_ABORT : 0)
            | (msg.isSendAll() ? SctpConstants.SCTP_SENDALL : 0);
    OutboundMessages.prepare(sendMsg, msg, flags, assocId, socket);
    // An address override is already the destination (prepare): the kernel finds the association by
    // it too.
    if (destination != null && msg.addressOverride() == null) {
      sendMsg.destination(destination, socket.isIpv6());
    }
    return sendMsg.send(socket, sendFlags);
  }

  /** Association {@code associationId} cannot take more: its messages wait aside from now on. */
  private SetAsideMessages.Waiting startWaiting(int associationId) {
    SetAsideMessages.Waiting waiting = setAside.startWaiting(associationId);
    pipeline().fireUserEventTriggered(new SctpAssociationWritabilityChanged(associationId, false));
    return waiting;
  }

  /**
   * Moves {@code msg}, the head of {@code in}, aside with its writer's promise, which stays open.
   */
  private void setAside(
      SetAsideMessages.Waiting waiting, SctpOutboundMessage msg, ChannelOutboundBuffer in) {
    setAside.add(waiting, msg.retain(), promises.remove(msg));
    in.remove(); // lets go of the buffer's reference and completes the void promise the buffer
    // holds
    updateSetAsideWritability();
  }

  /** Tries again what waits aside, association by association in the order they began to wait. */
  private void writeSetAside() {
    if (writingSetAside || setAside.isEmpty()) {
      return;
    }
    // Completing a promise runs its listeners, which may write and flush again (they find messages
    // of a waiting association added to its queue) or close the channel: the associations are
    // iterated over a copy.
    writingSetAside = true;
    try {
      for (SetAsideMessages.Waiting waiting : setAside.inOrder()) {
        if (setAside.isCurrent(waiting) && writeWaiting(waiting) && setAside.isCurrent(waiting)) {
          setAside.stopWaiting(waiting);
          pipeline()
              .fireUserEventTriggered(
                  new SctpAssociationWritabilityChanged(waiting.associationId, true));
        }
      }
    } finally {
      writingSetAside = false;
    }
    updateSetAsideWritability();
  }

  /** {@return whether every message of {@code waiting} has left it (sent or failed)} */
  private boolean writeWaiting(SetAsideMessages.Waiting waiting) {
    for (SctpOutboundMessage msg; (msg = waiting.first()) != null; ) {
      Throwable failure = null;
      try {
        long result = send(msg);
        if (result == -Errno.EAGAIN) {
          eagainCount++;
          return false;
        }
        if (result < 0) {
          failure = messageFailure(msg, (int) -result);
        }
      } catch (SctpNativeException e) {
        failure = e;
      }
      ChannelPromise promise = setAside.removeFirst(waiting);
      written(msg, failure);
      if (failure == null) {
        promise.trySuccess();
      } else {
        promise.tryFailure(failure);
      }
      msg.release();
    }
    return true;
  }

  /**
   * Fails what waits aside for an association that ended, or for every association when the channel
   * closes.
   */
  private void failSetAside(SetAsideMessages.Waiting waiting, Throwable cause) {
    for (SctpOutboundMessage msg; (msg = waiting.first()) != null; ) {
      ChannelPromise promise = setAside.removeFirst(waiting);
      written(msg, cause);
      promise.tryFailure(cause);
      msg.release();
    }
  }

  /**
   * EPOLLOUT is wanted while the head of the queue waits for room, or messages wait aside for
   * theirs.
   */
  private void updateEpollOut() {
    if (headBlocked || !setAside.isEmpty()) {
      setFlag(EpollIoOps.EPOLLOUT);
    } else {
      clearFlag(EpollIoOps.EPOLLOUT);
    }
  }

  private void updateSetAsideWritability() {
    if (!setAside.isEmpty() && !retryScheduled && isOpen()) {
      retryScheduled = true;
      eventLoop().schedule(retrySetAside, SET_ASIDE_RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }
    ChannelOutboundBuffer out = unsafe().outboundBuffer();
    if (out == null) {
      return;
    }
    if (setAside.bytes() > config.getWriteBufferHighWaterMark()) {
      out.setUserDefinedWritability(SET_ASIDE_WRITABILITY, false);
    } else if (setAside.bytes() < config.getWriteBufferLowWaterMark()) {
      out.setUserDefinedWritability(SET_ASIDE_WRITABILITY, true);
    }
  }

  @Override
  protected void doBind(SocketAddress localAddress) throws Exception {
    bindAndListen(localAddress);
  }

  /**
   * Moves one association to its own one-to-one channel with the data the kernel holds for it
   * ({@code sctp_peeloff(3)}). The new channel is not registered: register it with an epoll event
   * loop. Messages still queued in this channel for that association fail with ENOENT once it has
   * moved.
   *
   * @param associationId the association
   * @return the new channel, active
   * @throws InvalidSctpMessageException when this endpoint has no such association
   */
  public EpollSctpChannel peelOff(int associationId) {
    try {
      SctpSocket peeled = socket.peelOff(associationId);
      return new EpollSctpChannel(null, peeled, true);
    } catch (SctpNativeException e) {
      if (e.errno() == Errno.ENOENT || e.errno() == Errno.EINVAL) {
        throw new InvalidSctpMessageException(
            "associationId",
            "no association " + associationId + " on this endpoint (" + e.getMessage() + ")");
      }
      throw new io.netty.channel.ChannelException(e);
    }
  }

  /**
   * Lists one association's peer addresses ({@code SCTP_GET_PEER_ADDRS}).
   *
   * @param associationId an association of this endpoint
   * @return the association's peer addresses
   */
  public java.util.List<InetSocketAddress> remoteAddresses(int associationId) {
    try {
      return socket.addresses(true, associationId);
    } catch (SctpNativeException e) {
      throw new io.netty.channel.ChannelException(e);
    }
  }

  /**
   * Reads one association's status from the kernel ({@code SCTP_STATUS}).
   *
   * @param associationId an association of this endpoint
   * @return the snapshot
   * @throws io.netty.channel.ChannelException when the kernel refuses (e.g. no such association)
   */
  public SctpAssociationStatus status(int associationId) {
    return SctpSockets.status(socket, associationId);
  }

  /**
   * Whether a message for this association would go to the kernel rather than wait aside: false
   * while earlier messages of the association wait for room. A {@link
   * SctpAssociationWritabilityChanged} event reports each change. Event loop only.
   *
   * @param associationId an association of this endpoint
   * @return whether the association takes messages now
   */
  public boolean isWritable(int associationId) {
    return setAside.of(associationId) == null;
  }

  /**
   * PR-SCTP abandonment counters of one association ({@code SCTP_PR_ASSOC_STATUS}).
   *
   * @param associationId an association of this endpoint
   * @return the counters
   * @throws io.netty.channel.ChannelException when the kernel refuses (e.g. no such association)
   */
  public SctpPrStatus prStatus(int associationId) {
    return SctpSockets.prStatus(socket, associationId);
  }

  /**
   * Reads one association's counters from the kernel ({@code SCTP_GET_ASSOC_STATS}); this read also
   * restarts the kernel's maximum-observed-RTO period.
   *
   * @param associationId an association of this endpoint
   * @return the snapshot
   * @throws io.netty.channel.ChannelException when the kernel refuses (e.g. no such association)
   */
  public SctpAssociationStats associationStats(int associationId) {
    return SctpSockets.stats(socket, associationId);
  }

  /**
   * Reads one path from the kernel ({@code SCTP_GET_PEER_ADDR_INFO}). With association id 0 the
   * kernel finds the association that has this peer address and reports its id: how to learn which
   * association a message sent with {@link SctpOutboundMessage.Builder#peer} went to.
   *
   * @param associationId an association of this endpoint, or 0
   * @param peerAddress one of the association's peer addresses
   * @return the path's snapshot
   * @throws io.netty.channel.ChannelException when the kernel refuses (e.g. no association with
   *     that address)
   */
  public SctpPeerAddressInfo peerAddressInfo(int associationId, InetSocketAddress peerAddress) {
    return SctpSockets.peerAddressInfo(socket, associationId, peerAddress);
  }

  /**
   * Sends an association's packets inside UDP (RFC 6951) to that UDP port of the peer, or plain
   * SCTP with 0 ({@code SCTP_REMOTE_UDP_ENCAPS_PORT}): on every path, or on one path. Linux changes
   * a path's port again to the source port of the next packet the peer sends on it. The
   * associations to come: {@link SctpChannelOptions#SCTP_REMOTE_UDP_ENCAPS_PORT}.
   *
   * @param associationId an association of this endpoint
   * @param peerAddress one of its peer addresses, or null for all of them
   * @param port the peer's UDP encapsulation port, 0 for none
   * @throws InvalidSctpMessageException naming {@code port} beyond 65535, or {@code associationId}
   *     / {@code peerAddress} when there is no such association or path (EINVAL)
   * @throws SctpUdpEncapsulationUnavailableException when the host's {@code net.sctp.udp_port} is
   *     0, or the kernel is older than 5.11
   */
  public void setUdpEncapsulationPort(int associationId, InetSocketAddress peerAddress, int port) {
    UdpEncapsulation.set(socket, "port", requireAssociation(associationId), peerAddress, port);
  }

  /**
   * {@return the UDP port an association's packets (to {@code peerAddress}, or by default) are
   * encapsulated to, 0 when they go as plain SCTP; on an association whose peer sent encapsulated,
   * the port Linux learnt from it}
   *
   * @param associationId an association of this endpoint
   * @param peerAddress one of its peer addresses, or null for the association
   * @throws InvalidSctpMessageException when there is no such association or path
   */
  public int udpEncapsulationPort(int associationId, InetSocketAddress peerAddress) {
    return UdpEncapsulation.get(socket, "port", requireAssociation(associationId), peerAddress);
  }

  /** Association id 0 would mean the endpoint's default: a method per association refuses it. */
  private static int requireAssociation(int associationId) {
    if (associationId <= 0) {
      throw new InvalidSctpMessageException(
          "associationId", associationId + " is not an association id (they start at 1)");
    }
    return associationId;
  }

  /**
   * Asks the peer of one association to use {@code localAddress} as its primary path to us ({@code
   * SCTP_SET_PEER_PRIMARY_ADDR}: an ASCONF with a Set Primary Address parameter, RFC 5061), as
   * {@link EpollSctpChannel#setPeerPrimaryAddress}.
   *
   * @param associationId an association of this endpoint
   * @param localAddress one of the association's local addresses, with the endpoint's port
   * @throws SctpAddressChangeException naming the field: ASCONF not negotiated (EPERM), not a local
   *     address of the association (EADDRNOTAVAIL), no such association (EINVAL)
   */
  public void setPeerPrimaryAddress(int associationId, InetSocketAddress localAddress) {
    DynamicAddresses.requestPeerPrimary(socket, localAddress, associationId);
  }

  /**
   * On a one-to-many endpoint an address change reaches every association that negotiated ASCONF;
   * with ASCONF off on the endpoint, those that are up would not learn of it.
   */
  @Override
  SctpAddressChangeException.Reason addressChangeUnheard() throws Exception {
    return !((MultiUnsafe) unsafe()).associations.isEmpty()
            && !DynamicAddresses.enabled(socket, SctpConstants.SCTP_FUTURE_ASSOC)
        ? SctpAddressChangeException.Reason.NOT_ENABLED
        : null;
  }

  /**
   * Sets an outbound stream's value for one association's scheduler ({@code
   * SCTP_STREAM_SCHEDULER_VALUE}, RFC 8260 §4.3.3): under {@link SctpStreamScheduler#PRIORITY}, its
   * priority (lower goes first; every stream starts at 0). Any thread.
   *
   * @param associationId an association of this endpoint
   * @param stream an outbound stream of the association
   * @param value the value, 0..65535
   * @throws InvalidSctpMessageException naming {@code streamId} (beyond the association's outbound
   *     streams), {@code value} (out of range) or {@code associationId} (no such association)
   */
  public void setStreamSchedulerValue(int associationId, int stream, int value) {
    StreamSchedulers.setValue(socket, associationId, stream, value);
  }

  /**
   * {@return an outbound stream's value for one association's scheduler}
   *
   * @param associationId an association of this endpoint
   * @param stream an outbound stream of the association
   * @throws InvalidSctpMessageException as {@link #setStreamSchedulerValue}
   */
  public int streamSchedulerValue(int associationId, int stream) {
    return StreamSchedulers.value(socket, associationId, stream);
  }

  /**
   * Adds a shared key, or replaces the key of that id ({@code SCTP_AUTH_KEY}). The key's bytes go
   * to the kernel only.
   *
   * @param associationId an association of this endpoint, or 0 for the endpoint (the associations
   *     to come)
   * @param key the key
   * @throws InvalidSctpMessageException naming {@code associationId} when there is no such
   *     association
   * @throws SctpAuthUnavailableException when AUTH is off or the peer did not negotiate it
   */
  public void addAuthKey(int associationId, SctpAuthKey key) {
    SctpAuth.addKey(socket, associationId, key);
  }

  /**
   * Makes a key the one chunks are authenticated with ({@code SCTP_AUTH_ACTIVE_KEY}).
   *
   * @param associationId an association of this endpoint, or 0 for the endpoint
   * @param keyId a key added before
   * @throws InvalidSctpMessageException naming {@code keyId} or {@code associationId} (EINVAL)
   * @throws SctpAuthUnavailableException when AUTH is off or the peer did not negotiate it
   */
  public void activateAuthKey(int associationId, int keyId) {
    SctpAuth.keyId(socket, SctpConstants.SCTP_AUTH_ACTIVE_KEY, associationId, keyId);
  }

  /**
   * Stops using a key for sending ({@code SCTP_AUTH_DEACTIVATE_KEY}); the kernel reports {@link
   * SctpNotification.AuthenticationIndication#FREE_KEY} once no chunk needs it.
   *
   * @param associationId an association of this endpoint, or 0 for the endpoint
   * @param keyId a key added before, not the active one
   * @throws InvalidSctpMessageException naming {@code keyId} or {@code associationId} (EINVAL)
   * @throws SctpAuthUnavailableException when AUTH is off or the peer did not negotiate it
   */
  public void deactivateAuthKey(int associationId, int keyId) {
    SctpAuth.keyId(socket, SctpConstants.SCTP_AUTH_DEACTIVATE_KEY, associationId, keyId);
  }

  /**
   * Deletes a key ({@code SCTP_AUTH_DELETE_KEY}).
   *
   * @param associationId an association of this endpoint, or 0 for the endpoint
   * @param keyId a key added before, not the active one
   * @throws InvalidSctpMessageException naming {@code keyId} or {@code associationId} (EINVAL)
   * @throws SctpAuthUnavailableException when AUTH is off or the peer did not negotiate it
   */
  public void deleteAuthKey(int associationId, int keyId) {
    SctpAuth.keyId(socket, SctpConstants.SCTP_AUTH_DELETE_KEY, associationId, keyId);
  }

  /**
   * {@return the identifier of the active key ({@code SCTP_AUTH_ACTIVE_KEY})}
   *
   * @param associationId an association of this endpoint, or 0 for the endpoint
   * @throws SctpAuthUnavailableException when AUTH is off or the peer did not negotiate it
   */
  public int activeAuthKey(int associationId) {
    return SctpAuth.activeKey(socket, associationId);
  }

  @Override
  protected Object filterOutboundMessage(Object msg) {
    ChannelPromise promise = promises.remove(msg);
    SctpOutboundMessage m = null;
    try {
      m = OutboundMessages.toOutboundMessage(msg);
      check(m);
      m = OutboundMessages.withDirectPayload(m, alloc());
    } catch (RuntimeException e) {
      if (m != null) {
        written(m, e);
      }
      if (promise != null) {
        promise.tryFailure(e);
      }
      throw e; // Netty fails the write (its void promise) and releases the message
    }
    if (promise != null) {
      promises.put(m, promise);
    }
    return m;
  }

  private static void check(SctpOutboundMessage m) {
    if (m.associationId() == 0 && m.peer() == null && !m.isSendAll()) {
      throw new InvalidSctpMessageException(
          "associationId",
          "0 and no peer: a message on a one-to-many channel names its association or its peer");
    }
    if (m.isEof() && m.content().isReadable()) {
      // Linux refuses SCTP_EOF with data (EINVAL), and an EOF sent right behind the data of a
      // message that sets its association up would delete the association before the data went out
      // (RFC 9260 §9.2, COOKIE-WAIT).
      throw new InvalidSctpMessageException(
          "eof",
          "an EOF on a one-to-many channel carries no payload ("
              + m.content().readableBytes()
              + " B given): write the data, then an empty EOF message");
    }
  }

  /**
   * The association this endpoint has with a peer, found by its addresses ({@code
   * SCTP_GET_PEER_ADDR_INFO}): how the writer of a message addressed with {@link
   * SctpOutboundMessage.Builder#peer} learns which association carried it, to name it by id from
   * then on.
   *
   * @param peer an {@link InetSocketAddress} or a {@link MultiHomedAddress} (any of its addresses)
   * @return the association's id, or empty when this endpoint has none with that peer
   */
  public OptionalInt associationId(SocketAddress peer) {
    List<InetSocketAddress> addresses =
        peer instanceof MultiHomedAddress multi
            ? multi.addresses()
            : List.of(SctpAddresses.inet("peer", peer));
    int id = associationWith(addresses);
    return id == 0 ? OptionalInt.empty() : OptionalInt.of(id);
  }

  /**
   * {@return the association that has any of these peer addresses, or 0 (also while it has no id
   * yet)}
   */
  private int associationWith(List<InetSocketAddress> addresses) {
    for (InetSocketAddress address : addresses) {
      try {
        return socket.peerAddrInfo(0, address).assocId();
      } catch (SctpNativeException e) {
        // EINVAL: no association has this address; try the next.
      }
    }
    return 0;
  }

  /** {@return why {@code msg} failed with {@code errno}: every failure fails that message alone} */
  private Throwable messageFailure(SctpOutboundMessage msg, int errno) {
    if (errno == Errno.EINVAL) {
      Throwable stream = streamBeyondOutbound(msg);
      if (stream != null) {
        return stream;
      }
    }
    // Linux answers EPIPE for an association id it does not know (FreeBSD: ENOENT).
    if (msg.associationId() != 0
        && (errno == Errno.ENOENT || errno == Errno.EPIPE || errno == Errno.EINVAL)) {
      return new InvalidSctpMessageException(
          "associationId",
          "no association "
              + msg.associationId()
              + " on this endpoint: never set up, or already ended (sendmsg: "
              + Errno.name(errno)
              + ")");
    }
    Throwable fault = OutboundMessages.messageFault(msg, errno, socket);
    if (fault != null) {
      return fault;
    }
    return SctpNativeException.of("sendmsg", errno)
        .withContext(
            msg.associationId() != 0 ? "association " + msg.associationId() : "to " + msg.peer());
  }

  /**
   * Linux answers EINVAL both for a stream beyond the association's outbound streams and for other
   * bad input: the association's status tells which.
   *
   * @return the stream error, or null when the stream is not the cause (or the association is gone)
   */
  private InvalidSctpMessageException streamBeyondOutbound(SctpOutboundMessage msg) {
    int id =
        msg.associationId() != 0 || msg.peer() == null
            ? msg.associationId()
            : associationId(msg.peer()).orElse(0);
    if (id == 0) {
      return null;
    }
    try {
      int streams = socket.status(id).outboundStreams();
      return msg.streamId() < streams
          ? null
          : new InvalidSctpMessageException(
              "streamId",
              msg.streamId()
                  + " is beyond association "
                  + id
                  + "'s "
                  + streams
                  + " negotiated outbound streams (0.."
                  + (streams - 1)
                  + ")");
    } catch (SctpNativeException e) {
      return null;
    }
  }

  /**
   * Resets streams' sequence numbers on one association (RFC 6525; {@code SCTP_RESET_STREAMS}), as
   * {@link EpollSctpChannel#resetStreams}.
   *
   * @param associationId the association
   * @param direction this end's outgoing streams, the peer's, or both
   * @param streams the streams; none: all
   * @return succeeds when the peer has performed the reset; fails with {@link
   *     SctpReconfigurationException} or {@link InvalidSctpMessageException} naming the stream
   */
  public io.netty.util.concurrent.Future<Void> resetStreams(
      int associationId, SctpResetDirection direction, int... streams) {
    int[] list = streams.clone();
    return reconfigure(
        SctpReconfigRequest.RESET_STREAMS,
        p -> reconfigurations.resetStreams(associationId, associationId, direction, list, p));
  }

  /**
   * Resets one association's TSNs and streams (RFC 6525; {@code SCTP_RESET_ASSOC}), as {@link
   * EpollSctpChannel#resetAssociation}.
   *
   * @param associationId the association
   * @return succeeds when the peer has performed it
   */
  public io.netty.util.concurrent.Future<Void> resetAssociation(int associationId) {
    return reconfigure(
        SctpReconfigRequest.RESET_ASSOCIATION,
        p -> reconfigurations.resetAssociation(associationId, associationId, p));
  }

  /**
   * Adds streams to one association (RFC 6525; {@code SCTP_ADD_STREAMS}), as {@link
   * EpollSctpChannel#addStreams}. The kernel checks each message's stream against the association's
   * current count, so a new outbound stream takes messages once the future has succeeded.
   *
   * @param associationId the association
   * @param outbound outbound streams to add
   * @param inbound inbound streams to add
   * @return succeeds when the peer has added them
   */
  public io.netty.util.concurrent.Future<Void> addStreams(
      int associationId, int outbound, int inbound) {
    return reconfigure(
        SctpReconfigRequest.ADD_STREAMS,
        p -> reconfigurations.addStreams(associationId, associationId, outbound, inbound, p));
  }

  @Override
  protected void doClose() throws Exception {
    try {
      ClosedChannelException closed = new ClosedChannelException();
      for (SetAsideMessages.Waiting waiting : setAside.removeAll()) {
        failSetAside(waiting, closed);
      }
      // Netty releases the messages still in its outbound buffer right after this and fails the
      // void promises they are held under: their writers' promises and the write listeners learn it
      // here.
      for (Map.Entry<Object, ChannelPromise> kept : List.copyOf(promises.entrySet())) {
        if (kept.getKey() instanceof SctpOutboundMessage msg) {
          written(msg, closed);
        }
        kept.getValue().tryFailure(closed);
      }
      promises.clear();
      ((MultiUnsafe) unsafe()).releaseReadState();
      reconfigurations.closed();
      super.doClose();
    } finally {
      sendMsg.close();
    }
  }

  @Override
  protected AbstractUnsafe newUnsafe() {
    return new MultiUnsafe();
  }

  private final class MultiUnsafe extends MessageUnsafe {
    private final java.util.Set<Integer> associations = new java.util.HashSet<>();

    @Override
    void notificationRead(SctpNotification event) {
      reconfigurations.notificationRead(event.associationId(), event);
      if (!(event instanceof SctpNotification.AssociationChange change)) {
        return;
      }
      switch (change.state()) {
        case COMMUNICATION_UP, RESTART -> {
          int limit = config.getMaxAssociations();
          if (!associations.contains(change.associationId()) && associations.size() >= limit) {
            abortAssociation(change.associationId());
            pipeline()
                .fireExceptionCaught(
                    new SctpAssociationLimitException(limit, change.associationId()));
          } else {
            associations.add(change.associationId());
          }
        }
        case SHUTDOWN_COMPLETE, COMMUNICATION_LOST, CANNOT_START_ASSOCIATION -> {
          associations.remove(change.associationId());
          reconfigurations.ended(change.associationId());
          SetAsideMessages.Waiting waiting = setAside.of(change.associationId());
          if (waiting != null) {
            setAside.stopWaiting(waiting);
            failSetAside(
                waiting,
                new InvalidSctpMessageException(
                    "associationId",
                    "association "
                        + change.associationId()
                        + " ended ("
                        + change.state()
                        + ") before the message could be sent"));
            updateSetAsideWritability();
            updateEpollOut();
          }
        }
      }
    }

    private void abortAssociation(int associationId) {
      sendMsg.reset();
      sendMsg.sndInfo(0, SctpConstants.SCTP_ABORT, 0, 0, associationId);
      sendMsg.send(socket, 0); // a failure means the association is already gone
    }

    @Override
    void endOfStream() {
      // One association's end is a notification here; the endpoint itself stays open.
    }

    @Override
    public void connect(SocketAddress remote, SocketAddress local, ChannelPromise promise) {
      promise.setFailure(
          new UnsupportedOperationException(
              "a one-to-many channel sets associations up"
                  + " implicitly: write a message with SctpOutboundMessage.Builder.peer(..)"));
    }
  }
}
