package io.reactorsctp.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.nio.sctp.MessageInfo;
import com.sun.nio.sctp.SctpChannel;
import com.sun.nio.sctp.SctpServerChannel;
import com.sun.nio.sctp.SctpStandardSocketOptions;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.sctp.SctpChannelOption;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our one-to-one and server channels on a real kernel SCTP stack, against themselves and the JDK's
 * SCTP.
 */
class EpollSctpChannelTest {

  private final SctpTestKit kit = new SctpTestKit();

  @AfterEach
  void tearDown() {
    kit.close();
  }

  /** What a receiver saw of one message. */
  record Seen(int stream, int ppid, boolean unordered, String text) {
    static Seen of(SctpInboundMessage m) {
      return new Seen(
          m.streamId(), m.ppid(), m.isUnordered(), m.content().toString(StandardCharsets.UTF_8));
    }
  }

  /** Collects every inbound message and notification a channel sees. */
  @io.netty.channel.ChannelHandler.Sharable
  static final class Collector extends ChannelInboundHandlerAdapter {
    final BlockingQueue<Seen> messages = new LinkedBlockingQueue<>();
    final BlockingQueue<SctpNotification> notifications = new LinkedBlockingQueue<>();
    final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        messages.add(Seen.of((SctpInboundMessage) msg));
      } finally {
        ReferenceCountUtil.release(msg);
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

    Seen next() throws InterruptedException {
      Seen s = messages.poll(20, TimeUnit.SECONDS);
      assertThat(s).as("a message within 20 s").isNotNull();
      return s;
    }

    <T extends SctpNotification> T next(Class<T> type) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < deadline) {
        SctpNotification n = notifications.poll(100, TimeUnit.MILLISECONDS);
        if (type.isInstance(n)) {
          return type.cast(n);
        }
      }
      throw new AssertionError("no " + type.getSimpleName() + " within 20 s");
    }
  }

  /** Echoes every message back on its stream with its ppid and unordered flag. */
  @io.netty.channel.ChannelHandler.Sharable
  static final class Echo extends SimpleChannelInboundHandler<SctpInboundMessage> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, SctpInboundMessage m) {
      ctx.writeAndFlush(
          SctpOutboundMessage.builder(m.content().retain())
              .streamId(m.streamId())
              .ppid(m.ppid())
              .unordered(m.isUnordered())
              .build());
    }
  }

  @ParameterizedTest(name = "{0} stream(s)")
  @ValueSource(ints = {1, 10})
  void echoRoundTripCarriesStreamPpidAndUnordered(int streams) throws Exception {
    Channel server = kit.server(new Echo());
    Collector client = new Collector();
    EpollSctpChannel channel = kit.client(SctpTestKit.address(server), client);
    assertThat(channel.outboundStreams()).isGreaterThanOrEqualTo(streams);

    List<Seen> sent = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      int stream = i % streams;
      boolean unordered = i % 3 == 0;
      int ppid = i % 2 == 0 ? 46 : 3;
      String text = "message " + i;
      sent.add(new Seen(stream, ppid, unordered, text));
      channel.write(
          SctpOutboundMessage.builder(SctpTestKit.utf8(text))
              .streamId(stream)
              .ppid(ppid)
              .unordered(unordered)
              .build());
    }
    channel.flush();
    List<Seen> received = new ArrayList<>();
    for (int i = 0; i < sent.size(); i++) {
      received.add(client.next());
    }
    assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
    for (int s = 0; s < streams; s++) {
      int stream = s;
      assertThat(received.stream().filter(r -> r.stream() == stream && !r.unordered()).toList())
          .as("ordered messages of stream %d arrive in order", s)
          .isEqualTo(sent.stream().filter(r -> r.stream() == stream && !r.unordered()).toList());
    }
    channel.close().sync();
  }

  @Test
  void jdkSctpChannelReceivesWhatOurChannelSends() throws Exception {
    try (SctpServerChannel jdkServer =
        SctpServerChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
      InetSocketAddress address =
          (InetSocketAddress) jdkServer.getAllLocalAddresses().iterator().next();
      EpollSctpChannel ours = kit.client(address, new Collector());
      try (SctpChannel accepted = jdkServer.accept()) {
        ours.writeAndFlush(
                SctpOutboundMessage.builder(SctpTestKit.utf8("CER")).streamId(0).ppid(46).build())
            .sync();
        ours.writeAndFlush(
                SctpOutboundMessage.builder(SctpTestKit.utf8("DATA"))
                    .streamId(3)
                    .ppid(3)
                    .unordered(true)
                    .build())
            .sync();
        assertThat(jdkReceive(accepted)).isEqualTo(new Seen(0, 46, false, "CER"));
        assertThat(jdkReceive(accepted)).isEqualTo(new Seen(3, 3, true, "DATA"));
      }
      ours.close().sync();
    }
  }

  @Test
  void ourServerReceivesWhatJdkSctpChannelSends() throws Exception {
    Collector child = new Collector();
    Channel server = kit.server(child);
    try (SctpChannel jdk = SctpChannel.open(SctpTestKit.address(server), 5, 5)) {
      jdk.setOption(SctpStandardSocketOptions.SCTP_NODELAY, true);
      jdk.send(
          ByteBuffer.wrap("CEA".getBytes(StandardCharsets.UTF_8)),
          MessageInfo.createOutgoing(null, 2).payloadProtocolID(46));
      jdk.send(
          ByteBuffer.wrap("BEAT".getBytes(StandardCharsets.UTF_8)),
          MessageInfo.createOutgoing(null, 0).payloadProtocolID(3).unordered(true));
      assertThat(child.next()).isEqualTo(new Seen(2, 46, false, "CEA"));
      assertThat(child.next()).isEqualTo(new Seen(0, 3, true, "BEAT"));
      SctpNotification.AssociationChange up = child.next(SctpNotification.AssociationChange.class);
      assertThat(up.state()).isEqualTo(SctpNotification.AssociationState.COMMUNICATION_UP);
      assertThat(up.outboundStreams()).isEqualTo(5);
    }
  }

  private static Seen jdkReceive(SctpChannel channel) throws Exception {
    ByteBuffer buffer = ByteBuffer.allocate(1024);
    MessageInfo info = channel.receive(buffer, null, null);
    buffer.flip();
    return new Seen(
        info.streamNumber(),
        info.payloadProtocolID(),
        info.isUnordered(),
        StandardCharsets.UTF_8.decode(buffer).toString());
  }

  @Test
  void streamBeyondTheNegotiatedOnesFailsThatWriteOnlyNamingBothNumbers() throws Exception {
    Channel server = kit.server(new Echo());
    Collector client = new Collector();
    EpollSctpChannel channel =
        (EpollSctpChannel)
            new io.netty.bootstrap.Bootstrap()
                .group(kit.group)
                .channel(EpollSctpChannel.class)
                .handler(client)
                .option(SctpChannelOptions.SCTP_INITMSG, new SctpInitMsg(4, 4, 0, 0))
                .connect(SctpTestKit.address(server))
                .sync()
                .channel();
    assertThat(channel.outboundStreams()).isEqualTo(4);
    ChannelFuture bad =
        channel.writeAndFlush(
            SctpOutboundMessage.builder(SctpTestKit.utf8("x")).streamId(4).build());
    assertThat(bad.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(bad.cause())
        .isInstanceOf(InvalidSctpMessageException.class)
        .hasMessageContaining("streamId")
        .hasMessageContaining("4")
        .hasMessageContaining("0..3");
    channel
        .writeAndFlush(
            SctpOutboundMessage.builder(SctpTestKit.utf8("still up")).streamId(3).build())
        .sync();
    assertThat(client.next()).isEqualTo(new Seen(3, 0, false, "still up"));
    assertThat(channel.isActive()).isTrue();
  }

  @Test
  void aSlowReaderMakesTheWriterUnwritableThenEveryMessageArrivesOnceInOrder() throws Exception {
    BlockingQueue<Integer> received = new LinkedBlockingQueue<>();
    SctpTestKit.StalledServer stalled = kit.stalledServer(16 * 1024, received::add);
    Channel server = stalled.server();
    EpollSctpChannel writer =
        (EpollSctpChannel)
            new io.netty.bootstrap.Bootstrap()
                .group(kit.group)
                .channel(EpollSctpChannel.class)
                .handler(new ChannelInboundHandlerAdapter())
                .option(ChannelOption.SO_SNDBUF, 16 * 1024)
                .connect(SctpTestKit.address(server))
                .sync()
                .channel();
    Channel child = stalled.child().get(10, TimeUnit.SECONDS);

    int count = 2000;
    AtomicBoolean sawUnwritable = new AtomicBoolean();
    List<ChannelFuture> writes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ByteBuf payload = io.netty.buffer.PooledByteBufAllocator.DEFAULT.directBuffer(512);
      payload.writeInt(i).writeZero(508);
      writes.add(writer.writeAndFlush(SctpOutboundMessage.builder(payload).streamId(1).build()));
      if (!writer.isWritable()) {
        sawUnwritable.set(true);
      }
    }
    Thread.sleep(500);
    assertThat(sawUnwritable)
        .as("the writer became unwritable while the reader did not read")
        .isTrue();
    assertThat(writes.get(count - 1).isDone()).as("the last write waits for room").isFalse();

    child.config().setAutoRead(true);
    for (int i = 0; i < count; i++) {
      Integer n = received.poll(30, TimeUnit.SECONDS);
      assertThat(n).as("message %d", i).isEqualTo(i);
    }
    for (ChannelFuture f : writes) {
      assertThat(f.await(10, TimeUnit.SECONDS) && f.isSuccess()).isTrue();
    }
    assertThat(writer.isWritable()).isTrue();
    assertThat(received.poll(200, TimeUnit.MILLISECONDS)).as("nothing duplicated").isNull();
  }

  @Test
  void peerCloseEndsTheAssociationWithShutdownNotificationAndInactiveChannel() throws Exception {
    Collector child = new Collector();
    CountDownLatch inactive = new CountDownLatch(1);
    Channel server =
        kit.server(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                ch.pipeline().addLast(child);
              }
            });
    EpollSctpChannel client =
        kit.client(
            SctpTestKit.address(server),
            new ChannelInboundHandlerAdapter() {
              @Override
              public void channelInactive(ChannelHandlerContext ctx) {
                inactive.countDown();
              }
            });
    client
        .writeAndFlush(SctpOutboundMessage.builder(SctpTestKit.utf8("bye")).eof(true).build())
        .sync();
    assertThat(child.next()).isEqualTo(new Seen(0, 0, false, "bye"));
    child.next(SctpNotification.Shutdown.class);
    assertThat(inactive.await(20, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void abortIsSeenByThePeerAsCommunicationLost() throws Exception {
    Collector child = new Collector();
    Channel server =
        kit.server(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                ch.pipeline().addLast(child);
              }
            });
    EpollSctpChannel client =
        kit.client(SctpTestKit.address(server), new ChannelInboundHandlerAdapter());
    child.next(SctpNotification.AssociationChange.class); // COMMUNICATION_UP
    client
        .writeAndFlush(
            SctpOutboundMessage.builder(io.netty.buffer.Unpooled.EMPTY_BUFFER).abort(true).build())
        .sync();
    SctpNotification.AssociationChange lost = child.next(SctpNotification.AssociationChange.class);
    assertThat(lost.state()).isEqualTo(SctpNotification.AssociationState.COMMUNICATION_LOST);
  }

  @Test
  void outOfKernelMemoryFailsThatMessageAloneAndKeepsTheAssociation() throws Exception {
    Channel server = kit.server(new Echo());
    EpollSctpChannel client =
        kit.client(SctpTestKit.address(server), new ChannelInboundHandlerAdapter());
    for (int errno : new int[] {io.reactorsctp.Errno.ENOBUFS, io.reactorsctp.Errno.ENOMEM}) {
      SctpOutboundMessage msg = SctpOutboundMessage.builder("x").streamId(2).context(7).build();
      Throwable failure =
          client
              .eventLoop()
              .submit(() -> client.messageFailure(msg, errno))
              .get(10, TimeUnit.SECONDS);
      msg.release();
      assertThat(failure)
          .isInstanceOf(io.reactorsctp.SctpNativeException.class)
          .hasMessageContaining(io.reactorsctp.Errno.name(errno))
          .hasMessageContaining("context 7");
      assertThat(client.isOpen())
          .as("the channel stays open after " + io.reactorsctp.Errno.name(errno))
          .isTrue();
    }
  }

  @Test
  void nodelayIsOnByDefaultAndOptionsReachTheKernel() throws Exception {
    Channel server = kit.server(new Echo());
    EpollSctpChannel channel =
        kit.client(SctpTestKit.address(server), new ChannelInboundHandlerAdapter());
    assertThat(channel.config().getOption(SctpChannelOption.SCTP_NODELAY)).isTrue();
    assertThat(channel.config().getOption(SctpChannelOptions.SCTP_PR_SUPPORTED)).isTrue();
    channel.config().setOption(ChannelOption.SO_SNDBUF, 256 * 1024);
    assertThat(channel.config().getOption(ChannelOption.SO_SNDBUF))
        .isGreaterThanOrEqualTo(256 * 1024);
    assertThatThrownBy(() -> channel.config().setOption(ChannelOption.SO_SNDBUF, -1))
        .isInstanceOf(InvalidSctpMessageException.class)
        .hasMessageContaining("SO_SNDBUF");
  }

  @Test
  void connectingToANonListeningPortFailsWithATypedError() throws Exception {
    ChannelFuture f =
        new io.netty.bootstrap.Bootstrap()
            .group(kit.group)
            .channel(EpollSctpChannel.class)
            .handler(new ChannelInboundHandlerAdapter())
            .connect(new InetSocketAddress("127.0.0.1", 9));
    assertThat(f.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(f.cause())
        .isInstanceOf(io.reactorsctp.SctpNativeException.class)
        .hasMessageContaining("ECONNREFUSED");
  }
}
