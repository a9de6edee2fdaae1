package io.reactorsctp.channel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.sctp.SctpMessage;
import io.netty.channel.socket.ChannelOutputShutdownException;
import io.netty.util.concurrent.Future;
import io.reactorsctp.Errno;
import io.reactorsctp.SctpNativeException;
import io.reactorsctp.internal.nativeio.SctpConstants;
import io.reactorsctp.internal.nativeio.SctpSocket;
import io.reactorsctp.internal.nativeio.SendMsg;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.util.concurrent.TimeUnit;

/**
 * A one-to-one SCTP association ({@code SOCK_STREAM} style, RFC 6458 §4) as a Netty channel on the
 * epoll event loop. Writes {@link SctpOutboundMessage} (and Netty's {@link SctpMessage} or a plain
 * {@link ByteBuf}, sent on stream 0 with ppid 0); reads {@link SctpInboundMessage}; fires {@link
 * SctpNotification}s as user events.
 *
 * <p>Backpressure: a write the kernel refuses with EAGAIN stays queued in the channel's outbound
 * buffer, EPOLLOUT is armed and writing resumes when the kernel has room; {@link #isWritable()}
 * follows the buffer's water marks. With {@code autoRead=false} nothing is read until {@link
 * #read()}, so the kernel's receive window closes and the peer's sender is held back.
 */
public final class EpollSctpChannel extends AbstractEpollSctpChannel {

  /**
   * How often the association's state is read after an EOF, until it has ended ({@link
   * #watchShutdown}).
   */
  private static final long SHUTDOWN_WATCH_MILLIS = 20;

  private final SendMsg sendMsg;
  private final FlushBundling bundling = new FlushBundling();
  private volatile int outboundStreams = -1;
  // An EOF message was sent (shutdown(SHUT_WR)): the association is shutting down and takes no more
  // messages. Later ones fail alone; the channel stays open until the association's end is read.
  // Event loop only.
  private boolean outputShutdown;
  private final Runnable watchShutdown = this::watchShutdown;
  // Netty's outbound buffer, kept to tell the write listeners of the messages still queued when the
  // channel closes (Netty lets go of it before doClose). The error that closed the channel, if a
  // write met one.
  private final ChannelOutboundBuffer outbound = unsafe().outboundBuffer();
  private Throwable writeError;

  private ChannelPromise connectPromise;
  private Future<?> connectTimeoutFuture;
  private InetSocketAddress requestedRemoteAddress;

  /** Opens a new IPv6 socket (which also carries IPv4 as mapped addresses). */
  public EpollSctpChannel() {
    this(SctpSockets.openStream());
  }

  private EpollSctpChannel(SctpSocket socket) {
    this(null, socket, false);
  }

  EpollSctpChannel(Channel parent, SctpSocket socket, boolean active) {
    super(parent, socket, active);
    this.sendMsg = new SendMsg();
    if (active) {
      refreshStreams();
    }
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return (InetSocketAddress) super.remoteAddress();
  }

  /**
   * Tells how many outbound streams the association has.
   *
   * @return the number of outbound streams negotiated with the peer, or -1 before the association
   *     is up
   */
  public int outboundStreams() {
    return outboundStreams;
  }

  /**
   * Lists the peer's addresses ({@code SCTP_GET_PEER_ADDRS}).
   *
   * @return every address of the peer (several when it is multi-homed)
   * @throws io.netty.channel.ChannelException when the kernel refuses (e.g. no association)
   */
  public java.util.List<InetSocketAddress> allRemoteAddresses() {
    try {
      return socket.addresses(true, 0);
    } catch (IOException e) {
      throw new io.netty.channel.ChannelException(e);
    }
  }

  /**
   * Makes {@code peerAddress} this end's primary path to the peer ({@code SCTP_PRIMARY_ADDR}).
   *
   * @param peerAddress one of {@link #allRemoteAddresses()}
   * @throws io.netty.channel.ChannelException when the kernel refuses
   */
  public void setPrimaryAddress(InetSocketAddress peerAddress) {
    try {
      socket.setPrimary(peerAddress, false, 0);
    } catch (IOException e) {
      throw new io.netty.channel.ChannelException(e);
    }
  }

