package io.reactorsctp.wire;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.ReferenceCountUtil;
import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.EpollSctpMultiChannel;
import io.reactorsctp.channel.EpollSctpServerChannel;
import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpNotification;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Event loops, endpoints and collectors for the wire tests, on the library's public API only. */
public final class WireKit implements AutoCloseable {
  /** How long a test waits for anything the kernel or the peer should do. */
  public static final long WAIT_SECONDS = 30;

  public final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());

  /** What an endpoint received, as plain values. */
  public record Received(
      int associationId, int stream, int ppid, boolean unordered, int context, String text) {}

  /** Collects what a channel reads and the notifications it fires; every wait has a deadline. */
  public static final class Collector extends ChannelInboundHandlerAdapter {
    public final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();
    public final BlockingQueue<SctpNotification> notifications = new LinkedBlockingQueue<>();

    /**
     * What the channel raised: a test that aborts an association provokes the reader's ECONNRESET,
     * which is kept here rather than logged with its stack trace by Netty's tail.
     */
    public final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      SctpInboundMessage m = (SctpInboundMessage) msg;
      try {
        messages.add(
            new Received(
                m.associationId(),
                m.streamId(),
                m.ppid(),
                m.isUnordered(),
                m.context(),
                m.content().toString(StandardCharsets.UTF_8)));
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof SctpNotification n) {
        notifications.add(n);
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      errors.add(cause);
    }

    /** {@return the next message; fails the test after {@link #WAIT_SECONDS}} */
    public Received next() throws InterruptedException {
      Received r = messages.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      if (r == null) {
        throw new AssertionError("no message within " + WAIT_SECONDS + " s");
      }
      return r;
    }

    /** {@return the next notification of that kind; fails the test after {@link #WAIT_SECONDS}} */
    public <T extends SctpNotification> T next(Class<T> kind, Predicate<T> which)
        throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
      for (long left; (left = deadline - System.nanoTime()) > 0; ) {
        SctpNotification n = notifications.poll(left, TimeUnit.NANOSECONDS);
        if (kind.isInstance(n) && which.test(kind.cast(n))) {
          return kind.cast(n);
        }
      }
      throw new AssertionError(
          "no " + kind.getSimpleName() + " as expected within " + WAIT_SECONDS + " s");
    }
  }

  /**
   * {@return a one-to-one server on 127.0.0.1, an ephemeral port; its associations read into {@code
   * child}}
   */
  public EpollSctpServerChannel server(ChannelHandler child) throws InterruptedException {
    return server(new InetSocketAddress("127.0.0.1", 0), child);
  }

  /** {@return a one-to-one server bound to {@code local}} */
  public EpollSctpServerChannel server(SocketAddress local, ChannelHandler child)
      throws InterruptedException {
    return (EpollSctpServerChannel)
        new ServerBootstrap()
            .group(group)
            .channel(EpollSctpServerChannel.class)
            .childHandler(child)
            .bind(local)
            .sync()
            .channel();
  }

  /** {@return a one-to-one association to {@code server}} */
  public EpollSctpChannel client(SocketAddress server, ChannelHandler handler)
      throws InterruptedException {
    return (EpollSctpChannel)
        new Bootstrap()
            .group(group)
            .channel(EpollSctpChannel.class)
            .handler(handler)
            .connect(server)
            .sync()
            .channel();
  }

  /** {@return a one-to-many endpoint bound to {@code local}} */
  public EpollSctpMultiChannel endpoint(SocketAddress local, ChannelHandler handler)
      throws InterruptedException {
    return (EpollSctpMultiChannel)
        new Bootstrap()
            .group(group)
            .channel(EpollSctpMultiChannel.class)
            .handler(handler)
            .bind(local)
            .sync()
            .channel();
  }

  /** {@return the port a channel is bound to} */
  public static int port(Channel ch) {
    return ((InetSocketAddress) ch.localAddress()).getPort();
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
