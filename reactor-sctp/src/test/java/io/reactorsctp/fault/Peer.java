package io.reactorsctp.fault;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.SctpChannelOptions;
import io.reactorsctp.channel.SctpInitMsg;
import io.reactorsctp.channel.SctpNotification;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.channel.SctpPrPolicy;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A peer in its own JVM (so it can be killed with SIGKILL, or run inside another network
 * namespace), driven by {@link PeerProcess}. Prints {@code READY} once its association is up, then
 * its results as {@code key=value} lines, then {@code DONE}.
 *
 * <ul>
 *   <li>{@code stall HOST PORT}: connects and reads nothing (receive window closes), until killed;
 *   <li>{@code send HOST PORT RELIABLE PR STREAMS}: sends RELIABLE fully reliable messages
 *       round-robin over STREAMS streams, each carrying its stream sequence number and its index,
 *       and PR more with PR-SCTP (alternately RTX 0 and TTL 30 ms, on the last stream, context =
 *       index); then shuts down gracefully and reports the PR messages Linux reported abandoned
 *       ({@code SEND_FAILED}).
 *   <li>{@code receive HOST,HOST.. PORT COUNT}: listens on those addresses (multi-homed) and reads
 *       messages that carry their index as an int, until COUNT arrived or the association ended;
 *       reports how many arrived, how many were not the next index expected, and the duplicates.
 *       With a fifth argument {@code asconf}: dynamic addresses (RFC 5061) on, and each peer
 *       address change printed as it comes, {@code PEER_ADDR HOST STATE}.
 * </ul>
 */
public final class Peer {

  /** First int of a PR-SCTP message's payload, so the receiver tells it from a reliable one. */
  static final int PR_MARK = -1;