  /**
   * Asks the peer to use {@code localAddress} as its primary path to us ({@code
   * SCTP_SET_PEER_PRIMARY_ADDR}: an ASCONF with a Set Primary Address parameter, RFC 5061 §4.2.4).
   * Needs {@link SctpChannelOptions#SCTP_ASCONF_SUPPORTED} on both ends before the association is
   * set up. The kernel sends it at once, or after the ASCONF still awaiting its answer (one
   * outstanding at a time), so it may follow a {@link #bindAddress} of the same address at once.
   *
   * @param localAddress one of {@link #allLocalAddresses()}, with the channel's port
   * @throws SctpAddressChangeException naming the field: ASCONF not negotiated (EPERM), not a local
   *     address of the association (EADDRNOTAVAIL), not established (ENOTCONN)
   */
  public void setPeerPrimaryAddress(InetSocketAddress localAddress) {
    DynamicAddresses.requestPeerPrimary(socket, localAddress, 0);
  }

  @Override
  SctpAddressChangeException.Reason addressChangeUnheard() throws Exception {
    return isActive() && !DynamicAddresses.enabled(socket, 0)
        ? SctpAddressChangeException.Reason.NOT_NEGOTIATED
        : null;
  }

  /**
   * Sends this association's packets to one peer address inside UDP (RFC 6951), to that UDP port,
   * or plain SCTP with 0 ({@code SCTP_REMOTE_UDP_ENCAPS_PORT} on one path). Linux changes it again
   * to the source port of the next packet the peer sends on that path. The whole association:
   * {@link SctpChannelOptions#SCTP_REMOTE_UDP_ENCAPS_PORT}.
   *
   * @param peerAddress one of {@link #allRemoteAddresses()}
   * @param port the peer's UDP encapsulation port, 0 for none
   * @throws InvalidSctpMessageException naming {@code port} beyond 65535, or {@code peerAddress}
   *     when it is not the peer's (EINVAL)
   * @throws SctpUdpEncapsulationUnavailableException when the host's {@code net.sctp.udp_port} is
   *     0, or the kernel is older than 5.11
   */
  public void setUdpEncapsulationPort(InetSocketAddress peerAddress, int port) {
    UdpEncapsulation.set(socket, "port", 0, java.util.Objects.requireNonNull(peerAddress), port);
  }

  /**
   * {@return the UDP port this association's packets to {@code peerAddress} are encapsulated to, 0
   * when they go as plain SCTP}
   *
   * @param peerAddress one of {@link #allRemoteAddresses()}
   * @throws InvalidSctpMessageException naming {@code peerAddress} when it is not the peer's
   */
  public int udpEncapsulationPort(InetSocketAddress peerAddress) {
    return UdpEncapsulation.get(socket, "port", 0, java.util.Objects.requireNonNull(peerAddress));
  }

  /**
   * Reads the association's status from the kernel ({@code SCTP_STATUS}).
   *
   * @return the snapshot
   * @throws io.netty.channel.ChannelException when the kernel refuses (e.g. no association)
   */
  public SctpAssociationStatus status() {
    return SctpSockets.status(socket, 0);
  }

  /**
   * Messages the kernel abandoned under their PR-SCTP policy on this association ({@code
   * SCTP_PR_ASSOC_STATUS}). Linux reports a send-failed notification only for messages abandoned
   * before their first transmission; those abandoned after it are counted here alone.
   *
   * @return the counters
   * @throws io.netty.channel.ChannelException when the kernel refuses (e.g. the association is
   *     gone)
   */
  public SctpPrStatus prStatus() {
    return SctpSockets.prStatus(socket, 0);
  }

  /**
   * Reads the association's counters from the kernel ({@code SCTP_GET_ASSOC_STATS}); this read also
   * restarts the kernel's maximum-observed-RTO period.
   *
   * @return the snapshot
   * @throws io.netty.channel.ChannelException when the kernel refuses (e.g. no association)
   */
  public SctpAssociationStats associationStats() {
    return SctpSockets.stats(socket, 0);
  }

  /**
   * Reads one path of the association from the kernel ({@code SCTP_GET_PEER_ADDR_INFO}).
   *
   * @param peerAddress one of {@link #allRemoteAddresses()}
   * @return the path's snapshot
   * @throws io.netty.channel.ChannelException when the kernel refuses (e.g. not a peer address)
   */
  public SctpPeerAddressInfo peerAddressInfo(InetSocketAddress peerAddress) {
    return SctpSockets.peerAddressInfo(socket, 0, peerAddress);
  }

