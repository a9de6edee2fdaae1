package io.reactorsctp.benchmarks;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * A peer made of Netty channels (ours on epoll, or Netty's own NIO SCTP): the server side on one
 * single-threaded event loop, the client on another. The client writes while the channel is
 * writable, flushing every 64 messages, and resumes on writability change: what a well-behaved
 * Netty application does. Each message carries a retained duplicate of one pooled direct payload,
 * so no payload is allocated or copied per message.
 */
abstract class NettyStylePeer implements Peer {
  private static final int FLUSH_EVERY = 64;

  final Scenario scenario;
  private final EventLoopGroup serverGroup;
  private final EventLoopGroup clientGroup;
  private final Channel server;
  private final Channel client;
  private final ByteBuf payload;
  private final Receipts receipts = new Receipts();
  private final BatchSender sender = new BatchSender();
  private long sent;
  private PingPong pingPong;

  NettyStylePeer(Scenario scenario, boolean echo) throws InterruptedException {
    this.scenario = scenario;
    serverGroup = newGroup();
    clientGroup = newGroup();
    payload =
        PooledByteBufAllocator.DEFAULT.directBuffer(scenario.size()).writeZero(scenario.size());
    ServerBootstrap serverBootstrap =
        configureServer(new ServerBootstrap().group(serverGroup))
            .childHandler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    prepare(ch);
                    ch.pipeline().addLast(echo ? new Echo() : new Count());
                  }
                });
    // bind() creates the server's socket in this thread: inside the path's server namespace.
    server =
        NetworkPath.server(
                scenario, () -> serverBootstrap.bind(NetworkPath.serverAddress(scenario)))
            .sync()
            .channel();
    client =
        configureClient(new Bootstrap().group(clientGroup))
            .handler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    prepare(ch);
                    ch.pipeline().addLast(new ClientSide());
                  }
                })
            .connect(server.localAddress())
            .sync()
            .channel();
  }

  abstract EventLoopGroup newGroup();

  abstract ServerBootstrap configureServer(ServerBootstrap bootstrap);

  abstract Bootstrap configureClient(Bootstrap bootstrap);

  /**
   * Adds what the channel type needs in front of the benchmark handler (e.g. message reassembly).
   */
  void prepare(Channel channel) {}

  /** One outbound message of the scenario on {@code stream}, owning {@code content}. */
  abstract Object message(ByteBuf content, int stream);

  /** The echo of an inbound message: its content on its stream. */
  abstract Object reply(Object inbound);

  private Object nextMessage() {
    return message(payload.retainedDuplicate(), (int) (sent++ % scenario.streams()));
  }

  @Override
  public void sendBatch(int messages) throws Exception {
    long target = receipts.expect(messages);
    client.eventLoop().execute(() -> sender.add(messages));
    receipts.await(target);
  }

  @Override
  public void pingPong(int rounds, Histogram roundTripNanos) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    client
        .eventLoop()
        .execute(
            () -> {
              pingPong = new PingPong(rounds, roundTripNanos, done);
              pingPong.next();
            });
    done.get(300, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    try {
      client.close().sync();
      server.close().sync();
      clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
      serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    } catch (InterruptedException e) {
      throw Peer.interrupted(e);
    } finally {
      payload.release();
    }
  }

  /** Writes while writable; lives on the client's event loop. */
  private final class BatchSender {
    private long remaining;

    void add(int messages) {
      remaining += messages;
      run();
    }

    void run() {
      int unflushed = 0;
      while (remaining > 0 && client.isWritable()) {
        client.write(nextMessage(), client.voidPromise());
        remaining--;
        if (++unflushed == FLUSH_EVERY) {
          client.flush();
          unflushed = 0;
        }
      }
      client.flush();
    }
  }

  private final class PingPong {
    private final Histogram roundTripNanos;
    private final CompletableFuture<Void> done;
    private int remaining;
    private long start;

    PingPong(int rounds, Histogram roundTripNanos, CompletableFuture<Void> done) {
      this.remaining = rounds;
      this.roundTripNanos = roundTripNanos;
      this.done = done;
    }

    void next() {
      start = System.nanoTime();
      client.writeAndFlush(nextMessage(), client.voidPromise());
    }

    void replied() {
      roundTripNanos.recordValue(System.nanoTime() - start);
      if (--remaining > 0) {
        next();
      } else {
        done.complete(null);
      }
    }
  }

  private final class ClientSide extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
      pingPong.replied();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (ctx.channel().isWritable()) {
        sender.run();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      cause.printStackTrace();
    }
  }

  private final class Count extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
      receipts.arrived();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      cause.printStackTrace();
    }
  }

  private final class Echo extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.write(reply(msg), ctx.voidPromise());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      cause.printStackTrace();
    }
  }
}
