package io.reactorsctp.benchmarks;

import com.sun.nio.sctp.MessageInfo;
import com.sun.nio.sctp.SctpChannel;
import com.sun.nio.sctp.SctpServerChannel;
import com.sun.nio.sctp.SctpStandardSocketOptions;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.EpollSctpServerChannel;
import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpOutboundMessage;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A 100-byte echo over one loopback association on 10 streams: reactor-sctp's epoll channels
 * against the JDK's blocking {@code SctpChannel}, in the same JVM run so the ratio is honest. A
 * first look before the JMH suite (issue 9). Usage: {@code EchoThroughput [--messages N]
 * [--one-way]} ({@code --help}).
 */
@Command(
    name = "EchoThroughput",
    mixinStandardHelpOptions = true,
    description =
        "100-byte echo (or one-way) throughput: our epoll channels against the JDK's blocking SctpChannel.")
public final class EchoThroughput implements Callable<Integer> {
  private static final int SIZE = 100;
  private static final int STREAMS = 10;
  private static boolean echo = true;

  @Option(
      names = "--messages",
      description = "messages per measurement (default: ${DEFAULT-VALUE})")
  int messages = 100_000;

  @Option(names = "--one-way", description = "the server only counts, echoes nothing")
  boolean oneWay;

  public static void main(String[] args) {
    System.exit(new CommandLine(new EchoThroughput()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    echo = !oneWay;
    System.out.printf(
        "%d x %d B %s, %d streams, kernel %s%n",
        messages, SIZE, echo ? "echo" : "one way", STREAMS, System.getProperty("os.version"));
    jdk(messages / 10); // warm-up
    ours(messages / 10);
    double jdk = jdk(messages);
    double ours = ours(messages);
    System.out.printf("JDK SctpChannel (blocking): %,.0f msg/s%n", jdk);
    System.out.printf("reactor-sctp epoll channel: %,.0f msg/s (%.2fx JDK)%n", ours, ours / jdk);
    return 0;
  }

  static double ours(int messages) throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
    try {
      CountDownLatch done = new CountDownLatch(1);
      AtomicInteger received = new AtomicInteger();
      ChannelHandler serverSide =
          echo
              ? new Echo()
              : new SimpleChannelInboundHandler<SctpInboundMessage>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, SctpInboundMessage m) {
                  if (received.incrementAndGet() == messages) {
                    done.countDown();
                  }
                }
              };
      Channel server =
          new ServerBootstrap()
              .group(group)
              .channel(EpollSctpServerChannel.class)
              .childHandler(serverSide)
              .bind(new InetSocketAddress("127.0.0.1", 0))
              .sync()
              .channel();
      EpollSctpChannel client =
          (EpollSctpChannel)
              new Bootstrap()
                  .group(group)
                  .channel(EpollSctpChannel.class)
                  .handler(
                      new SimpleChannelInboundHandler<SctpInboundMessage>() {
                        @Override
                        protected void channelRead0(
                            ChannelHandlerContext ctx, SctpInboundMessage m) {
                          if (received.incrementAndGet() == messages) {
                            done.countDown();
                          }
                        }
                      })
                  .connect(server.localAddress())
                  .sync()
                  .channel();
      long start = System.nanoTime();
      Sender sender = new Sender(client, messages);
      client.eventLoop().execute(sender);
      if (!done.await(600, TimeUnit.SECONDS)) {
        throw new IllegalStateException("only " + received.get() + " of " + messages + " echoed");
      }
      long nanos = System.nanoTime() - start;
      client.close().sync();
      return messages / (nanos / 1e9);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  /** Writes while the channel is writable; resumes on writability change. */
  private static final class Sender implements Runnable {
    private final EpollSctpChannel channel;
    private final int total;
    private int sent;

    Sender(EpollSctpChannel channel, int total) {
      this.channel = channel;
      this.total = total;
      channel
          .pipeline()
          .addFirst(
              new ChannelInboundHandlerAdapter() {
                @Override
                public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                  if (ctx.channel().isWritable()) {
                    run();
                  }
                  ctx.fireChannelWritabilityChanged();
                }
              });
    }

    @Override
    public void run() {
      while (sent < total && channel.isWritable()) {
        ByteBuf payload = PooledByteBufAllocator.DEFAULT.directBuffer(SIZE);
        payload.writeZero(SIZE);
        channel.write(
            SctpOutboundMessage.builder(payload).streamId(sent % STREAMS).ppid(46).build(),
            channel.voidPromise());
        if (++sent % 64 == 0) {
          channel.flush();
        }
      }
      channel.flush();
    }
  }

  @ChannelHandler.Sharable
  private static final class Echo extends SimpleChannelInboundHandler<SctpInboundMessage> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, SctpInboundMessage m) {
      ctx.write(
          SctpOutboundMessage.builder(m.content().retain())
              .streamId(m.streamId())
              .ppid(m.ppid())
              .build());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }
  }

  static double jdk(int messages) throws Exception {
    try (SctpServerChannel server =
        SctpServerChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
      InetSocketAddress address =
          (InetSocketAddress) server.getAllLocalAddresses().iterator().next();
      try (SctpChannel client = SctpChannel.open(address, STREAMS, STREAMS);
          SctpChannel accepted = server.accept()) {
        client.setOption(SctpStandardSocketOptions.SCTP_NODELAY, true);
        accepted.setOption(SctpStandardSocketOptions.SCTP_NODELAY, true);
        Thread echoer =
            Thread.ofPlatform()
                .start(
                    () -> {
                      ByteBuffer buf = ByteBuffer.allocateDirect(SIZE * 2);
                      try {
                        for (int i = 0; i < messages; i++) {
                          buf.clear();
                          MessageInfo in = accepted.receive(buf, null, null);
                          buf.flip();
                          if (echo) {
                            accepted.send(
                                buf,
                                MessageInfo.createOutgoing(null, in.streamNumber())
                                    .payloadProtocolID(46));
                          }
                        }
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                    });
        Thread reader =
            Thread.ofPlatform()
                .start(
                    () -> {
                      ByteBuffer buf = ByteBuffer.allocateDirect(SIZE * 2);
                      try {
                        for (int i = 0; echo && i < messages; i++) {
                          buf.clear();
                          client.receive(buf, null, null);
                        }
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                    });
        long start = System.nanoTime();
        ByteBuffer out = ByteBuffer.allocateDirect(SIZE);
        for (int i = 0; i < messages; i++) {
          out.clear();
          client.send(out, MessageInfo.createOutgoing(null, i % STREAMS).payloadProtocolID(46));
        }
        reader.join();
        echoer.join();
        long nanos = System.nanoTime() - start;
        return messages / (nanos / 1e9);
      }
    }
  }

  private EchoThroughput() {}
}