  /**
   * Resets streams' sequence numbers (RFC 6525 §5.1.2, §5.1.3; {@code SCTP_RESET_STREAMS}): the
   * next message on an outgoing stream reset carries SSN 0. Needs {@link
   * SctpReconfigRequest#RESET_STREAMS} in {@link SctpChannelOptions#SCTP_ENABLE_STREAM_RESET} on
   * both ends before the association is set up. Linux refuses an outgoing reset while messages of
   * those streams are still queued in it.
   *
   * @param direction this end's outgoing streams, the peer's, or both
   * @param streams the streams; none: all
   * @return succeeds when the peer has performed the reset (the kernel's {@link
   *     SctpNotification.StreamReset}); fails with {@link SctpReconfigurationException} (not
   *     negotiated, in progress, data queued, denied, failed, ended) or {@link
   *     InvalidSctpMessageException} naming the stream beyond the association's count
   */
  public Future<Void> resetStreams(SctpResetDirection direction, int... streams) {
    int[] list = streams.clone();
    return reconfigure(
        SctpReconfigRequest.RESET_STREAMS,
        p -> reconfigurations.resetStreams(0, 0, direction, list, p));
  }

  /**
   * Resets the association's TSNs and every stream's sequence numbers (RFC 6525 §5.1.4; {@code
   * SCTP_RESET_ASSOC}). Needs {@link SctpReconfigRequest#RESET_ASSOCIATION} enabled on both ends.
   *
   * @return succeeds when the peer has performed it ({@link SctpNotification.AssociationReset});
   *     fails as {@link #resetStreams}
   */
  public Future<Void> resetAssociation() {
    return reconfigure(
        SctpReconfigRequest.RESET_ASSOCIATION, p -> reconfigurations.resetAssociation(0, 0, p));
  }

  /**
   * Adds streams to the association (RFC 6525 §5.1.5, §5.1.6; {@code SCTP_ADD_STREAMS}). Needs
   * {@link SctpReconfigRequest#ADD_STREAMS} enabled on both ends. {@link #outboundStreams()}
   * follows the kernel's {@link SctpNotification.StreamChange}, so a new outbound stream takes
   * messages as soon as the returned future has succeeded.
   *
   * @param outbound outbound streams to add (0..65535)
   * @param inbound inbound streams to add (0..65535); at least one of the two is positive
   * @return succeeds when the peer has added them; fails as {@link #resetStreams}
   */
  public Future<Void> addStreams(int outbound, int inbound) {
    return reconfigure(
        SctpReconfigRequest.ADD_STREAMS,
        p -> reconfigurations.addStreams(0, 0, outbound, inbound, p));
  }

  /**
   * Sets an outbound stream's value for the association's scheduler ({@code
   * SCTP_STREAM_SCHEDULER_VALUE}, RFC 8260 §4.3.3): under {@link SctpStreamScheduler#PRIORITY}, its
   * priority (lower goes first; every stream starts at 0). The value belongs to the association:
   * set it once the channel is active. Any thread.
   *
   * @param stream an outbound stream of the association
   * @param value the value, 0..65535
   * @throws InvalidSctpMessageException naming {@code streamId} (beyond the association's outbound
   *     streams), {@code value} (out of range) or {@code associationId} (no association yet)
   */
  public void setStreamSchedulerValue(int stream, int value) {
    StreamSchedulers.setValue(socket, 0, stream, value);
  }

  /**
   * {@return an outbound stream's value for the association's scheduler}
   *
   * @param stream an outbound stream of the association
   * @throws InvalidSctpMessageException as {@link #setStreamSchedulerValue}
   */
  public int streamSchedulerValue(int stream) {
    return StreamSchedulers.value(socket, 0, stream);
  }

  /**
   * Adds a shared key, or replaces the key of that id ({@code SCTP_AUTH_KEY}): to the association
   * once it is up, to the endpoint (for the association to come) before. The key's bytes go to the
   * kernel only.
   *
   * @param key the key
   * @throws SctpAuthUnavailableException when AUTH is off or the peer did not negotiate it
   */
  public void addAuthKey(SctpAuthKey key) {
    SctpAuth.addKey(socket, authAssociation(), key);
  }

