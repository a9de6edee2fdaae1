package io.reactorsctp.channel;

import io.netty.channel.ChannelPromise;
import io.reactorsctp.Errno;
import io.reactorsctp.SctpNativeException;
import io.reactorsctp.internal.nativeio.SctpConstants;
import io.reactorsctp.internal.nativeio.SctpSocket;
import io.reactorsctp.internal.nativeio.SendMsg;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * A one-to-many SCTP endpoint ({@code SOCK_SEQPACKET} style, RFC 6458 §3) as a Netty channel: one socket, many
 * associations. Bind it (several addresses with {@link MultiHomedAddress}) and it accepts associations; write
 * {@link SctpOutboundMessage}s that name their association ({@link SctpOutboundMessage#associationId()}) or their
 * peer ({@link SctpOutboundMessage#peer()}: an association is set up implicitly and carries the message, as with
 * {@code sctp_sendx(3)}); when both are given the association id wins. Inbound messages and notifications carry
 * their association id. EOF and ABORT (with its reason) act on the message's association, SENDALL on all.
 *
 * <p>A failed message fails alone (an unknown or ended association, EPIPE on Linux and ENOENT on FreeBSD,
 * becomes {@link InvalidSctpMessageException} naming {@code associationId}); the endpoint stays open. Backpressure: the kernel refuses a message with EAGAIN
 * when its association's send buffer is full, and epoll reports writability for the whole socket; messages are
 * written in order, so one association whose peer stops reading holds back the messages queued behind its own
 * until the kernel has room again (see docs/transport.md).
 */
public final class EpollSctpMultiChannel extends AbstractEpollSctpChannel {


  private final SendMsg sendMsg = new SendMsg();

  /** Opens a new IPv6 one-to-many socket (IPv4 peers reach it through mapped addresses). */
  public EpollSctpMultiChannel() {
    super(null, SctpSockets.openSeqpacket(), false);
  }

  @Override
  protected void doBind(SocketAddress localAddress) throws Exception {
    bindAndListen(localAddress);
  }

  /**
   * Moves one association to its own one-to-one channel with the data the kernel holds for it
   * ({@code sctp_peeloff(3)}). The new channel is not registered: register it with an epoll event loop. Messages
   * still queued in this channel for that association fail with ENOENT once it has moved.
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
        throw new InvalidSctpMessageException("associationId", "no association " + associationId
            + " on this endpoint (" + e.getMessage() + ")");
      }
      throw new io.netty.channel.ChannelException(e);
    }
  }

  /**
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
   * Reads one association's counters from the kernel ({@code SCTP_GET_ASSOC_STATS}); this read also restarts the
   * kernel's maximum-observed-RTO period.
   *
   * @param associationId an association of this endpoint
   * @return the snapshot
   * @throws io.netty.channel.ChannelException when the kernel refuses (e.g. no such association)
   */
  public SctpAssociationStats associationStats(int associationId) {
    return SctpSockets.stats(socket, associationId);
  }

  /**
   * Reads one path from the kernel ({@code SCTP_GET_PEER_ADDR_INFO}). With association id 0 the kernel finds the
   * association that has this peer address and reports its id: how to learn which association a message sent
   * with {@link SctpOutboundMessage.Builder#peer} went to.
   *
   * @param associationId an association of this endpoint, or 0
   * @param peerAddress one of the association's peer addresses
   * @return the path's snapshot
   * @throws io.netty.channel.ChannelException when the kernel refuses (e.g. no association with that address)
   */
  public SctpPeerAddressInfo peerAddressInfo(int associationId, InetSocketAddress peerAddress) {
    return SctpSockets.peerAddressInfo(socket, associationId, peerAddress);
  }

  @Override
  protected Object filterOutboundMessage(Object msg) {
    SctpOutboundMessage m = toOutboundMessage(msg);
    if (m.associationId() == 0 && m.peer() == null && !m.isSendAll()) {
      throw new InvalidSctpMessageException("associationId",
          "0 and no peer: a message on a one-to-many channel names its association or its peer");
    }
    return withDirectPayload(m);
  }

  @Override
  long send(SctpOutboundMessage msg) throws SctpNativeException {
    int assocId = msg.associationId();
    InetSocketAddress destination = null;
    if (assocId == 0 && msg.peer() instanceof MultiHomedAddress multi) {
      if (multi.addresses().size() > 1) {
        // connectx semantics: the association gets every address of the peer from the start.
        assocId = socket.connectxAssociation(multi.addresses());
      } else {
        destination = multi.first();
      }
    } else if (assocId == 0 && msg.peer() instanceof InetSocketAddress peer) {
      destination = peer;
    }
    int flags = (msg.isEof() ? SctpConstants.SCTP_EOF : 0) | (msg.isAbort() ? SctpConstants.SCTP_ABORT : 0)
        | (msg.isSendAll() ? SctpConstants.SCTP_SENDALL : 0);
    prepare(sendMsg, msg, flags, assocId);
    if (destination != null) {
      sendMsg.destination(destination, socket.isIpv6());
    }
    return sendMsg.send(socket, 0);
  }

  @Override
  Throwable messageFailure(SctpOutboundMessage msg, int errno) {
    // Linux answers EPIPE for an association id it does not know (FreeBSD: ENOENT).
    if (msg.associationId() != 0 && (errno == Errno.ENOENT || errno == Errno.EPIPE || errno == Errno.EINVAL)) {
      return new InvalidSctpMessageException("associationId", "no association " + msg.associationId()
          + " on this endpoint: never set up, or already ended (sendmsg: " + Errno.name(errno) + ")");
    }
    if (errno == Errno.EMSGSIZE) {
      return new SctpMessageTooLargeException(msg.content().readableBytes(), socket);
    }
    return SctpNativeException.of("sendmsg", errno).withContext(msg.associationId() != 0
        ? "association " + msg.associationId() : "to " + msg.peer());
  }

  @Override
  protected void doClose() throws Exception {
    try {
      ((MultiUnsafe) unsafe()).releaseReadState();
      super.doClose();
    } finally {
      sendMsg.close();
    }
  }

  @Override
  protected AbstractSctpUnsafe newUnsafe() {
    return new MultiUnsafe();
  }

  private final class MultiUnsafe extends MessageUnsafe {
    private final java.util.Set<Integer> associations = new java.util.HashSet<>();

    @Override
    void notificationRead(SctpNotification event) {
      if (!(event instanceof SctpNotification.AssociationChange change)) {
        return;
      }
      switch (change.state()) {
        case COMMUNICATION_UP, RESTART -> {
          int limit = config.getMaxAssociations();
          if (!associations.contains(change.associationId()) && associations.size() >= limit) {
            abortAssociation(change.associationId());
            pipeline().fireExceptionCaught(new SctpAssociationLimitException(limit, change.associationId()));
          } else {
            associations.add(change.associationId());
          }
        }
        case SHUTDOWN_COMPLETE, COMMUNICATION_LOST, CANNOT_START_ASSOCIATION ->
            associations.remove(change.associationId());
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
      promise.setFailure(new UnsupportedOperationException("a one-to-many channel sets associations up"
          + " implicitly: write a message with SctpOutboundMessage.Builder.peer(..)"));
    }
  }
}
