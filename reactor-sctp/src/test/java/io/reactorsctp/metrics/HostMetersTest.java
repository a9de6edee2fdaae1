package io.reactorsctp.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.ReferenceCountUtil;
import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.EpollSctpServerChannel;
import io.reactorsctp.channel.SctpChannelOptions;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.channel.SctpRtoInfo;
import io.reactorsctp.wire.LoopbackFilter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The host meters ({@code sctp.host.*}) against the real {@code /proc/net/sctp/snmp}: one meter per
 * figure, once per registry, equal to the file; the T3-rtx expirations move when a peer stops
 * acknowledging (a {@code tc} filter on {@code lo} drops what is sent to 127.0.0.3);
 * out-of-the-blue packets move on an INIT to a port where nobody listens.
 */
class HostMetersTest {

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @AfterEach
  void tearDown() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Waits (bounded) for a condition; the assertion after it says what was expected. */
  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  private static Map<String, Long> file() {
    try {
      return HostMeters.parse(Files.readAllLines(HostMeters.SNMP));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private double value(String name, String... tags) {
    Meter m = registry.find(name).tags(tags).meter();
    return switch (m) {
      case null -> -1;
      case FunctionCounter f -> f.count();
      case Gauge g -> g.value();
      default -> throw new IllegalStateException(m.toString());
    };
  }

  private double t3Expirations() {
    return value("sctp.host.timer.expirations", "sctp.timer", "t3_rtx");
  }

  private Channel server(String address, AtomicInteger read) throws InterruptedException {
    return new ServerBootstrap()
        .group(group)
        .channel(EpollSctpServerChannel.class)
        .childHandler(
            new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                read.incrementAndGet();
                ReferenceCountUtil.release(msg);
              }

              @Override
              public boolean isSharable() {
                return true;
              }
            })
        .bind(new InetSocketAddress(address, 0))
        .sync()
        .channel();
  }

