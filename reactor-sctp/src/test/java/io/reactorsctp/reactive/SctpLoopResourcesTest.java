package io.reactorsctp.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Event loop resources: lazy, shared, disposable, and guarded against blocking calls. */
class SctpLoopResourcesTest {

  @Test
  void blockingOnAnEventLoopThreadFailsAtOnce() throws Exception {
    SctpLoopResources loops = SctpLoopResources.create("guard", 1);
    try {
      Throwable error = null;
      try {
        loops
            .group()
            .next()
            .submit(() -> Mono.delay(java.time.Duration.ofMillis(10)).block())
            .get(10, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        error = e.getCause();
      }
      assertThat(error).isInstanceOf(IllegalStateException.class).hasMessageContaining("block");
    } finally {
      loops.dispose();
    }
    assertThat(loops.isDisposed()).isTrue();
  }

  @Test
  void aSharedGroupIsUsedButNotShutDown() {
    EventLoopGroup mine = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    try {
      SctpLoopResources shared = SctpLoopResources.of(mine);
      assertThat(shared.group()).isSameAs(mine);
      shared.dispose();
      assertThat(mine.isShuttingDown()).isFalse();
    } finally {
      mine.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void defaultResourcesAreCreatedOnceAndLazily() {
    assertThat(SctpLoopResources.defaultResources()).isSameAs(SctpLoopResources.defaultResources());
  }
}