  /**
   * Makes a key the one this end authenticates its chunks with ({@code SCTP_AUTH_ACTIVE_KEY}).
   *
   * @param keyId a key added before
   * @throws InvalidSctpMessageException naming {@code keyId} when there is no such key (EINVAL)
   * @throws SctpAuthUnavailableException when AUTH is off or the peer did not negotiate it
   */
  public void activateAuthKey(int keyId) {
    SctpAuth.keyId(socket, SctpConstants.SCTP_AUTH_ACTIVE_KEY, authAssociation(), keyId);
  }

  /**
   * Stops using a key for sending ({@code SCTP_AUTH_DEACTIVATE_KEY}); once no chunk needs it, the
   * kernel reports {@link SctpNotification.AuthenticationIndication#FREE_KEY} and it may be
   * deleted.
   *
   * @param keyId a key added before, not the active one
   * @throws InvalidSctpMessageException naming {@code keyId} when there is no such key or it is the
   *     active one (EINVAL)
   * @throws SctpAuthUnavailableException when AUTH is off or the peer did not negotiate it
   */
  public void deactivateAuthKey(int keyId) {
    SctpAuth.keyId(socket, SctpConstants.SCTP_AUTH_DEACTIVATE_KEY, authAssociation(), keyId);
  }

  /**
   * Deletes a key ({@code SCTP_AUTH_DELETE_KEY}).
   *
   * @param keyId a key added before, not the active one
   * @throws InvalidSctpMessageException naming {@code keyId} when there is no such key or it is the
   *     active one (EINVAL)
   * @throws SctpAuthUnavailableException when AUTH is off or the peer did not negotiate it
   */
  public void deleteAuthKey(int keyId) {
    SctpAuth.keyId(socket, SctpConstants.SCTP_AUTH_DELETE_KEY, authAssociation(), keyId);
  }

  /**
   * {@return the identifier of the key this end authenticates with ({@code SCTP_AUTH_ACTIVE_KEY})}
   *
   * @throws SctpAuthUnavailableException when AUTH is off or the peer did not negotiate it
   */
  public int activeAuthKey() {
    return SctpAuth.activeKey(socket, authAssociation());
  }

  /**
   * {@return the chunk types the peer requires authenticated ({@code SCTP_PEER_AUTH_CHUNKS})}
   *
   * @throws io.netty.channel.ChannelException when the kernel refuses (EACCES: AUTH not negotiated)
   */
  public java.util.List<Integer> peerAuthChunks() {
    try {
      return SctpAuth.chunks(socket, true, 0);
    } catch (IOException e) {
      throw new io.netty.channel.ChannelException(e);
    }
  }

