package io.reactorsctp.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How a loop of {@link EpollSctpEventLoopGroup} waits, read where the kernel says it: the blocked
 * thread's system call and arguments in {@code /proc/self/task/TID/syscall}.
 */
class EpollSctpEventLoopGroupTest {
  /** x86-64 system call numbers (the guest's architecture); the arguments follow the number. */
  private static final int EPOLL_WAIT = 232;

  private static final int EPOLL_PWAIT = 281;
  private static final int EPOLL_PWAIT2 = 441;
  private static final Set<String> WAITS =
      Set.of(
          Integer.toString(EPOLL_WAIT),
          Integer.toString(EPOLL_PWAIT),
          Integer.toString(EPOLL_PWAIT2));

  @Test
  void anIdleLoopWaitsUntimedAndAScheduledTaskStillTimesTheWait() throws Exception {
    assertThat(System.getProperty("os.arch")).as("system call numbers of this test").isIn("amd64");
    EpollSctpEventLoopGroup group = new EpollSctpEventLoopGroup(1);
    try {
      EventLoop loop = group.next();
      CompletableFuture<String> echoed = new CompletableFuture<>();
      Channel server =
          new ServerBootstrap()
              .group(loop)
              .channel(EpollSctpServerChannel.class)
              .childHandler(new EpollSctpChannelTest.Echo())
              .bind(new InetSocketAddress("127.0.0.1", 0))
              .sync()
              .channel();
      Channel client =
          new Bootstrap()
              .group(loop)
              .channel(EpollSctpChannel.class)
              .handler(
                  new SimpleChannelInboundHandler<SctpInboundMessage>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, SctpInboundMessage m) {
                      echoed.complete(m.content().toString(StandardCharsets.UTF_8));
                    }
                  })
              .connect(server.localAddress())
              .sync()
              .channel();
      client.writeAndFlush(SctpOutboundMessage.builder(SctpTestKit.utf8("ping")).build());
      assertThat(echoed.get(20, TimeUnit.SECONDS)).isEqualTo("ping");
      String tid =
          loop.submit(EpollSctpEventLoopGroupTest::nativeThreadId).get(10, TimeUnit.SECONDS);

      long[] idle = waitingCall(tid);
      assertThat(timeoutOf(idle))
          .as("the idle loop's wait (system call %d), its timeout argument", idle[0])
          .isEqualTo("none");

      // A scheduled task still bounds the wait, and still runs.
      CompletableFuture<Void> ran = new CompletableFuture<>();
      loop.schedule(() -> ran.complete(null), 3, TimeUnit.SECONDS);
      // Scheduled from this thread, the task reaches the loop's queue through a task: once a task
      // submitted after it has run, the loop's next wait is one that knows of it.
      loop.submit(() -> {}).get(10, TimeUnit.SECONDS);
      long[] timed = waitingCall(tid);
      assertThat(timeoutOf(timed))
          .as("the wait with a task scheduled (system call %d)", timed[0])
          .isEqualTo("timed");
      ran.get(20, TimeUnit.SECONDS);
      client.close().sync();
      server.close().sync();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  private static String nativeThreadId() throws IOException {
    // "/proc/thread-self" links to "PID/task/TID" of the calling thread.
    return Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
  }

  /**
   * The event loop thread's system call once it blocks in an epoll wait: the number and its six
   * arguments. Polls: the thread may still be finishing its turn.
   */
  private static long[] waitingCall(String tid) throws Exception {
    Path file = Path.of("/proc/self/task", tid, "syscall");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    String last = "";
    while (System.nanoTime() < deadline) {
      last = Files.readString(file).trim();
      String[] f = last.split(" ");
      // "running" while the thread runs; the number and arguments while it is blocked.
      if (f.length >= 7 && WAITS.contains(f[0])) {
        long[] call = new long[7];
        call[0] = Long.parseLong(f[0]);
        for (int i = 1; i < 7; i++) {
          call[i] = Long.parseUnsignedLong(f[i].substring(2), 16);
        }
        return call;
      }
      Thread.sleep(20);
    }
    return fail(
        "the event loop was not blocked in an epoll wait within 10 s: " + file + " = " + last);
  }

  /** "none" when the wait has no timeout, "timed" when it has one. */
  private static String timeoutOf(long[] call) {
    return switch ((int) call[0]) {
      // int timeout, the fourth argument: -1 waits for ever.
      case EPOLL_WAIT, EPOLL_PWAIT -> (int) call[4] == -1 ? "none" : "timed";
      // const struct timespec *timeout: NULL waits for ever.
      case EPOLL_PWAIT2 -> call[4] == 0 ? "none" : "timed";
      default -> throw new IllegalArgumentException("not an epoll wait: " + call[0]);
    };
  }
}
