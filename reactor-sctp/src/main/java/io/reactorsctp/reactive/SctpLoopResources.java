package io.reactorsctp.reactive;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.reactorsctp.channel.EpollSctpEventLoopGroup;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.NonBlocking;

/**
 * The epoll event loops SCTP clients and servers run on: created lazily, shared, disposable. {@link
 * #of} wraps a group the application already has (e.g. the one reactor-netty HTTP runs on) without
 * taking ownership: our SCTP channels and Netty's own channels then share threads.
 */
public final class SctpLoopResources implements Disposable {

  private static final AtomicReference<SctpLoopResources> DEFAULT = new AtomicReference<>();

  private final String prefix;
  private final int threads;
  private final boolean owned;
  private final AtomicReference<EventLoopGroup> group = new AtomicReference<>();
  private volatile boolean disposed;

  private SctpLoopResources(String prefix, int threads, EventLoopGroup existing) {
    this.prefix = prefix;
    this.threads = threads;
    this.owned = existing == null;
    this.group.set(existing);
  }

  /** {@return the process-wide default resources (daemon threads, one per available processor)} */
  public static SctpLoopResources defaultResources() {
    SctpLoopResources r = DEFAULT.get();
    while (r == null || r.isDisposed()) {
      SctpLoopResources created =
          create("reactor-sctp", Runtime.getRuntime().availableProcessors());
      if (DEFAULT.compareAndSet(r, created)) {
        return created;
      }
      r = DEFAULT.get();
    }
    return r;
  }

  /**
   * Creates resources owning their event loops.
   *
   * @param prefix thread name prefix
   * @param threads number of event loop threads (at least 1)
   * @return new resources owning their event loops
   */
  public static SctpLoopResources create(String prefix, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads: " + threads + " must be at least 1");
    }
    return new SctpLoopResources(prefix, threads, null);
  }

  /**
   * Wraps an application's event-loop group.
   *
   * @param group an epoll {@code MultiThreadIoEventLoopGroup} (built with {@code
   *     EpollIoHandler.newFactory()})
   * @return resources using it; disposing them leaves the group running
   */
  public static SctpLoopResources of(EventLoopGroup group) {
    return new SctpLoopResources("shared", 0, group);
  }

  /** {@return the event loop group, created on first use} */
  public EventLoopGroup group() {
    if (disposed) {
      throw new IllegalStateException("SctpLoopResources " + prefix + " are disposed");
    }
    EventLoopGroup g = group.get();
    if (g == null) {
      EventLoopGroup created =
          new EpollSctpEventLoopGroup(threads, new NonBlockingThreadFactory(prefix + "-epoll"));
      if (group.compareAndSet(null, created)) {
        return created;
      }
      created.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      g = group.get();
    }
    return g;
  }

  /**
   * Event loop threads that Reactor knows must not block: {@code block()} on them fails at once
   * instead of stalling every association on the loop.
   */
  private static final class NonBlockingThreadFactory extends DefaultThreadFactory {
    NonBlockingThreadFactory(String name) {
      super(name, true);
    }

    @Override
    protected Thread newThread(Runnable r, String name) {
      return new EventLoopThread(threadGroup, r, name);
    }
  }

  private static final class EventLoopThread extends FastThreadLocalThread implements NonBlocking {
    EventLoopThread(ThreadGroup group, Runnable r, String name) {
      super(group, r, name);
    }
  }

  @Override
  public void dispose() {
    disposeLater().block(Duration.ofSeconds(10));
  }

  /** {@return a Mono completing once owned event loops have shut down} */
  public Mono<Void> disposeLater() {
    return Mono.defer(
        () -> {
          disposed = true;
          EventLoopGroup g = group.getAndSet(null);
          if (!owned || g == null) {
            return Mono.empty();
          }
          return Mono.create(
              sink ->
                  g.shutdownGracefully(0, 2, TimeUnit.SECONDS).addListener(f -> sink.success()));
        });
  }

  @Override
  public boolean isDisposed() {
    return disposed;
  }
}
