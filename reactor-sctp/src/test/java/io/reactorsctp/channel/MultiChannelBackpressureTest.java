package io.reactorsctp.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.util.ReferenceCountUtil;
import io.reactorsctp.metrics.SctpMetrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One-to-many backpressure per association, on a real kernel: an association whose peer stops
 * reading does not hold back another association of the same endpoint, and loses nothing once its
 * peer reads again.
 */
class MultiChannelBackpressureTest {

  // Linux shares one send buffer among a socket's associations unless this is 1 when the socket is
  // opened.
  private static final Path SNDBUF_POLICY = Path.of("/proc/sys/net/sctp/sndbuf_policy");
  private static final int MESSAGE = 1024;

  private final SctpTestKit kit = new SctpTestKit();

  @AfterEach
  void tearDown() {
    kit.close();
  }

  /** Counts messages in sequence: each carries its index as its first int. */
  static final class InOrder extends ChannelInboundHandlerAdapter {
    final AtomicInteger next = new AtomicInteger();
    final AtomicInteger outOfOrder = new AtomicInteger();
    final CountDownLatch done;

    InOrder(int expected) {
      done = new CountDownLatch(expected);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      SctpInboundMessage m = (SctpInboundMessage) msg;
      try {
        if (m.content().getInt(m.content().readerIndex()) != next.getAndIncrement()) {
          outOfOrder.incrementAndGet();
        }
        done.countDown();
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }
  }

  @Test
  void aStalledAssociationDoesNotHoldBackAnother() throws Exception {
    int toStalled = 1500;
    int toReader = 500;
    EpollSctpMultiChannelTest.MultiCollector endpointIn =
        new EpollSctpMultiChannelTest.MultiCollector();
    EpollSctpMultiChannel endpoint;
    String policy = Files.readString(SNDBUF_POLICY).trim();
    writePolicy("1");
    try {
      endpoint =
          (EpollSctpMultiChannel)
              new Bootstrap()
                  .group(kit.group)
                  .channel(EpollSctpMultiChannel.class)
                  .option(ChannelOption.SO_SNDBUF, 64 * 1024)
                  .handler(endpointIn)
                  .bind(new InetSocketAddress("127.0.0.1", 0))
                  .sync()
                  .channel();
    } finally {
      writePolicy(policy);
    }
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    SctpMetrics.builder(registry, "endpoint").build().accept(endpoint);
    InOrder stalledIn = new InOrder(toStalled);
    EpollSctpChannel stalled =
        (EpollSctpChannel)
            new Bootstrap()
                .group(kit.group)
                .channel(EpollSctpChannel.class)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.SO_RCVBUF, 64 * 1024)
                .handler(stalledIn)
                .connect(endpoint.localAddress())
                .sync()
                .channel();
    InOrder readerIn = new InOrder(toReader);
    EpollSctpChannel reader = kit.client(endpoint.localAddress(), readerIn);
    stalled.writeAndFlush(SctpOutboundMessage.builder("stalled").build()).sync();
    reader.writeAndFlush(SctpOutboundMessage.builder("reader").build()).sync();
    int stalledId = 0;
    int readerId = 0;
    for (int i = 0; i < 2; i++) {
      EpollSctpMultiChannelTest.FromAssociation hello = endpointIn.next();
      if (hello.text().equals("stalled")) {
        stalledId = hello.associationId();
      } else {
        readerId = hello.associationId();
      }
    }
    assertThat(stalledId).isNotZero().isNotEqualTo(readerId);
    assertThat(readerId).isNotZero();

    // Far more than the stalled peer's receive window and the endpoint's send buffer together.
    List<ChannelFuture> toStalledWrites = write(endpoint, stalledId, toStalled);
    endpoint.flush();
    List<ChannelFuture> toReaderWrites = write(endpoint, readerId, toReader);
    endpoint.flush();

