package io.reactorsctp.channel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.AbstractChannel;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.reactorsctp.Errno;
import io.reactorsctp.SctpNativeException;
import io.reactorsctp.internal.nativeio.RecvMsg;
import io.reactorsctp.internal.nativeio.SctpConstants;
import io.reactorsctp.internal.nativeio.SctpSocket;
import io.reactorsctp.internal.nativeio.SendMsg;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What every SCTP channel on Netty's epoll loop shares. Public only so that its methods (addresses,
 * run-time bindx) are reachable on the concrete channels; not meant to be extended outside this
 * package.
 */
public abstract sealed class AbstractEpollSctpChannel extends AbstractChannel
    permits EpollSctpChannel, EpollSctpServerChannel, EpollSctpMultiChannel {

  private static final InternalLogger logger =
      InternalLoggerFactory.getInstance(AbstractEpollSctpChannel.class);
  private static final ChannelMetadata METADATA = new ChannelMetadata(false, 16);

  // The socket, its registration through Netty's public EpollIoHandle API, and the interest set.
  // Interest is level-triggered: EPOLLIN only while reading is wanted, EPOLLOUT only while the
  // kernel refused a write (EAGAIN).
  final SctpSocket socket;
  final EpollSctpChannelConfig config;
  private final FileDescriptor nettyFd;
  private IoRegistration registration;
  // Never NONE: Netty's registration turns an empty interest set into EPOLL_CTL_DEL yet keeps
  // treating the fd as added, so the next change would fail with ENOENT. EPOLLERR is reported by
  // epoll regardless.
  private EpollIoOps ops = EpollIoOps.EPOLLERR;
  volatile boolean active;
  // The kernel refused the head of the outbound buffer (EAGAIN): flushing waits for EPOLLOUT.
  boolean headBlocked;
  private volatile InetSocketAddress local;
  private volatile InetSocketAddress remote;
  long eagainCount; // written on the event loop only
  // Copied on change, so that telling them allocates nothing per message.
  private volatile SctpWriteListener[] writeListeners = new SctpWriteListener[0];
  private final Object writeListenersLock = new Object();
  private final Runnable flushTask = () -> ((AbstractSctpUnsafe) unsafe()).forceFlush();
  // Event loop only: a read loop is delivering messages, and whether to flush when it has ended.
  private boolean readLoopRunning;
  private boolean flushWhenReadLoopEnds;
  // Stream reconfiguration requests awaiting the peer's answer (RFC 6525). Event loop only.
  final StreamReconfigurations reconfigurations;

  AbstractEpollSctpChannel(Channel parent, SctpSocket socket, boolean active) {
    super(parent);
    this.socket = socket;
    // Netty only reads the number: the socket's life is ours (SctpSocket.close), never
    // FileDescriptor.close.
    this.nettyFd = new FileDescriptor(socket.fd());
    this.active = active;
    this.config = new EpollSctpChannelConfig(this, socket);
    this.reconfigurations = new StreamReconfigurations(socket);
    SctpSockets.prepare(socket);
    if (active) {
      cacheAddresses();
    }
  }

  /**
   * Runs a stream reconfiguration request on the event loop; its future completes from the
   * notification that reports the peer's answer.
   */
  final io.netty.util.concurrent.Future<Void> reconfigure(
      SctpReconfigRequest request,
      java.util.function.Consumer<io.netty.util.concurrent.Promise<Void>> send) {
    io.netty.util.concurrent.Promise<Void> promise = eventLoop().newPromise();
    Runnable task =
        () -> {
          if (!isActive()) {
            promise.tryFailure(
                new SctpReconfigurationException(
                    request,
                    SctpReconfigurationException.Outcome.ENDED,
                    "associationId",
                    "the channel has no association (not connected, or closed)"));
            return;
          }
          send.accept(promise);
        };
    if (eventLoop().inEventLoop()) {
      task.run();
    } else {
      eventLoop().execute(task);
    }
    return promise;
  }

  @Override
  public EpollSctpChannelConfig config() {
    return config;
  }

  @Override
  public ChannelMetadata metadata() {
    return METADATA;
  }

  @Override
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) super.localAddress();
  }

  /**
   * Binds, then listens: a server or one-to-many endpoint is active, accepting associations, once
   * bound.
   */
  final void bindAndListen(SocketAddress localAddress) throws Exception {
    bindLocal(localAddress);
    socket.listen(config().getBacklog());
    active = true;
  }

  final void cacheAddresses() {
    local = socket.localAddress();
    remote = socket.remoteAddress();
  }

  final void cacheLocalAddress() {
    local = socket.localAddress();
  }

  final void setFlag(EpollIoOps flag) {
    if (ops.contains(flag)) {
      return;
    }
    ops = ops.with(flag);
    if (registration != null) {
      registration.submit(ops);
    }
  }

  final void clearFlag(EpollIoOps flag) {
    if (!ops.contains(flag)) {
      return;
    }
    ops = ops.without(flag);
    if (registration != null) {
      registration.submit(ops);
    }
  }

  final boolean isFlagSet(EpollIoOps flag) {
    return ops.contains(flag);
  }

  /**
   * Counts the kernel's EAGAIN refusals of this channel's writes.
   *
   * @return how often the kernel refused a message with EAGAIN (its send buffer full) since the
   *     channel opened; written on the event loop, readable from any thread (a metrics scrape may
   *     see a slightly older value)
   */
  public long eagainCount() {
    return eagainCount;
  }

  @Override
  public boolean isOpen() {
    return socket.isOpen();
  }

  @Override
  public boolean isActive() {
    return active;
  }

  @Override
  protected SocketAddress localAddress0() {
    return local;
  }

  @Override
  protected SocketAddress remoteAddress0() {
    return remote;
  }

  @Override
  protected boolean isCompatible(EventLoop loop) {
    return loop instanceof IoEventLoop ioLoop && ioLoop.isCompatible(AbstractSctpUnsafe.class);
  }

  @Override
  protected void doRegister(ChannelPromise promise) {
    ((IoEventLoop) eventLoop())
        .register((AbstractSctpUnsafe) unsafe())
        .addListener(
            f -> {
              if (f.isSuccess()) {
                registration = (IoRegistration) f.getNow();
                registration.submit(ops);
                promise.setSuccess();
              } else {
                promise.setFailure(f.cause());
              }
            });
  }

  @Override
  protected void doDeregister() {
    IoRegistration r = registration;
    if (r != null) {
      registration = null;
      r.cancel();
    }
  }

  @Override
  protected void doBeginRead() {
    ((AbstractSctpUnsafe) unsafe()).readPending = true;
    setFlag(EpollIoOps.EPOLLIN);
  }

  @Override
  protected void doBind(SocketAddress localAddress) throws Exception {
    bindLocal(localAddress);
  }

  private void bindLocal(SocketAddress localAddress) throws Exception {
    if (localAddress instanceof MultiHomedAddress multi) {
      socket.bind(multi.first());
      cacheLocalAddress();
      if (multi.addresses().size() > 1) {
        int port = localAddressPort();
        socket.bindx(
            multi.addresses().subList(1, multi.addresses().size()).stream()
                .map(a -> new InetSocketAddress(a.getAddress(), port))
                .toList(),
            true);
      }
      return;
    }
    socket.bind(SctpAddresses.inet("localAddress", localAddress));
    cacheLocalAddress();
  }

  private int localAddressPort() {
    InetSocketAddress l = local;
    return l == null ? 0 : l.getPort();
  }

  /**
   * Lists the local addresses ({@code SCTP_GET_LOCAL_ADDRS}).
   *
   * @return every local address of the socket or its association (several when multi-homed)
   * @throws ChannelException when the kernel refuses
   */
  public List<InetSocketAddress> allLocalAddresses() {
    try {
      return socket.addresses(false, 0);
    } catch (IOException e) {
      throw new ChannelException(e);
    }
  }

  /**
   * Adds a local address at run time ({@code sctp_bindx} ADD). On a live association Linux sends
   * the peer an ASCONF with an Add IP Address parameter (RFC 5061), which needs {@link
   * SctpChannelOptions#SCTP_ASCONF_SUPPORTED} on both ends before the association is set up.
   *
   * @param address the address, on the channel's port; it must be an address of this host
   * @return completes once the kernel has bound it and sent (or queued, behind an unanswered one)
   *     the ASCONF; fails with {@link SctpAddressChangeException} (not enabled, not negotiated: the
   *     kernel's change is undone) or the kernel's {@link io.reactorsctp.SctpNativeException}
   *     naming the address (EADDRNOTAVAIL: not on this host; EINVAL: the socket is bound to the
   *     wildcard, or another family)
   */
  public ChannelFuture bindAddress(InetAddress address) {
    return bindx(address, true);
  }

  /**
   * Removes a local address at run time ({@code sctp_bindx} REM). On a live association Linux sends
   * the peer an ASCONF with a Delete IP Address parameter (RFC 5061), as for {@link #bindAddress}.
   *
   * @param address the address
   * @return completes once the kernel has removed it and sent (or queued) the ASCONF; fails with
   *     {@link SctpAddressChangeException} (the last address: EBUSY; not enabled; not negotiated)
   *     or the kernel's refusal naming the address (EINVAL: not bound)
   */
  public ChannelFuture unbindAddress(InetAddress address) {
    return bindx(address, false);
  }

  private ChannelFuture bindx(InetAddress address, boolean add) {
    ChannelPromise promise = newPromise();
    eventLoop()
        .execute(
            () -> {
              try {
                DynamicAddresses.change(
                    socket,
                    new InetSocketAddress(address, localAddressPort()),
                    add,
                    this::addressChangeUnheard);
                promise.setSuccess();
              } catch (Throwable t) {
                promise.setFailure(t);
              }
            });
    return promise;
  }

  /**
   * After the kernel added or removed a local address: why the association(s) would not learn of it
   * (ASCONF off or not negotiated), or null. Event loop.
   */
  SctpAddressChangeException.Reason addressChangeUnheard() throws Exception {
    return null;
  }

  @Override
  protected void doDisconnect() throws Exception {
    doClose();
  }

  @Override
  protected void doClose() throws Exception {
    active = false;
    try {
      if (registration != null) {
        EventLoop loop = eventLoop();
        if (loop.inEventLoop()) {
          doDeregister();
        } else {
          loop.execute(this::doDeregister);
        }
      }
    } finally {
      socket.close();
    }
  }

  /**
   * Registers a listener that hears what becomes of every message written to this channel (see
   * {@link SctpWriteListener}; a server channel writes nothing). Listeners are called in
   * registration order; registering one twice calls it twice. Any thread.
   *
   * @param listener the listener
   */
  public final void addWriteListener(SctpWriteListener listener) {
    Objects.requireNonNull(listener, "listener");
    synchronized (writeListenersLock) {
      SctpWriteListener[] grown = Arrays.copyOf(writeListeners, writeListeners.length + 1);
      grown[grown.length - 1] = listener;
      writeListeners = grown;
    }
  }

  /**
   * Removes a listener registered with {@link #addWriteListener} (one registration of it).
   *
   * @param listener the listener
   */
  public final void removeWriteListener(SctpWriteListener listener) {
    synchronized (writeListenersLock) {
      List<SctpWriteListener> kept = new ArrayList<>(List.of(writeListeners));
      if (kept.remove(listener)) {
        writeListeners = kept.toArray(SctpWriteListener[]::new);
      }
    }
  }

  /**
   * Tells the write listeners what became of {@code msg} (its payload still readable). Event loop
   * only.
   */
  final void written(SctpOutboundMessage msg, Throwable failure) {
    for (SctpWriteListener listener : writeListeners) {
      try {
        listener.written(msg, failure);
      } catch (Throwable t) {
        logger.warn("write listener {} failed on {}", listener, msg, t);
      }
    }
  }

  /**
   * Flushes once the read loop in progress has ended, right after its {@code channelReadComplete}:
   * what the handlers wrote in answer to the messages of one read loop leaves together, as from a
   * handler that flushes in {@code channelReadComplete}, without a task.
   *
   * @return whether a read loop is in progress and will flush; {@code false} (off the event loop,
   *     or between read loops) arranges nothing
   */
  public final boolean flushAfterReadLoop() {
    if (!readLoopRunning || !eventLoop().inEventLoop()) {
      return false;
    }
    flushWhenReadLoopEnds = true;
    return true;
  }

  /** A read loop starts handing messages on: writes may ask to be flushed when it ends. */
  final void readLoopStarted() {
    readLoopRunning = true;
  }

  /** The read loop has ended: the flush it was asked for, if any. */
  final void readLoopEnded() {
    readLoopRunning = false;
    if (flushWhenReadLoopEnds) {
      flushWhenReadLoopEnds = false;
      flush();
    }
  }

  /** The kernel refused the head of the outbound buffer (EAGAIN): flushing waits for EPOLLOUT. */
  final void waitForRoom() {
    eagainCount++;
    headBlocked = true;
    setFlag(EpollIoOps.EPOLLOUT);
  }

  /** The write spin count is used up: the loop lets other channels run, then flushes again. */
  final void flushLater() {
    eventLoop().execute(flushTask);
  }

  /**
   * The channel's unsafe is also its epoll handle: Netty's loop calls {@link #handle} with ready
   * events.
   */
  abstract class AbstractSctpUnsafe extends AbstractUnsafe implements EpollIoHandle {
    boolean readPending;

    @Override
    public FileDescriptor fd() {
      return nettyFd;
    }

    @Override
    public void close() {
      close(voidPromise());
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
      EpollIoOps ready = ((EpollIoEvent) event).ops();
      boolean out = ready.contains(EpollIoOps.EPOLLOUT) || ready.contains(EpollIoOps.EPOLLERR);
      // Anything beyond EPOLLOUT (EPOLLIN, EPOLLERR, EPOLLRDHUP, and EPOLLHUP, which epoll reports
      // unasked) is handled by reading: the read finds the data, the notification, the end of the
      // association or the error.
      boolean in = (ready.value() & ~EpollIoOps.EPOLLOUT.value()) != 0;
      if (!active) {
        // A pending connect must be finished (or failed) before anything is read.
        if (out) {
          epollOutReady();
        }
        if (in && isOpen()) {
          epollInReady();
        }
        return;
      }
      // Reading first: when the association has ended, its end and the send-failed reports queued
      // behind it are read before a write meets the error and closes the channel.
      if (in
          && (ready.value() & (SctpConstants.EPOLLERR | SctpConstants.EPOLLHUP)) != 0
          && !isFlagSet(EpollIoOps.EPOLLIN)) {
        // The kernel reports these whatever the interest set, and keeps reporting them
        // (level-triggered) while its error stands: a channel that reads nothing now would spin on
        // them.
        endReportedWhileNotReading();
      } else if (in) {
        epollInReady();
      }
      if (out && isOpen()) {
        epollOutReady();
      }
    }

    abstract void epollInReady();

    /**
     * Epoll reported an error or hang-up while the channel reads nothing (autoRead off, no read
     * pending). A one-to-one channel ends its association; the others handle it as any readiness.
     */
    void endReportedWhileNotReading() {
      epollInReady();
    }

    /** The kernel has room again: the head of the outbound buffer goes first. */
    void epollOutReady() {
      headBlocked = false;
      forceFlush();
      if (!headBlocked) {
        clearFlag(EpollIoOps.EPOLLOUT);
      }
    }

    /**
     * Flushes now, bypassing {@link #flush0()}'s wait for EPOLLOUT (writable again, or resuming a
     * long flush).
     */
    final void forceFlush() {
      super.flush0();
    }

    @Override
    protected final void flush0() {
      // While the head of the queue waits for room, the loop flushes when the kernel reports some.
      if (!headBlocked) {
        super.flush0();
      }
    }

    final boolean shouldStopReading() {
      return !readPending && !config().isAutoRead();
    }

    final void clearEpollIn() {
      readPending = false;
      try {
        clearFlag(EpollIoOps.EPOLLIN);
      } catch (UncheckedIOException e) {
        pipeline().fireExceptionCaught(e);
        close(voidPromise());
      }
    }
  }

  /**
   * The read side of channels that carry messages: a read loop driven by the {@link
   * RecvByteBufAllocator}, pieces without MSG_EOR gathered into one message up to the configured
   * maximum, notifications parsed and fired.
   */
  abstract class MessageUnsafe extends AbstractSctpUnsafe {
    final RecvMsg recvMsg = new RecvMsg();
    private final ReceiveBuffer receiveBuffer = new ReceiveBuffer();
    // Describes a message that arrives whole, the usual case: reused, so reading one allocates
    // nothing for it.
    private final FirstPiece first = new FirstPiece();
    // Messages arriving in pieces, by association and stream: with SCTP_FRAGMENT_INTERLEAVE 1,
    // Linux hands on the pieces of different associations' messages in turn (and with I-DATA, of
    // different streams), so each is gathered on its own. Notifications, which carry neither, have
    // their own slot.
    private final Map<Long, Reassembly> inProgress = new HashMap<>();
    private boolean closeAfterRead;

    /**
     * recvmsg returned 0 without a notification: on a one-to-one socket, the peer shut down and all
     * was read.
     */
    void endOfStream() {
      closeAfterRead();
    }

    /** Called for each notification before it is fired. */
    void notificationRead(SctpNotification event) {}

    /** The channel closes once the current read loop has delivered what it read. */
    final void closeAfterRead() {
      closeAfterRead = true;
    }

    @Override
    void epollInReady() {
      ChannelConfig cfg = config();
      if (shouldStopReading() && !isFlagSet(EpollIoOps.EPOLLIN)) {
        return;
      }
      ChannelPipeline pipeline = pipeline();
      ByteBufAllocator alloc = cfg.getAllocator();
      RecvByteBufAllocator.ExtendedHandle handle =
          (RecvByteBufAllocator.ExtendedHandle) recvBufAllocHandle();
      handle.reset(cfg);
      Throwable error = null;
      readLoopStarted();
      try {
        do {
          ByteBuf buf = receiveBuffer.take(alloc, handle.guess());
          handle.attemptedBytesRead(buf.writableBytes());
          long n;
          try {
            n = recvMsg.receive(socket, addressOf(buf) + buf.writerIndex(), buf.writableBytes());
          } catch (RuntimeException e) {
            buf.release();
            throw e;
          }
          if (n < 0) {
            buf.release();
            int errno = (int) -n;
            if (errno == Errno.EAGAIN) {
              handle.lastBytesRead(0);
              break;
            }
            throw SctpNativeException.of("recvmsg", errno);
          }
          if (n == 0 && !recvMsg.isNotification()) {
            buf.release();
            handle.lastBytesRead(-1);
            endOfStream();
            break;
          }
          buf.writerIndex(buf.writerIndex() + (int) n);
          handle.lastBytesRead((int) n);
          if (handle instanceof SctpMessageRecvByteBufAllocator.MessageHandle sized) {
            sized.read((int) n, recvMsg.isEndOfRecord(), recvMsg.isNotification());
          }
          readPending = false;
          deliver(buf, pipeline);
          handle.incMessagesRead(1);
          // A handler may close the channel while handling the message, which frees recvMsg: stop
          // then.
        } while (isOpen() && handle.continueReading(() -> true));
      } catch (Throwable t) {
        error = t;
      }
      handle.readComplete();
      try {
        pipeline.fireChannelReadComplete();
      } finally {
        readLoopEnded();
      }
      if (error != null) {
        pipeline.fireExceptionCaught(error);
        if (error instanceof IOException) {
          close(voidPromise());
          return;
        }
      }
      if (closeAfterRead) {
        drainBeforeClose();
        close(voidPromise());
        return;
      }
      if (shouldStopReading()) {
        clearEpollIn();
      }
    }

    /**
     * The association ended: reads what the kernel still holds for it, whatever the demand, before
     * the socket closes. Linux queues one {@code SEND_FAILED} notification per message it had taken
     * but not delivered when it frees the association, after {@code COMMUNICATION_LOST}; closing
     * without reading them would lose the only report of those messages. Bounded by the socket's
     * receive queue.
     */
    final void drainBeforeClose() {
      if (!isOpen()) {
        return;
      }
      ChannelPipeline pipeline = pipeline();
      ByteBufAllocator alloc = config().getAllocator();
      try {
        while (isOpen()) {
          ByteBuf buf = alloc.directBuffer(2048);
          long n;
          try {
            n = recvMsg.receive(socket, addressOf(buf) + buf.writerIndex(), buf.writableBytes());
          } catch (RuntimeException e) {
            buf.release();
            throw e;
          }
          if (n < 0 || (n == 0 && !recvMsg.isNotification())) {
            buf.release();
            break; // EAGAIN, end of file or an error: nothing more to hand on, the channel closes
            // anyway
          }
          buf.writerIndex(buf.writerIndex() + (int) n);
          deliver(buf, pipeline);
        }
      } catch (RuntimeException e) {
        pipeline.fireExceptionCaught(e);
      }
      pipeline.fireChannelReadComplete();
    }

    /**
     * Hands one recvmsg result on: a complete message, or a piece kept until its MSG_EOR arrives.
     */
    private void deliver(ByteBuf piece, ChannelPipeline pipeline) {
      long slot =
          recvMsg.isNotification() ? NOTIFICATION_SLOT : slot(recvMsg.assocId(), recvMsg.stream());
      Reassembly gathering = inProgress.isEmpty() ? null : inProgress.get(slot);
      if (gathering == null) {
        // The first piece's RCVINFO describes the whole message.
        if (recvMsg.isEndOfRecord()) {
          first.capture(recvMsg);
          fire(first, piece, pipeline);
          return;
        }
        gathering = new Reassembly(piece.alloc(), recvMsg);
        inProgress.put(slot, gathering);
      }
      if (recvMsg.isEndOfRecord()) {
        inProgress.remove(slot);
      }
      if (gathering.partial == null) {
        // The rest of a message already reported too large: the association stays up, the message
        // is dropped.
        piece.release();
        return;
      }
      gathering.partial.addComponent(true, piece);
      int max = config().getMaxMessageSize();
      if (gathering.partial.readableBytes() > max) {
        int size = gathering.partial.readableBytes();
        gathering.release();
        pipeline.fireExceptionCaught(new SctpMessageTooLargeException(size, max));
        return;
      }
      if (recvMsg.isEndOfRecord()) {
        fire(gathering.first, gathering.partial, pipeline);
      }
    }

    private void fire(FirstPiece description, ByteBuf message, ChannelPipeline pipeline) {
      if (description.notification) {
        SctpNotification event;
        try {
          event = SctpNotificationParser.parse(message);
        } finally {
          message.release();
        }
        if (event instanceof SctpNotification.PartialDelivery aborted) {
          // The kernel gave up the message it was delivering in pieces (the association ended
          // mid-message): its pieces are no message, and the notification fired next is how the
          // application learns of it.
          dropPartial(aborted.associationId(), aborted.streamId());
        }
        notificationRead(event);
        pipeline.fireUserEventTriggered(event);
        return;
      }
      pipeline.fireChannelRead(description.toMessage(message));
    }

    /**
     * Drops the message of that association and stream; Linux names stream 0 for messages sent in
     * DATA chunks (only I-DATA gives the real stream), where an association delivers one message in
     * pieces at a time: then whatever that association was gathering goes.
     */
    private void dropPartial(int associationId, int stream) {
      Reassembly gathering = inProgress.remove(slot(associationId, stream));
      if (gathering != null) {
        gathering.release();
        return;
      }
      inProgress
          .entrySet()
          .removeIf(
              e -> {
                boolean ofAssociation =
                    e.getKey() != NOTIFICATION_SLOT && (int) (e.getKey() >> 16) == associationId;
                if (ofAssociation) {
                  e.getValue().release();
                }
                return ofAssociation;
              });
    }

    private void releasePartial() {
      inProgress.values().forEach(Reassembly::release);
      inProgress.clear();
    }

    /** Frees what reading holds, when the channel closes. */
    void releaseReadState() {
      releasePartial();
      receiveBuffer.release();
      recvMsg.close();
    }
  }

  /**
   * Where notifications arriving in pieces are gathered: no association id and stream can make this
   * key.
   */
  private static final long NOTIFICATION_SLOT = -1L;

  /** {@return the reassembly key of one association's stream} */
  static long slot(int associationId, int stream) {
    return ((long) associationId << 16) | (stream & 0xFFFF);
  }

  /**
   * A message arriving in pieces: its description and the pieces so far, or none once it is being
   * dropped.
   */
  static final class Reassembly {
    final FirstPiece first = new FirstPiece();
    CompositeByteBuf partial;

    Reassembly(ByteBufAllocator alloc, RecvMsg firstPiece) {
      first.capture(firstPiece);
      partial = alloc.compositeDirectBuffer(Integer.MAX_VALUE);
    }

    /** Frees the pieces; the rest of the message, if any, is then dropped as it arrives. */
    void release() {
      if (partial != null) {
        partial.release();
        partial = null;
      }
    }
  }

  /** The kernel's description of the message being read, taken from its first piece. */
  static final class FirstPiece {
    boolean notification;
    int stream;
    int ssn;
    int ppid;
    int flags;
    int tsn;
    int cumTsn;
    int context;
    int assocId;

    void capture(RecvMsg r) {
      notification = r.isNotification();
      if (!notification) {
        stream = r.stream();
        ssn = r.ssn();
        ppid = r.ppid();
        flags = r.flags();
        tsn = r.tsn();
        cumTsn = r.cumTsn();
        context = r.context();
        assocId = r.assocId();
      }
    }

    SctpInboundMessage toMessage(ByteBuf payload) {
      return new SctpInboundMessage(
          payload,
          stream,
          ssn,
          ppid,
          (flags & SctpConstants.SCTP_UNORDERED) != 0,
          tsn,
          cumTsn,
          context,
          assocId);
    }
  }

  static long addressOf(ByteBuf buf) {
    if (buf.hasMemoryAddress()) {
      return buf.memoryAddress();
    }
    return SendMsg.addressOf(buf.internalNioBuffer(0, buf.capacity()));
  }
}
