package io.reactorsctp.benchmarks;

import com.sun.nio.sctp.AbstractNotificationHandler;
import com.sun.nio.sctp.MessageInfo;
import com.sun.nio.sctp.SctpMultiChannel;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.sctp.nio.NioSctpServerChannel;
import io.netty.handler.codec.sctp.SctpMessageCompletionHandler;
import io.netty.util.ReferenceCountUtil;
import io.reactorsctp.channel.EpollSctpMultiChannel;
import io.reactorsctp.channel.EpollSctpServerChannel;
import io.reactorsctp.reactive.DisposableSctpServer;
import io.reactorsctp.reactive.SctpLoopResources;
import io.reactorsctp.reactive.SctpServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Fan-in: many associations into one server. The clients are always the same C process (one-to-one sockets, one
 * blocking sendmsg loop), so only the server differs between peers, and the heap each server keeps per idle
 * association is measured on its own: heap after a full GC with all associations up and idle (each has carried
 * one message), minus the heap before they connected, divided by their number.
 */
final class FanIn {
  /** One server under test. */
  interface Server extends AutoCloseable {
    InetSocketAddress address();

    Receipts receipts();

    @Override
    void close();
  }

  record Result(String peer, int associations, double messagesPerSecond, double cpuNanosPerMessage,
      double heapBytesPerAssociation) {}

  static final List<String> PEERS = List.of("c", "jdk", "netty", "epoll", "epoll-multi", "reactive");

  static Result run(String peer, int associations, int size, int messagesEach, int rounds) throws Exception {
    if (peer.equals("c")) {
      try (CLoopPeer c = CLoopPeer.fanIn(size, associations)) {
        c.sendFromEach(1);
        return measure(peer, associations, messagesEach, rounds, Double.NaN, () -> c.sendFromEach(messagesEach));
      }
    }
    long heapBefore = heapAfterGc();
    try (Server server = open(peer)) {
      try (CLoopPeer clients = CLoopPeer.clients(size, server.address().getAddress().getHostAddress(),
          server.address().getPort(), associations)) {
        long warm = server.receipts().expect(associations);
        clients.sendFromEach(1);
        server.receipts().await(warm);
        double heapPerAssociation = (double) (heapAfterGc() - heapBefore) / associations;
        return measure(peer, associations, messagesEach, rounds, heapPerAssociation, () -> {
          long target = server.receipts().expect((long) associations * messagesEach);
          clients.sendFromEach(messagesEach);
          server.receipts().await(target);
        });
      }
    }
  }

  interface Round {
    void run() throws Exception;
  }

  /** The best of {@code rounds} rounds: on a shared machine the best round is the least disturbed one. */
  private static Result measure(String peer, int associations, int messagesEach, int rounds, double heap, Round round)
      throws Exception {
    double best = 0;
    double cpuAtBest = Double.NaN;
    long messages = (long) associations * messagesEach;
    for (int i = 0; i < rounds; i++) {
      long cpu = ProcessCpu.applicationNanos();
      long start = System.nanoTime();
      round.run();
      double rate = messages / ((System.nanoTime() - start) / 1e9);
      if (rate > best) {
        best = rate;
        cpuAtBest = (double) (ProcessCpu.applicationNanos() - cpu) / messages;
      }
    }
    return new Result(peer, associations, best, cpuAtBest, heap);
  }

