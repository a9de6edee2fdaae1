package io.reactorsctp.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpOutboundMessage;
import java.lang.management.ManagementFactory;

/**
 * What "the message itself" allocates in a throughput operation of our channel peer, measured in
 * this JVM: the sender's {@link SctpOutboundMessage} around a retained duplicate of the payload
 * (what the peer writes), and the receiver's {@link SctpInboundMessage}. The allocation target is
 * about what the channel adds beyond these.
 */
final class MessageObjects {
  private static final int COUNT = 200_000;

  /** {@return bytes allocated per sent-and-received message by the message objects alone} */
  static double bytesPerMessage() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    ByteBuf payload =
        PooledByteBufAllocator.DEFAULT.directBuffer(64).writeZero(64); // as the peer's
    Object[] kept =
        new Object
            [1024]; // the objects escape, as they do in the channel, so none is optimised away
    try {
      for (int round = 0;
          round < 3;
          round++) { // the last round, after the JIT has seen the loop, counts
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < COUNT; i++) {
          ByteBuf duplicate = payload.retainedDuplicate();
          kept[i & 1023] =
              SctpOutboundMessage.builder(duplicate).streamId(i & 7).ppid(Scenario.PPID).build();
          kept[(i + 512) & 1023] =
              new SctpInboundMessage(duplicate, i & 7, i, Scenario.PPID, false, i, i, 0, 0);
          duplicate.release();
        }
        if (round == 2) {
          return (double) (threads.getCurrentThreadAllocatedBytes() - before) / COUNT;
        }
      }
      throw new AssertionError("unreachable");
    } finally {
      payload.release();
    }
  }

  private MessageObjects() {}
}