    boolean readerDone = readerIn.done.await(30, TimeUnit.SECONDS);
    assertThat(readerDone)
        .as(
            "every message to the reading peer arrived: %d of %d; %d of %d to the stalled peer"
                + " taken by the kernel; sndbuf_policy %s",
            readerIn.next.get(),
            toReader,
            toStalledWrites.stream().filter(ChannelFuture::isSuccess).count(),
            toStalled,
            Files.readString(SNDBUF_POLICY).trim())
        .isTrue();
    assertThat(readerIn.outOfOrder).hasValue(0);
    for (ChannelFuture f : toReaderWrites) {
      assertThat(f.await(10, TimeUnit.SECONDS) && f.isSuccess())
          .as("write to the reading peer")
          .isTrue();
    }
    assertThat(toStalledWrites.getLast().isDone())
        .as("the stalled association's last message still waits")
        .isFalse();
    assertThat(stalledIn.next.get()).isZero();
    String stalledTag = Integer.toString(stalledId);
    double[] takenAndCounted =
        endpoint
            .eventLoop()
            .submit(
                () ->
                    new double[] {
                      toStalledWrites.stream().filter(ChannelFuture::isSuccess).count(),
                      registry
                          .get("sctp.sent")
                          .tag("sctp.association.id", stalledTag)
                          .counter()
                          .count()
                    })
            .get();
    assertThat(takenAndCounted[1])
        .as(
            "messages counted sent to the stalled peer: those the kernel took, not those"
                + " waiting aside")
        .isEqualTo(takenAndCounted[0]);

    stalled.config().setAutoRead(true);
    boolean stalledDone = stalledIn.done.await(60, TimeUnit.SECONDS);
    assertThat(stalledDone)
        .as(
            "every message to the stalled peer arrived: %d of %d, %d taken by the kernel",
            stalledIn.next.get(),
            toStalled,
            toStalledWrites.stream().filter(ChannelFuture::isSuccess).count())
        .isTrue();
    assertThat(stalledIn.outOfOrder).hasValue(0);
    for (ChannelFuture f : toStalledWrites) {
      assertThat(f.await(10, TimeUnit.SECONDS) && f.isSuccess())
          .as("write to the stalled peer")
          .isTrue();
    }
    assertThat(endpoint.isWritable()).isTrue();
  }

  @Test
  void messagesWaitingForAnAssociationThatEndsFailNamingIt() throws Exception {
    EpollSctpMultiChannelTest.MultiCollector endpointIn =
        new EpollSctpMultiChannelTest.MultiCollector();
    EpollSctpMultiChannel endpoint =
        (EpollSctpMultiChannel)
            new Bootstrap()
                .group(kit.group)
                .channel(EpollSctpMultiChannel.class)
                .option(ChannelOption.SO_SNDBUF, 64 * 1024)
                .handler(endpointIn)
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .sync()
                .channel();
    Channel stalled =
        new Bootstrap()
            .group(kit.group)
            .channel(EpollSctpChannel.class)
            .option(ChannelOption.AUTO_READ, false)
            .option(ChannelOption.SO_RCVBUF, 8 * 1024)
            .handler(new ChannelInboundHandlerAdapter())
            .connect(endpoint.localAddress())
            .sync()
            .channel();
    stalled.writeAndFlush(SctpOutboundMessage.builder("stalled").build()).sync();
    int id = endpointIn.next().associationId();
    List<ChannelFuture> writes = write(endpoint, id, 2000);
    endpoint.flush();
    // The peer goes away with an ABORT: what still waits for that association fails, every message
    // accounted for.
    ((EpollSctpChannel) stalled).abortNow();
    int succeeded = 0;
    int failed = 0;
    for (ChannelFuture f : writes) {
      assertThat(f.await(30, TimeUnit.SECONDS)).as("every write gets an outcome").isTrue();
      if (f.isSuccess()) {
        succeeded++;
      } else {
        failed++;
        assertThat(f.cause())
            .isInstanceOf(InvalidSctpMessageException.class)
            .hasMessageContaining("associationId")
            .hasMessageContaining(String.valueOf(id));
      }
    }
    assertThat(failed).as("messages refused after the abort").isPositive();
    assertThat(succeeded + failed).isEqualTo(writes.size());
    assertThat(endpoint.isOpen()).isTrue();
  }

  private static List<ChannelFuture> write(
      EpollSctpMultiChannel endpoint, int associationId, int count) {
    List<ChannelFuture> futures = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ByteBuf payload = PooledByteBufAllocator.DEFAULT.directBuffer(MESSAGE);
      payload.writeInt(i).writeZero(MESSAGE - 4);
      futures.add(
          endpoint.write(
              SctpOutboundMessage.builder(payload)
                  .associationId(associationId)
                  .streamId(1)
                  .build()));
    }
    return futures;
  }

  private static void writePolicy(String value) throws IOException {
    Files.writeString(SNDBUF_POLICY, value);
  }
}