  static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static Server open(String peer) throws Exception {
    return switch (peer) {
      case "jdk" -> new JdkMulti();
      case "netty" -> new NettyServer(new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()), true);
      case "epoll" -> new NettyServer(new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory()), false);
      case "epoll-multi" -> new EpollMulti();
      case "reactive" -> new Reactive();
      default -> throw new IllegalArgumentException("no fan-in server " + peer);
    };
  }

  @ChannelHandler.Sharable
  private static final class Count extends ChannelInboundHandlerAdapter {
    final Receipts receipts = new Receipts();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
      receipts.arrived();
    }
  }

  /** A one-to-one server: Netty's NIO SCTP or our epoll channel, children on the same single-threaded loop. */
  private static final class NettyServer implements Server {
    private final EventLoopGroup group;
    private final Channel channel;
    private final Count count = new Count();

    NettyServer(EventLoopGroup group, boolean nio) throws InterruptedException {
      this.group = group;
      ServerBootstrap b = new ServerBootstrap().group(group).option(io.netty.channel.ChannelOption.SO_BACKLOG, 4096);
      channel = (nio ? b.channel(NioSctpServerChannel.class) : b.channel(EpollSctpServerChannel.class))
          .childHandler(new io.netty.channel.ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
              if (nio) {
                ch.pipeline().addLast(new SctpMessageCompletionHandler());
              }
              ch.pipeline().addLast(count);
            }
          }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    @Override
    public InetSocketAddress address() {
      return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public Receipts receipts() {
      return count.receipts;
    }

    @Override
    public void close() {
      try {
        channel.close().sync();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
      } catch (InterruptedException e) {
        throw Peer.interrupted(e);
      }
    }
  }

  /** Our one-to-many endpoint: every association on one socket. */
  private static final class EpollMulti implements Server {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    private final EpollSctpMultiChannel channel;
    private final Count count = new Count();

    EpollMulti() throws InterruptedException {
      channel = (EpollSctpMultiChannel) new Bootstrap().group(group).channel(EpollSctpMultiChannel.class)
          .handler(count).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    @Override
    public InetSocketAddress address() {
      return channel.localAddress();
    }

    @Override
    public Receipts receipts() {
      return count.receipts;
    }

    @Override
    public void close() {
      try {
        channel.close().sync();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
      } catch (InterruptedException e) {
        throw Peer.interrupted(e);
      }
    }
  }

  private static final class Reactive implements Server {
    private final SctpLoopResources loops = SctpLoopResources.create("fanin", 1);
    private final Receipts receipts = new Receipts();
    private final DisposableSctpServer server;

    Reactive() {
      server = SctpServer.create().bindAddress("127.0.0.1", 0).runOn(loops)
          .handle((in, out) -> in.receive().doOnNext(m -> {
            m.release();
            receipts.arrived();
          }).then()).bindNow();
    }

    @Override
    public InetSocketAddress address() {
      return server.address();
    }

    @Override
    public Receipts receipts() {
      return receipts;
    }

    @Override
    public void close() {
      server.disposeNow(Duration.ofSeconds(30));
      loops.dispose();
    }
  }

  /** The JDK's blocking one-to-many {@code SctpMultiChannel}, one receiving thread. */
  private static final class JdkMulti implements Server {
    private final SctpMultiChannel channel;
    private final Receipts receipts = new Receipts();
    private final Thread receiver;

    JdkMulti() throws IOException {
      channel = SctpMultiChannel.open().bind(new InetSocketAddress("127.0.0.1", 0), 4096);
      receiver = Thread.ofPlatform().daemon().name("jdk-fanin").start(this::receive);
    }

    private void receive() {
      ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024 + 1);
      AbstractNotificationHandler<Void> ignore = new AbstractNotificationHandler<>() {};
      try {
        while (true) {
          buffer.clear();
          MessageInfo m = channel.receive(buffer, null, ignore);
          if (m != null && m.isComplete()) {
            receipts.arrived();
          }
        }
      } catch (ClosedChannelException closed) {
        // done
      } catch (IOException e) {
        e.printStackTrace();
      }
    }

    @Override
    public InetSocketAddress address() {
      try {
        return (InetSocketAddress) new ArrayList<>(channel.getAllLocalAddresses()).getFirst();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public Receipts receipts() {
      return receipts;
    }

    @Override
    public void close() {
      try {
        channel.close();
        receiver.join(5000);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      } catch (InterruptedException e) {
        throw Peer.interrupted(e);
      }
    }
  }

  private FanIn() {}
}
