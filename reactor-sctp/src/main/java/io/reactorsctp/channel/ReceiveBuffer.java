package io.reactorsctp.channel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Where a channel's reads go: one buffer kept from read to read. A read hands its buffer on with
 * the message; when every holder has released it by the next read (a handler done with the message,
 * the usual case), that read takes it again instead of a new one from the allocator: taking and
 * giving back a buffer of Netty's adaptive allocator cost 1.7 us of a 64 B request-response round
 * trip in the counted guest (benchmarks/findings.md 20). A message still held anywhere is never
 * written over: its buffer is then left to its holders and a new one taken. Only buffers up to
 * {@link #LARGEST_KEPT} bytes are kept, so that an idle association holds no more than that. Event
 * loop only.
 */
final class ReceiveBuffer {
  /** The largest buffer kept between reads, bytes: the first guess of the channels' sizing. */
  static final int LARGEST_KEPT = SctpMessageRecvByteBufAllocator.DEFAULT_INITIAL;

  // Our own reference to the last buffer taken, or null.
  private ByteBuf kept;

  /**
   * @param alloc where a new buffer comes from
   * @param size the capacity wanted
   * @return an empty buffer of {@code size} bytes that the caller owns (one reference)
   */
  ByteBuf take(ByteBufAllocator alloc, int size) {
    ByteBuf last = kept;
    if (last != null) {
      if (last.refCnt() == 1 && last.capacity() == size) {
        return last.clear().retain();
      }
      kept = null;
      last.release();
    }
    ByteBuf buf = alloc.directBuffer(size);
    if (size <= LARGEST_KEPT) {
      kept = buf.retain();
    }
    return buf;
  }

  /** Gives up the kept buffer (the channel closes); its other holders keep theirs. */
  void release() {
    ByteBuf last = kept;
    if (last != null) {
      kept = null;
      last.release();
    }
  }
}