  /** The kernel ignores the id on a one-to-one socket; it only makes error messages precise. */
  private int authAssociation() {
    try {
      return isActive() ? socket.status(0).assocId() : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  private void refreshStreams() {
    try {
      outboundStreams = socket.status(0).outboundStreams();
    } catch (IOException e) {
      outboundStreams = -1;
    }
  }

  @Override
  protected AbstractUnsafe newUnsafe() {
    return new SctpUnsafe();
  }

  @Override
  protected Object filterOutboundMessage(Object msg) {
    SctpOutboundMessage m = OutboundMessages.toOutboundMessage(msg);
    try {
      check(m);
    } catch (InvalidSctpMessageException e) {
      written(m, e);
      throw e; // Netty fails the write and releases the message
    }
    return OutboundMessages.withDirectPayload(m, alloc());
  }

  private void check(SctpOutboundMessage m) {
    if (m.associationId() != 0 || m.peer() != null || m.isSendAll()) {
      throw new InvalidSctpMessageException(
          m.associationId() != 0 ? "associationId" : m.peer() != null ? "peer" : "sendAll",
          "names an association, which only a one-to-many channel (EpollSctpMultiChannel) does");
    }
    if (m.isAbort() && m.content().isReadable()) {
      throw new InvalidSctpMessageException(
          "abort",
          "a one-to-one association cannot carry an abort reason ("
              + m.content().readableBytes()
              + " B given): Linux refuses SCTP_ABORT in sendmsg on one-to-one sockets,"
              + " and the ABORT that closing with SO_LINGER 0 sends has no reason. Abort with an empty payload, or"
              + " send the reason from a one-to-many channel (EpollSctpMultiChannel)");
    }
    int streams = outboundStreams;
    if (streams >= 0 && m.streamId() >= streams) {
      throw new InvalidSctpMessageException(
          "streamId",
          m.streamId()
              + " is beyond the association's "
              + streams
              + " negotiated outbound streams (0.."
              + (streams - 1)
              + ")");
    }
  }

  /**
   * Writes the queued messages in order, one {@code sendmsg} each (every one but a flush's last
   * with {@code MSG_MORE}, so that small messages bundle: {@link FlushBundling}), until the queue
   * is empty, the kernel refuses one (EAGAIN: it stays queued and EPOLLOUT is armed, as in Netty's
   * {@code AbstractEpollStreamChannel}) or the write spin count is used up (then the loop lets
   * other channels run and comes back). A message the kernel refuses for itself fails alone; an
   * error that ends the association ends the channel.
   */
  @Override
  protected void doWrite(ChannelOutboundBuffer in) throws Exception {
    headBlocked = false;
    for (int spin = config.getWriteSpinCount(); spin > 0; spin--) {
      SctpOutboundMessage msg = (SctpOutboundMessage) in.current();
      if (msg == null) {
        clearFlag(EpollIoOps.EPOLLOUT);
        return;
      }
      if (msg.isAbort()) {
        // One-to-one sockets refuse SCTP_ABORT in sendmsg (EINVAL): an ABORT is what closing with a
        // zero linger sends. A reason cannot travel this way, so a message with one was refused
        // when written.
        messageSent(in, msg);
        abortNow();
        continue;
      }
      if (outputShutdown) {
        // What the kernel answers after shutdown(SHUT_WR); failing it here keeps the channel open
        // for the end.
        messageFailed(in, msg, messageFailure(msg, Errno.EPIPE));
        continue;
      }
      long result = 0;
      if (msg.content().isReadable()) {
        // One-to-one sockets refuse SCTP_EOF in sendmsg too: the association is shut down once it
        // is sent.
        OutboundMessages.prepare(sendMsg, msg, 0, 0, socket);
        int flags = bundling.flagsFor(in, msg, config.fragmentsDisabled(), spin == 1);
        result = sendMsg.send(socket, flags);
        if (result >= 0) {
          bundling.taken(flags, msg.content().readableBytes());
        }
      }
      if (result == -Errno.EAGAIN) {
        waitForRoom();
        return;
      }
      if (result < 0) {
        messageFailed(in, msg, messageFailure(msg, (int) -result));
        continue;
      }
      messageSent(in, msg);
      if (msg.isEof()) {
        shutdownOutput();
      }
    }
    flushLater();
  }

  /**
   * The kernel took {@code msg}, the head of {@code in}: the listeners hear it, then its write
   * succeeds.
   */
  private void messageSent(ChannelOutboundBuffer in, SctpOutboundMessage msg) {
    written(msg, null);
    in.remove();
  }

  /**
   * {@code msg}, the head of {@code in}, failed alone: the listeners hear it, then its write fails.
   */
  private void messageFailed(ChannelOutboundBuffer in, SctpOutboundMessage msg, Throwable cause) {
    written(msg, cause);
    in.remove(cause);
  }

  /**
   * @return why {@code msg} failed, to fail it alone
   * @throws SctpNativeException when the error ends the association (every pending write then fails
   *     with it)
   */
  Throwable messageFailure(SctpOutboundMessage msg, int errno) throws SctpNativeException {
    if (outputShutdown && errno == Errno.EPIPE) {
      return new ChannelOutputShutdownException(
          "written after the association's EOF: it is shutting down and"
              + " takes no more messages (stream "
              + msg.streamId()
              + ", context "
              + msg.context()
              + ")");
    }
    Throwable fault = OutboundMessages.messageFault(msg, errno, socket);
    if (fault != null) {
      return fault;
    }
    if (errno == Errno.EINVAL && msg.streamId() >= Math.max(0, outboundStreams)) {
      refreshStreams();
      return new InvalidSctpMessageException(
          "streamId",
          msg.streamId()
              + " is beyond the association's "
              + outboundStreams
              + " negotiated outbound streams");
    }
    SctpNativeException failure = SctpNativeException.of("sendmsg", errno);
    if (errno == Errno.ENOBUFS || errno == Errno.ENOMEM) {
      // The kernel could not allocate for this message (memory pressure), the association is
      // intact: the message fails alone, as the exception advises, and the writer may back off and
      // retry.
      return failure.withContext("stream " + msg.streamId() + ", context " + msg.context());
    }
    if (failure.isConnectionLost()) {
      // The association is gone and the channel closes: first hand on the notifications the kernel
      // queued for it (COMMUNICATION_LOST, a SEND_FAILED per message taken but not delivered).
      ((MessageUnsafe) unsafe()).drainBeforeClose();
    }
    // Netty closes the channel and fails every queued write with it; doClose tells the write
    // listeners.
    writeError = failure;
    throw failure;
  }

  /** An EOF message was sent: the association shuts down gracefully ({@code shutdown(SHUT_WR)}). */
  private void shutdownOutput() {
    outputShutdown = true;
    try {
      socket.shutdown(SctpConstants.SHUT_WR);
    } catch (IOException e) {
      pipeline().fireExceptionCaught(e);
    }
    eventLoop().schedule(watchShutdown, SHUTDOWN_WATCH_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * After an EOF, the association's end ({@code SHUTDOWN_COMPLETE}) waits in the receive queue
   * behind whatever the peer sent, and a channel that reads nothing (autoRead off and no read
   * pending, as a reactive connection without demand) would never learn of it: the kernel reports
   * no EPOLLHUP to the end that shut down. So the association's state is read every few
   * milliseconds until the kernel reports it closed (or no association); then the channel reads
   * what is queued and closes, as it does when a read finds the end.
   */
  private void watchShutdown() {
    if (!isOpen()) {
      return;
    }
    boolean ended;
    try {
      ended = socket.status(0).state() <= SctpConstants.SCTP_CLOSED;
    } catch (SctpNativeException e) {
      ended = true; // the kernel knows no association on this socket any more
    }
    if (!ended) {
      eventLoop().schedule(watchShutdown, SHUTDOWN_WATCH_MILLIS, TimeUnit.MILLISECONDS);
      return;
    }
    MessageUnsafe u = (MessageUnsafe) unsafe();
    u.drainBeforeClose();
    u.close(voidPromise());
  }

  /** Aborts the association at once (an ABORT chunk to the peer) and closes the channel. */
  public void abortNow() {
    if (eventLoop().inEventLoop()) {
      try {
        socket.setLinger(0);
      } catch (IOException ignored) {
        // Closing still ends the association; it is then graceful rather than an abort.
      }
      unsafe().close(voidPromise());
    } else {
      eventLoop().execute(this::abortNow);
    }
  }

  @Override
  protected void doClose() throws Exception {
    try {
      // Netty fails the queued writes right after this, with the error that closed the channel if
      // one did.
      Throwable cause = writeError != null ? writeError : new ClosedChannelException();
      outbound.forEachFlushedMessage(
          msg -> {
            written((SctpOutboundMessage) msg, cause);
            return true;
          });
      ChannelPromise promise = connectPromise;
      if (promise != null) {
        promise.tryFailure(new ClosedChannelException());
        connectPromise = null;
      }
      if (connectTimeoutFuture != null) {
        connectTimeoutFuture.cancel(false);
        connectTimeoutFuture = null;
      }
      ((SctpUnsafe) unsafe()).releaseReadState();
      reconfigurations.closed();
      super.doClose();
    } finally {
      sendMsg.close();
    }
  }

  private boolean doConnect(SocketAddress remoteAddress, SocketAddress localAddress)
      throws Exception {
    if (remoteAddress() != null) {
      throw new AlreadyConnectedException();
    }
    if (localAddress != null) {
      doBind(localAddress);
    }
    boolean connected =
        remoteAddress instanceof MultiHomedAddress multi
            ? socket.connectx(multi.addresses())
            : socket.connect(SctpAddresses.inet("remoteAddress", remoteAddress));
    if (!connected) {
      setFlag(EpollIoOps.EPOLLOUT);
    }
    return connected;
  }

  private final class SctpUnsafe extends MessageUnsafe {

    @Override
    public void connect(
        SocketAddress remoteAddress, SocketAddress localAddress, ChannelPromise promise) {
      if (promise.isDone() || !ensureOpen(promise)) {
        return;
      }
      try {
        if (connectPromise != null) {
          throw new ConnectionPendingException();
        }
        boolean wasActive = isActive();
        if (doConnect(remoteAddress, localAddress)) {
          fulfillConnect(promise, wasActive);
          return;
        }
        connectPromise = promise;
        requestedRemoteAddress =
            remoteAddress instanceof MultiHomedAddress multi
                ? multi.first()
                : (InetSocketAddress) remoteAddress;
        int timeoutMillis = config.getConnectTimeoutMillis();
        if (timeoutMillis > 0) {
          connectTimeoutFuture =
              eventLoop()
                  .schedule(
                      () -> {
                        ChannelPromise p = connectPromise;
                        if (p != null
                            && p.tryFailure(
                                new ConnectTimeoutException(
                                    "SCTP association to "
                                        + remoteAddress
                                        + " not up after "
                                        + timeoutMillis
                                        + " ms"))) {
                          close(voidPromise());
                        }
                      },
                      timeoutMillis,
                      TimeUnit.MILLISECONDS);
        }
        promise.addListener(
            f -> {
              if (f.isCancelled()) {
                if (connectTimeoutFuture != null) {
                  connectTimeoutFuture.cancel(false);
                }
                connectPromise = null;
                close(voidPromise());
              }
            });
      } catch (Throwable t) {
        closeIfClosed();
        promise.tryFailure(t);
      }
    }

    private void fulfillConnect(ChannelPromise promise, boolean wasActive) {
      active = true;
      cacheAddresses();
      refreshStreams();
      boolean promiseSet = promise.trySuccess();
      if (!wasActive && isActive()) {
        pipeline().fireChannelActive();
      }
      if (!promiseSet) {
        close(voidPromise());
      }
    }

    @Override
    void epollOutReady() {
      if (connectPromise != null) {
        finishConnect();
      } else {
        super.epollOutReady();
      }
    }

    private void finishConnect() {
      ChannelPromise promise = connectPromise;
      boolean stillInProgress = false;
      try {
        boolean wasActive = isActive();
        if (!socket.finishConnect()) {
          stillInProgress = true;
          return;
        }
        clearFlag(EpollIoOps.EPOLLOUT);
        fulfillConnect(promise, wasActive);
      } catch (Throwable t) {
        promise.tryFailure(
            t instanceof SctpNativeException e
                ? e.withContext("association to " + requestedRemoteAddress)
                : t);
        closeIfClosed();
      } finally {
        if (!stillInProgress) {
          if (connectTimeoutFuture != null) {
            connectTimeoutFuture.cancel(false);
          }
          connectPromise = null;
        }
      }
    }

    /**
     * On a one-to-one socket the kernel sets the socket error (EPOLLERR) only when the association
     * failed (aborted, retransmissions exhausted), and reports EPOLLHUP once it is shut down both
     * ways: it has ended, so the channel hands on what the kernel still holds for it (its data, its
     * COMMUNICATION_LOST, the SEND_FAILED reports) whatever the demand, and closes, as it does when
     * a read finds the end. Waiting for a read() instead would spin the event loop on the
     * level-triggered error (a whole core, measured), and leave a reactive connection without
     * demand unaware that it has ended.
     */
    @Override
    void endReportedWhileNotReading() {
      drainBeforeClose();
      close(voidPromise());
    }

    @Override
    void notificationRead(SctpNotification event) {
      if (event instanceof SctpNotification.AssociationChange change) {
        switch (change.state()) {
          case COMMUNICATION_UP, RESTART -> outboundStreams = change.outboundStreams();
          // The kernel may never report end-of-file on a one-to-one socket whose association is
          // gone: this notification is the reliable sign, so the channel closes once it has been
          // delivered.
          case SHUTDOWN_COMPLETE, COMMUNICATION_LOST, CANNOT_START_ASSOCIATION -> {
            reconfigurations.ended(0);
            closeAfterRead();
          }
        }
      }
      if (event instanceof SctpNotification.StreamChange) {
        // Linux reports the number of streams added, not the new count: the status has it. Read
        // before the request's future completes, so the new streams take messages at once.
        refreshStreams();
      }
      reconfigurations.notificationRead(0, event);
    }
  }
}
