package io.reactorsctp.fault;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.reactorsctp.channel.EpollSctpServerChannel;
import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpNotification;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A server accepting one association that reads nothing until told to, then reads at the pace it is
 * told: the receiving end of the end-of-association tests. Every message is checked byte for byte
 * ({@link #message}); the indices arrive in {@link #received()} in arrival order, corrupt or
 * unexpected messages in {@link #corrupt()}.
 */
final class SlowReceiver implements AutoCloseable {

  /** Bytes per read while reading slowly: a 64 KiB message takes 8 reads. */
  static final int READ_PIECE = 8192;

  private final Channel server;
  private final CompletableFuture<Channel> child = new CompletableFuture<>();
  private final List<Integer> received = new CopyOnWriteArrayList<>();
  private final List<String> corrupt = new CopyOnWriteArrayList<>();
  private final List<SctpNotification> notifications = new CopyOnWriteArrayList<>();
  private final List<Throwable> errors = new CopyOnWriteArrayList<>();
  private volatile long pauseMillis = -1; // -1: stalled

  /**
   * @param receiveBuffer the association's SO_RCVBUF: what the kernel holds for the stalled reader
   */
  SlowReceiver(EventLoopGroup group, int receiveBuffer) throws InterruptedException {
    server =
        new ServerBootstrap()
            .group(group)
            .channel(EpollSctpServerChannel.class)
            .childOption(ChannelOption.AUTO_READ, false)
            .childOption(ChannelOption.SO_RCVBUF, receiveBuffer)
            .childOption(
                ChannelOption.RCVBUF_ALLOCATOR,
                new FixedRecvByteBufAllocator(READ_PIECE).maxMessagesPerRead(1))
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new Recorder());
                    child.complete(ch);
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .sync()
            .channel();
  }

  InetSocketAddress address() {
    return (InetSocketAddress) server.localAddress();
  }

  /** {@return the accepted association's channel} */
  Channel child() throws Exception {
    return child.get(30, TimeUnit.SECONDS);
  }

  /**
   * Starts reading: one piece of {@link #READ_PIECE} bytes, then a pause; 0 reads at full speed.
   */
  void read(long pause) throws Exception {
    Channel ch = child();
    pauseMillis = pause;
    ch.eventLoop()
        .execute(
            () -> {
              if (pause == 0) {
                ch.config().setAutoRead(true);
              } else {
                ch.read();
              }
            });
  }

  /** {@return the indices of the messages read, in arrival order} */
  List<Integer> received() {
    return received;
  }

  List<String> corrupt() {
    return corrupt;
  }

  List<SctpNotification> notifications() {
    return notifications;
  }

  List<Throwable> errors() {
    return errors;
  }

  /** {@return the association-change states this end was told of, in order} */
  List<SctpNotification.AssociationState> associationChanges() {
    List<SctpNotification.AssociationState> states = new ArrayList<>();
    for (SctpNotification n : notifications) {
      if (n instanceof SctpNotification.AssociationChange c) {
        states.add(c.state());
      }
    }
    return states;
  }

  private final class Recorder extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      SctpInboundMessage m = (SctpInboundMessage) msg;
      try {
        int index = check(m.content());
        if (index < 0) {
          corrupt.add("message after #" + received.size() + ": " + m);
        } else {
          received.add(index);
        }
      } finally {
        m.release();
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      long pause = pauseMillis;
      if (pause > 0 && ctx.channel().isOpen()) {
        ctx.executor()
            .schedule(
                () -> {
                  ctx.read();
                },
                pause,
                TimeUnit.MILLISECONDS);
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof SctpNotification n) {
        notifications.add(n);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      errors.add(cause);
    }
  }

  /**
   * A test message: its index, its size, then bytes that depend on both, so a byte out of place, a
   * piece of another message or a truncation shows.
   */
  static ByteBuf message(int index, int size) {
    ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(size);
    b.writeInt(index).writeInt(size);
    for (int i = 8; i < size; i++) {
      b.writeByte(index * 31 + i);
    }
    return b;
  }

  /** {@return the message's index, or -1 when its bytes are not those {@link #message} wrote} */
  static int check(ByteBuf b) {
    int at = b.readerIndex();
    if (b.readableBytes() < 8) {
      return -1;
    }
    int index = b.getInt(at);
    int size = b.getInt(at + 4);
    if (index < 0 || size != b.readableBytes()) {
      return -1;
    }
    for (int i = 8; i < size; i++) {
      if (b.getByte(at + i) != (byte) (index * 31 + i)) {
        return -1;
      }
    }
    return index;
  }

  /**
   * Sizes from 1 KiB to 64 KiB, a fixed sequence: small messages in one chunk, large ones in up to
   * 45.
   */
  static int[] sizes(int count, long seed) {
    Random random = new Random(seed);
    int[] sizes = new int[count];
    for (int i = 0; i < count; i++) {
      sizes[i] = i % 3 == 0 ? 64 * 1024 : 1024 + random.nextInt(63 * 1024 + 1);
    }
    return sizes;
  }

  @Override
  public void close() throws InterruptedException {
    server.close().sync();
    if (child.isDone()) {
      child.join().close().sync();
    }
  }
}
