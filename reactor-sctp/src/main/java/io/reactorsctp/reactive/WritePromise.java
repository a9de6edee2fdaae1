package io.reactorsctp.reactive;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelPromise;

/**
 * A write's promise that tells its writer the outcome as it completes, instead of through a
 * listener: one object per write where a promise and a listener were two, and none of a listener's
 * bookkeeping (its slot, three monitor passes and a thread-local stack-depth count per write; only
 * a failure is counted here, see {@code tellFailure}). Every way a promise completes ends in {@link
 * #written}: the outbound buffer uses {@code trySuccess} and {@code tryFailure}, a handler may use
 * the set methods or {@code cancel(boolean)}; a promise's state changes once, so the writer hears
 * once. It hears on the channel's event loop, as a listener would: a promise completed elsewhere
 * (by a handler on its own executor) hands the outcome to the loop.
 */
abstract class WritePromise extends DefaultChannelPromise {
  // Netty's listener notification nests as deep (DefaultPromise.MAX_LISTENER_STACK_DEPTH).
  private static final int MAX_FAILURE_DEPTH = 8;
  private static final ThreadLocal<int[]> FAILURE_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

  WritePromise(Channel channel) {
    super(channel);
  }

  /**
   * The write's outcome, on the event loop.
   *
   * @param failure why the message was not sent (a cancellation included), or {@code null} when it
   *     was
   */
  abstract void written(Throwable failure);

  @Override
  public boolean trySuccess(Void result) {
    if (!super.trySuccess(result)) {
      return false;
    }
    tell(null);
    return true;
  }

  @Override
  public ChannelPromise setSuccess(Void result) {
    super.setSuccess(result); // throws when already complete, before anyone is told
    tell(null);
    return this;
  }

  @Override
  public boolean tryFailure(Throwable cause) {
    if (!super.tryFailure(cause)) {
      return false;
    }
    tell(cause);
    return true;
  }

  @Override
  public ChannelPromise setFailure(Throwable cause) {
    super.setFailure(cause);
    tell(cause);
    return this;
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    if (!super.cancel(mayInterruptIfRunning)) {
      return false;
    }
    tell(cause());
    return true;
  }

  private void tell(Throwable failure) {
    if (!executor().inEventLoop()) {
      tellFromTask(failure);
    } else if (failure == null) {
      written(null);
    } else {
      tellFailure(failure);
    }
  }

  /**
   * A write can fail inside {@code write} (a message the channel refuses), and a writer told of it
   * may write again at once: a subscriber that answers each refusal by sending again would nest one
   * refusal inside the other until the stack overflows. As Netty's listener notification does, the
   * outcome is told in place up to a depth, then from a task. A success cannot nest this way (it is
   * told from the write loop, which a write made meanwhile does not re-enter), so only failures pay
   * for the count.
   */
  private void tellFailure(Throwable failure) {
    int[] depth = FAILURE_DEPTH.get();
    if (depth[0] >= MAX_FAILURE_DEPTH) {
      tellFromTask(failure);
      return;
    }
    depth[0]++;
    try {
      written(failure);
    } finally {
      depth[0]--;
    }
  }

  private void tellFromTask(Throwable failure) {
    executor().execute(() -> written(failure));
  }
}