  public static void main(String[] args) throws Exception {
    if (args[0].equals("receive")) {
      receive(
          args[1].split(","),
          Integer.parseInt(args[2]),
          Integer.parseInt(args[3]),
          args.length > 4 && args[4].equals("asconf"));
      return;
    }
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    InetSocketAddress server = new InetSocketAddress(args[1], Integer.parseInt(args[2]));
    ConcurrentHashMap<Integer, Boolean> abandoned = new ConcurrentHashMap<>();
    boolean stall = args[0].equals("stall");
    Bootstrap b =
        new Bootstrap()
            .group(group)
            .channel(EpollSctpChannel.class)
            .option(SctpChannelOptions.SCTP_INITMSG, new SctpInitMsg(16, 16, 0, 0))
            .handler(
                new ChannelInboundHandlerAdapter() {
                  @Override
                  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                    if (evt instanceof SctpNotification.SendFailed f) {
                      abandoned.put(f.context(), f.sent());
                    }
                  }
                });
    if (stall) {
      b.option(ChannelOption.AUTO_READ, false).option(ChannelOption.SO_RCVBUF, 16 * 1024);
    }
    Channel ch = b.connect(server).sync().channel();
    System.out.println("READY");
    System.out.flush();
    if (stall) {
      Thread.sleep(TimeUnit.MINUTES.toMillis(10));
      return;
    }
    int reliable = Integer.parseInt(args[3]);
    int pr = Integer.parseInt(args[4]);
    int streams = Integer.parseInt(args[5]);
    int[] sequence = new int[streams];
    int total = reliable + pr;
    int every = total / Math.max(1, pr);
    for (int i = 0; i < total; i++) {
      ByteBuf payload = PooledByteBufAllocator.DEFAULT.directBuffer(200);
      SctpOutboundMessage.Builder m;
      if (pr > 0 && i % every == every - 1 && i / every < pr) {
        payload.writeInt(PR_MARK).writeInt(i).writeZero(192);
        m =
            SctpOutboundMessage.builder(payload)
                .streamId(streams - 1)
                .context(i)
                .prPolicy(
                    i / every % 2 == 0 ? SctpPrPolicy.RTX : SctpPrPolicy.TTL,
                    i / every % 2 == 0 ? 0 : 30);
      } else {
        int stream = i % (streams - 1);
        payload.writeInt(sequence[stream]++).writeInt(i).writeZero(192);
        m = SctpOutboundMessage.builder(payload).streamId(stream).context(i);
      }
      ch.write(m.build());
      if (i % 32 == 31) {
        ch.flush();
        // Hold back while the kernel is full, so TTL messages wait in the kernel's queue, not in
        // ours.
        while (!ch.isWritable()) {
          Thread.sleep(1);
        }
      }
    }
    ch.flush();
    // Graceful shutdown: the kernel delivers everything still queued before SHUTDOWN completes.
    ch.writeAndFlush(
            SctpOutboundMessage.builder(io.netty.buffer.Unpooled.EMPTY_BUFFER).eof(true).build())
        .sync();
    ch.closeFuture().await(120, TimeUnit.SECONDS);
    System.out.println("reliableSent=" + java.util.Arrays.stream(sequence).sum());
    System.out.println("prSent=" + (total - java.util.Arrays.stream(sequence).sum()));
    System.out.println("abandonedNotified=" + abandoned.size());
    System.out.println(
        "abandonedNotifiedAfterSending=" + abandoned.values().stream().filter(s -> s).count());
    // The contexts themselves, split by the report's SCTP_DATA_SENT flag: an unsent one can never
    // have been delivered, a sent one may have been (RFC 6458 6.1.11), so the receiver checks them
    // differently.
    for (boolean sent : new boolean[] {false, true}) {
      System.out.println(
          (sent ? "abandonedSentContexts=" : "abandonedUnsentContexts=")
              + abandoned.entrySet().stream()
                  .filter(e -> e.getValue() == sent)
                  .map(e -> e.getKey())
                  .sorted()
                  .map(String::valueOf)
                  .collect(java.util.stream.Collectors.joining(",")));
    }
    System.out.println("DONE");
    System.out.flush();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  private static void receive(String[] hosts, int port, int count, boolean asconf)
      throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    java.util.List<InetSocketAddress> addresses =
        java.util.Arrays.stream(hosts).map(h -> new InetSocketAddress(h, port)).toList();
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    int[] received = {0};
    int[] outOfOrder = {0};
    java.util.BitSet seen = new java.util.BitSet();
    int[] duplicates = {0};
    Channel server =
        new io.netty.bootstrap.ServerBootstrap()
            .group(group)
            .channel(io.reactorsctp.channel.EpollSctpServerChannel.class)
            // The listening socket's INIT-ACK announces ASCONF; the accepted socket is a new
            // endpoint that needs it too.
            .option(SctpChannelOptions.SCTP_ASCONF_SUPPORTED, asconf)
            .childOption(SctpChannelOptions.SCTP_ASCONF_SUPPORTED, asconf)
            .childHandler(
                new io.netty.channel.ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.closeFuture().addListener(f -> done.countDown());
                    ch.pipeline()
                        .addLast(
                            new ChannelInboundHandlerAdapter() {
                              @Override
                              public void userEventTriggered(ChannelHandlerContext ctx, Object e) {
                                if (asconf && e instanceof SctpNotification.PeerAddressChange c) {
                                  System.out.println(
                                      "PEER_ADDR " + c.address().getHostString() + " " + c.state());
                                  System.out.flush();
                                }
                                ctx.fireUserEventTriggered(e);
                              }
                            })
                        .addLast(
                            new io.netty.channel.SimpleChannelInboundHandler<
                                io.reactorsctp.channel.SctpInboundMessage>() {
                              @Override
                              protected void channelRead0(
                                  ChannelHandlerContext ctx,
                                  io.reactorsctp.channel.SctpInboundMessage m) {
                                int index = m.content().getInt(m.content().readerIndex());
                                if (index != received[0]) {
                                  outOfOrder[0]++;
                                }
                                if (seen.get(index)) {
                                  duplicates[0]++;
                                }
                                seen.set(index);
                                if (++received[0] == count) {
                                  done.countDown();
                                }
                              }
                            });
                  }
                })
            .bind(io.reactorsctp.channel.MultiHomedAddress.of(addresses))
            .sync()
            .channel();
    System.out.println("READY");
    System.out.flush();
    done.await(10, TimeUnit.MINUTES);
    server
        .eventLoop()
        .submit(
            () -> {
              System.out.println("received=" + received[0]);
              System.out.println("outOfOrder=" + outOfOrder[0]);
              System.out.println("duplicates=" + duplicates[0]);
              System.out.println("DONE");
              System.out.flush();
            })
        .sync();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  private Peer() {}
}