  private EpollSctpChannel client(SctpMetrics metrics, InetSocketAddress server)
      throws InterruptedException {
    return (EpollSctpChannel)
        new Bootstrap()
            .group(group)
            .channel(EpollSctpChannel.class)
            // Quick retransmissions: RTO between 200 ms and 1 s instead of 1 to 60 s (ten in a row,
            // about 8 s, end
            // the association).
            .option(SctpChannelOptions.SCTP_RTOINFO, new SctpRtoInfo(200, 1000, 200))
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    metrics.accept(ch);
                  }
                })
            .connect(server)
            .sync()
            .channel();
  }

  @Test
  void everyFigureOfTheFileIsOneMeterPerRegistryEqualToTheFile() throws Exception {
    // Two binders on one registry: the host meters are registered once, at the first channel
    // instrumented.
    SctpMetrics first = SctpMetrics.binder(registry, "first");
    SctpMetrics second = SctpMetrics.binder(registry, "second");
    assertThat(registry.find("sctp.host.timer.expirations").meters())
        .as("nothing before a channel")
        .isEmpty();
    AtomicInteger read = new AtomicInteger();
    Channel server = server("127.0.0.1", read);
    EpollSctpChannel a = client(first, (InetSocketAddress) server.localAddress());
    EpollSctpChannel b = client(second, (InetSocketAddress) server.localAddress());
    a.writeAndFlush(SctpOutboundMessage.builder("to the server").build()).sync();
    b.writeAndFlush(SctpOutboundMessage.builder("to the server").build()).sync();
    await(() -> read.get() == 2);
    assertThat(read.get()).isEqualTo(2);

    Map<String, Long> kernel = file();
    int registered = 0;
    for (HostMeters.Figure f : HostMeters.FIGURES) {
      if (!kernel.containsKey(f.field())) {
        continue;
      }
      registered++;
      assertThat(registry.find(f.name()).tags(f.tags()).meters()).as(f.field()).hasSize(1);
      assertThat(registry.find(f.name()).tags(f.tags()).meter().getId().getBaseUnit())
          .isEqualTo(f.unit());
    }
    assertThat(kernel)
        .as("the figures this kernel has")
        .containsKeys(
            "SctpT3RtxExpireds",
            "SctpT1InitExpireds",
            "SctpT2ShutdownExpireds",
            "SctpT3Retransmits",
            "SctpOutOfBlues",
            "SctpChecksumErrors",
            "SctpCurrEstab");
    assertThat(
            registry.getMeters().stream().filter(m -> m.getId().getName().startsWith("sctp.host.")))
        .hasSize(registered);
    await(() -> value("sctp.host.established") >= 4);
    assertThat(value("sctp.host.established"))
        .as("two clients, two accepted")
        .isGreaterThanOrEqualTo(4);

    a.close().sync();
    b.close().sync();
    server.close().sync();
    // Once traffic has stopped (delayed SACKs and shutdown timers included), every meter equals the
    // file.
    await(() -> everyMeterEqualsTheFile() == null);
    assertThat(everyMeterEqualsTheFile()).isNull();
    // The T3 meter is the kernel's own counter (named here, as the other tests move it).
    assertThat(t3Expirations()).isEqualTo((double) file().get("SctpT3RtxExpireds"));
    assertThat(value("sctp.host.ended", "sctp.end", "shutdown")).isGreaterThanOrEqualTo(2);
    System.out.printf("host meters: %d registered; %s%n", registered, file());
  }

  /**
   * {@return null when every host meter equals its figure in the file, else the first difference}
   */
  private String everyMeterEqualsTheFile() {
    Map<String, Long> kernel = file();
    for (HostMeters.Figure f : HostMeters.FIGURES) {
      Long expected = kernel.get(f.field());
      if (expected != null
          && value(
                  f.name(),
                  f.tags().stream()
                      .flatMap(t -> java.util.stream.Stream.of(t.getKey(), t.getValue()))
                      .toArray(String[]::new))
              != expected) {
        return f.field() + ": file " + expected;
      }
    }
    return null;
  }

  @Test
  void t3ExpirationsMoveWhenThePeerStopsAcknowledging() throws Exception {
    SctpMetrics metrics =
        SctpMetrics.builder(registry, "t3")
            .kernelPollInterval(java.time.Duration.ofMillis(100))
            .build();
    AtomicInteger read = new AtomicInteger();
    Channel server = server("127.0.0.3", read);
    EpollSctpChannel client = client(metrics, (InetSocketAddress) server.localAddress());
    client.writeAndFlush(SctpOutboundMessage.builder("before").build()).sync();
    await(() -> read.get() == 1);
    await(() -> t3Expirations() == file().get("SctpT3RtxExpireds"));
    double before = t3Expirations();
    assertThat(before)
        .as("the meter is the kernel's counter")
        .isEqualTo((double) file().get("SctpT3RtxExpireds"));
    double retransmissionsBefore =
        value("sctp.host.retransmissions", "sctp.retransmission", "t3_rtx");

    try (LoopbackFilter cut = LoopbackFilter.drop("ip dst 127.0.0.3/32")) {
      client.writeAndFlush(SctpOutboundMessage.builder("while cut").build()).sync();
      // The file, not the meter (its snapshot may be a second old): the path comes back before the
      // association
      // gives up.
      await(() -> file().get("SctpT3RtxExpireds") > before);
    }
    await(() -> t3Expirations() > before);
    assertThat(t3Expirations())
        .as("T3-rtx expirations while the peer could not acknowledge")
        .isGreaterThan(before);
    await(() -> read.get() == 2);
    assertThat(read.get()).as("the message arrives once the path is back").isEqualTo(2);
    assertThat(value("sctp.host.retransmissions", "sctp.retransmission", "t3_rtx"))
        .isGreaterThan(retransmissionsBefore);
    String[] association = {"sctp.endpoint", "t3"};
    await(() -> value("sctp.retransmitted", association) > 0);
    assertThat(value("sctp.retransmitted", association))
        .as("the association's own count")
        .isPositive();
    client.close().sync();
    server.close().sync();
    await(() -> t3Expirations() == file().get("SctpT3RtxExpireds"));
    assertThat(t3Expirations()).isEqualTo((double) file().get("SctpT3RtxExpireds"));
    System.out.printf(
        "T3-rtx expirations: %.0f before the cut, %.0f after%n", before, t3Expirations());
  }

  @Test
  void outOfTheBluePacketsMoveOnAnInitToAPortWhereNobodyListens() throws Exception {
    SctpMetrics metrics = SctpMetrics.binder(registry, "ootb");
    AtomicInteger read = new AtomicInteger();
    Channel server = server("127.0.0.1", read);
    client(metrics, (InetSocketAddress) server.localAddress())
        .close()
        .sync(); // registers the host meters
    await(() -> value("sctp.host.out.of.blue") == file().get("SctpOutOfBlues"));
    double before = value("sctp.host.out.of.blue");
    assertThat(before)
        .as("the meter is the kernel's counter")
        .isEqualTo((double) file().get("SctpOutOfBlues"));
    InetSocketAddress nobody;
    try (var probe = new java.net.ServerSocket(0)) { // a port on which no SCTP endpoint listens
      nobody = new InetSocketAddress("127.0.0.1", probe.getLocalPort());
    }
    CountDownLatch failed = new CountDownLatch(1);
    new Bootstrap()
        .group(group)
        .channel(EpollSctpChannel.class)
        .handler(new ChannelInboundHandlerAdapter())
        .connect(nobody)
        .addListener(f -> failed.countDown());
    assertThat(failed.await(60, TimeUnit.SECONDS)).isTrue();
    await(() -> value("sctp.host.out.of.blue") > before);
    assertThat(value("sctp.host.out.of.blue"))
        .as("the INIT nobody listened for")
        .isGreaterThan(before);
    server.close().sync();
  }

  @Test
  void anUnreadableFileRegistersNothingAndThrowsNothing() {
    Path missing = Path.of("/proc/net/sctp/no-such-file");
    assertThat(HostMeters.registerOnce(registry, missing)).isFalse();
    assertThat(HostMeters.registerOnce(registry, HostMeters.SNMP))
        .as("tried once per registry")
        .isFalse();
    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void hostMetersCanBeTurnedOff() throws Exception {
    SctpMetrics metrics = SctpMetrics.builder(registry, "quiet").hostMeters(false).build();
    AtomicInteger read = new AtomicInteger();
    Channel server = server("127.0.0.1", read);
    EpollSctpChannel client = client(metrics, (InetSocketAddress) server.localAddress());
    await(() -> registry.find("sctp.sent").meter() != null);
    assertThat(registry.find("sctp.sent").meters()).isNotEmpty();
    assertThat(
            registry.getMeters().stream().filter(m -> m.getId().getName().startsWith("sctp.host.")))
        .isEmpty();
    client.close().sync();
    server.close().sync();
  }
}
