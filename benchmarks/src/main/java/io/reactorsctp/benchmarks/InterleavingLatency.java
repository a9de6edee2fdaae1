package io.reactorsctp.benchmarks;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.ReferenceCountUtil;
import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.EpollSctpServerChannel;
import io.reactorsctp.channel.SctpChannelOptions;
import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.channel.SctpStreamScheduler;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Head-of-line blocking across streams (issue 18, RFC 8260), on one loopback association: stream 1
 * carries 1 MiB messages back to back while stream 0 carries a 64-byte message every {@link
 * #INTERVAL_MICROS} µs; the receiver records each small message's one-way latency (sender and
 * receiver share this JVM's clock). Run for each pairing of scheduler and chunk kind in one JVM,
 * one after the other: with FCFS and DATA a small message waits for the 1 MiB message queued before
 * it; with a scheduler that prefers or alternates streams and I-DATA it goes between its fragments.
 *
 * <p>The sender keeps at most {@link #BIG_AHEAD} large messages beyond what the receiver has read,
 * so the kernel's send buffer always has room and a small message is never held in the channel's
 * own queue: what is measured is the kernel's scheduling. Run it with {@code tools/bench
 * --interleaving} (in the qemu guest, counted clock by default).
 */
public final class InterleavingLatency {
  private static final int SMALL = 64;
  private static final int BIG = 1 << 20;
  private static final int BIG_AHEAD = 2;
  private static final long INTERVAL_MICROS = 2000;
  // benchmarks/findings.md, 3: at loopback's 65 536 B MTU Linux holds back window updates for bulk
  // messages and the sender waits for its retransmission timer; an Ethernet MTU by default.
  private static final String LO_MTU =
      System.getProperty("bench.loMtu", "").isEmpty() ? "1500" : System.getProperty("bench.loMtu");

  /** One configuration measured: its name, scheduler, and whether both ends announce I-DATA. */
  record Variant(String name, SctpStreamScheduler scheduler, boolean interleaving) {}

  /** The percentiles of one variant, in microseconds, and the large messages moved meanwhile. */
  record Result(
      Variant variant,
      long count,
      double p50,
      double p99,
      double p999,
      double max,
      long bigMessages,
      double seconds) {}

  static final List<Variant> VARIANTS =
      List.of(
          new Variant("FCFS + DATA", SctpStreamScheduler.FCFS, false),
          new Variant("PRIO + DATA", SctpStreamScheduler.PRIORITY, false),
          new Variant("PRIO + I-DATA", SctpStreamScheduler.PRIORITY, true),
          new Variant("RR + I-DATA", SctpStreamScheduler.ROUND_ROBIN, true));

  public static void main(String[] args) throws Exception {
    int warmup = Integer.getInteger("bench.interleaving.warmup", 200);
    int measured = Integer.getInteger("bench.interleaving.messages", 1500);
    allowInterleaving();
    List<Result> results = new ArrayList<>();
    for (Variant v : VARIANTS) {
      Result r = run(v, warmup, measured);
      System.out.println(row(r));
      results.add(r);
    }
    String table = table(results, warmup, measured);
    Path out = Path.of("benchmarks", "target", "interleaving.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, table);
    KeptSection.INTERLEAVING.writeInto(
        Path.of("docs", "benchmarks.md"),
        "## Stream schedulers and I-DATA: small messages beside 1 MiB ones (issue 18)\n\n"
            + "`tools/bench --interleaving` (`InterleavingLatency`); what it shows: "
            + "[extensions.md](extensions.md#stream-schedulers-and-i-data-rfc-8260).\n\n"
            + table);
    System.out.println(table);
  }

  /**
   * In the throw-away guest: Linux allows SCTP_INTERLEAVING_SUPPORTED only while {@code
   * net.sctp.intl_enable} is 1, and caps SO_SNDBUF at {@code net.core.wmem_max} (Debian: 212 992
   * B), which would hold the small messages back behind the large ones in the channel's own queue.
   */
  private static void allowInterleaving() throws Exception {
    Files.writeString(Path.of("/proc/sys/net/sctp/intl_enable"), "1");
    Files.writeString(Path.of("/proc/sys/net/core/wmem_max"), Integer.toString(16 * BIG));
    Files.writeString(Path.of("/proc/sys/net/core/rmem_max"), Integer.toString(16 * BIG));
    Process ip = new ProcessBuilder("ip", "link", "set", "lo", "mtu", LO_MTU).inheritIO().start();
    if (ip.waitFor() != 0) {
      throw new IllegalStateException("ip link set lo mtu " + LO_MTU + " failed");
    }
  }

  static Result run(Variant v, int warmup, int measured) throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
    Histogram latency = new Histogram(3); // resizes: a stalled run still reports its figures
    AtomicLong bigReceived = new AtomicLong();
    AtomicLong smallReceived = new AtomicLong();
    CountDownLatch done = new CountDownLatch(1);
    int total = warmup + measured;
    try {
      ServerBootstrap sb =
          new ServerBootstrap()
              .group(group)
              .channel(EpollSctpServerChannel.class)
              .option(SctpChannelOptions.SCTP_INTERLEAVING_SUPPORTED, v.interleaving())
              .option(ChannelOption.SO_RCVBUF, 4 * BIG)
              .childOption(SctpChannelOptions.MAX_MESSAGE_SIZE, 2 * BIG)
              .childHandler(
                  new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                      ch.pipeline()
                          .addLast(
                              new Receiver(
                                  latency, warmup, total, bigReceived, smallReceived, done));
                    }
                  });
      Channel server = sb.bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
      EpollSctpChannel client =
          (EpollSctpChannel)
              new Bootstrap()
                  .group(group)
                  .channel(EpollSctpChannel.class)
                  .option(SctpChannelOptions.SCTP_STREAM_SCHEDULER, v.scheduler())
                  .option(SctpChannelOptions.SCTP_INTERLEAVING_SUPPORTED, v.interleaving())
                  .option(ChannelOption.SO_SNDBUF, 4 * BIG * (BIG_AHEAD + 1))
                  .handler(new ChannelInboundHandlerAdapter())
                  .connect(server.localAddress())
                  .sync()
                  .channel();
      if (client.config().getOption(SctpChannelOptions.SCTP_INTERLEAVING_SUPPORTED)
          != v.interleaving()) {
        throw new IllegalStateException(v.name() + ": I-DATA not as asked (net.sctp.intl_enable?)");
      }
      if (v.scheduler() == SctpStreamScheduler.PRIORITY) {
        client.setStreamSchedulerValue(0, 0);
        client.setStreamSchedulerValue(1, 1);
      }
      long start = System.nanoTime();
      long bigSent = 0;
      long next = System.nanoTime();
      for (int i = 0; i < total; i++) {
        while (bigSent - bigReceived.get() < BIG_AHEAD) {
          ByteBuf big = client.alloc().directBuffer(BIG).writeZero(BIG);
          client.writeAndFlush(SctpOutboundMessage.builder(big).streamId(1).ppid(2).build());
          bigSent++;
        }
        ByteBuf small = client.alloc().directBuffer(SMALL);
        small.writeLong(System.nanoTime()).writeZero(SMALL - Long.BYTES);
        client.writeAndFlush(SctpOutboundMessage.builder(small).streamId(0).ppid(1).build());
        next += TimeUnit.MICROSECONDS.toNanos(INTERVAL_MICROS);
        long wait = next - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
      if (!done.await(300, TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            v.name() + ": " + smallReceived.get() + " of " + total + " small messages in 300 s");
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      client.close().sync();
      server.close().sync();
      return new Result(
          v,
          latency.getTotalCount(),
          micros(latency.getValueAtPercentile(50)),
          micros(latency.getValueAtPercentile(99)),
          micros(latency.getValueAtPercentile(99.9)),
          micros(latency.getMaxValue()),
          bigReceived.get(),
          seconds);
    } finally {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
    }
  }

  private static double micros(long nanos) {
    return nanos / 1000.0;
  }

  /** Counts the large messages; records the small ones' one-way latency after the warm-up. */
  private static final class Receiver extends ChannelInboundHandlerAdapter {
    private final Histogram latency;
    private final int warmup;
    private final int total;
    private final AtomicLong big;
    private final AtomicLong small;
    private final CountDownLatch done;

    Receiver(
        Histogram latency,
        int warmup,
        int total,
        AtomicLong big,
        AtomicLong small,
        CountDownLatch done) {
      this.latency = latency;
      this.warmup = warmup;
      this.total = total;
      this.big = big;
      this.small = small;
      this.done = done;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      long now = System.nanoTime();
      SctpInboundMessage m = (SctpInboundMessage) msg;
      try {
        if (m.streamId() == 1) {
          big.incrementAndGet();
          return;
        }
        long n = small.incrementAndGet();
        if (n > warmup) {
          latency.recordValue(Math.max(0, now - m.content().getLong(m.content().readerIndex())));
        }
        if (n >= total) {
          done.countDown();
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }
  }

  static String row(Result r) {
    return String.format(
        Locale.ROOT,
        "| %s | %,d | %,.0f | %,.0f | %,.0f | %,.0f | %,d |",
        r.variant().name(),
        r.count(),
        r.p50(),
        r.p99(),
        r.p999(),
        r.max(),
        r.bigMessages());
  }

  static String table(List<Result> results, int warmup, int measured) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%d-byte messages on stream 0 every %d µs (%d measured after %d), while stream 1 carries"
                + " 1 MiB messages back to back; one-way latency in µs; loopback MTU %s B; %s.%n%n",
            SMALL,
            INTERVAL_MICROS,
            measured,
            warmup,
            LO_MTU,
            System.getProperty("bench.where", "where: unknown")));
    b.append(
        "| scheduler + chunks | small messages | p50 | p99 | p99.9 | max | 1 MiB messages |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (Result r : results) {
      b.append(row(r)).append('\n');
    }
    return b.toString();
  }

  private InterleavingLatency() {}
}
