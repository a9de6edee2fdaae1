package io.reactorsctp.channel;

import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.ServerChannel;
import io.reactorsctp.SctpNativeException;
import io.reactorsctp.internal.nativeio.SctpSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A listening one-to-one SCTP socket as a Netty server channel on the epoll event loop: each
 * accepted association becomes an {@link EpollSctpChannel} child, set up by {@code ServerBootstrap}
 * as usual.
 */
public final class EpollSctpServerChannel extends AbstractEpollSctpChannel
    implements ServerChannel {

  /** Opens a new IPv6 listening socket (also accepting IPv4 peers). */
  public EpollSctpServerChannel() {
    super(null, SctpSockets.openStream(), false);
  }

  @Override
  protected void doBind(SocketAddress localAddress) throws Exception {
    bindAndListen(localAddress);
  }

  @Override
  protected void doWrite(ChannelOutboundBuffer in) {
    throw new UnsupportedOperationException("a server channel does not write");
  }

  @Override
  protected Object filterOutboundMessage(Object msg) {
    throw new UnsupportedOperationException("a server channel does not write");
  }

  @Override
  protected AbstractUnsafe newUnsafe() {
    return new AcceptUnsafe();
  }

  private final class AcceptUnsafe extends AbstractSctpUnsafe {
    // Children close on their own loops, possibly after this one has terminated: counted without a
    // task.
    private final AtomicInteger associations = new AtomicInteger();

    @Override
    public void connect(SocketAddress remote, SocketAddress local, ChannelPromise promise) {
      promise.setFailure(new UnsupportedOperationException("a server channel does not connect"));
    }

    @Override
    void epollInReady() {
      ChannelConfig cfg = config();
      ChannelPipeline pipeline = pipeline();
      RecvByteBufAllocator.Handle handle = recvBufAllocHandle();
      handle.reset(cfg);
      handle.attemptedBytesRead(1);
      Throwable error = null;
      try {
        do {
          SctpSocket child = socket.accept();
          if (child == null) {
            handle.lastBytesRead(-1);
            break;
          }
          handle.lastBytesRead(1);
          handle.incMessagesRead(1);
          readPending = false;
          int limit = config.getMaxAssociations();
          if (associations.get() >= limit) {
            InetSocketAddress peer = child.remoteAddress();
            try {
              child.setLinger(0); // closing now sends ABORT
            } finally {
              child.close();
            }
            pipeline.fireExceptionCaught(new SctpAssociationLimitException(limit, peer));
            continue;
          }
          EpollSctpChannel channel;
          try {
            channel = new EpollSctpChannel(EpollSctpServerChannel.this, child, true);
          } catch (RuntimeException e) {
            child.close();
            throw e;
          }
          associations.incrementAndGet();
          channel.closeFuture().addListener(f -> associations.decrementAndGet());
          pipeline.fireChannelRead(channel);
        } while (handle.continueReading());
      } catch (SctpNativeException | RuntimeException e) {
        error = e;
      }
      handle.readComplete();
      pipeline.fireChannelReadComplete();
      if (error != null) {
        pipeline.fireExceptionCaught(error);
      }
      if (shouldStopReading()) {
        clearEpollIn();
      }
    }
  }
}
