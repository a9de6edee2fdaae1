package io.reactorsctp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.ChannelFuture;
import io.reactorsctp.channel.InvalidSctpMessageException;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.channel.SctpStreamScheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The stream scheduler's effect (RFC 8260 §3), read from the receiver: messages of a low-priority
 * stream fill the receiver's window and more of them wait in the sender's kernel; then a few
 * messages are queued on a high-priority stream. Under the priority scheduler they go out before
 * the low-priority messages queued first; under FCFS they go out after all of them. Plain DATA, so
 * whole messages: the scheduler alone makes the difference.
 */
class StreamSchedulerWireTest {
  private static final int LOW = 40;
  private static final int HIGH = 5;
  private static final int SIZE = 2000;

  private final WireKit kit = new WireKit();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    kit.close();
  }

  @Test
  void aQueuedHighPriorityStreamOvertakesUnderPriorityAndWaitsUnderFcfs() throws Exception {
    SchedulerRig prio = SchedulerRig.start(kit, false, SctpStreamScheduler.PRIORITY);
    open.add(prio);
    prio.client.setStreamSchedulerValue(1, 10);
    assertThat(prio.client.streamSchedulerValue(1)).isEqualTo(10);
    assertThat(prio.client.streamSchedulerValue(0)).isZero();
    assertThat(lowMessagesAfterTheLastHighOne(prio))
        .as("stream 1 messages (priority 10) still arriving after stream 0's (priority 0)")
        .isGreaterThan(LOW / 4);

    SchedulerRig fcfs = SchedulerRig.start(kit, false, SctpStreamScheduler.FCFS);
    open.add(fcfs);
    assertThat(lowMessagesAfterTheLastHighOne(fcfs))
        .as("under FCFS stream 0's messages come after every earlier one")
        .isZero();
  }

  @Test
  void aValueForAStreamBeyondTheCountOrBeforeTheAssociationIsATypedError() throws Exception {
    SchedulerRig rig = SchedulerRig.start(kit, false, SctpStreamScheduler.PRIORITY);
    open.add(rig);
    int outbound = rig.client.outboundStreams();
    assertThatThrownBy(() -> rig.client.setStreamSchedulerValue(outbound, 1))
        .isInstanceOf(InvalidSctpMessageException.class)
        .hasMessageContaining("beyond the association's " + outbound + " outbound streams")
        .extracting(e -> ((InvalidSctpMessageException) e).field())
        .isEqualTo("streamId");
    assertThatThrownBy(() -> rig.client.setStreamSchedulerValue(0, 65536))
        .isInstanceOf(InvalidSctpMessageException.class)
        .extracting(e -> ((InvalidSctpMessageException) e).field())
        .isEqualTo("value");
    rig.client.close().sync();
    assertThatThrownBy(() -> rig.client.streamSchedulerValue(0))
        .isInstanceOf(RuntimeException.class);
  }

  /**
   * Queues {@link #LOW} messages on stream 1 (the window takes some), then {@link #HIGH} on stream
   * 0, lets the receiver read, and counts the stream 1 messages that arrived after stream 0's last.
   */
  private static int lowMessagesAfterTheLastHighOne(SchedulerRig rig) throws Exception {
    List<ChannelFuture> sent = new ArrayList<>();
    for (int i = 0; i < LOW; i++) {
      sent.add(write(rig, 1, i));
    }
    rig.awaitWindowFull();
    for (int i = 0; i < HIGH; i++) {
      sent.add(write(rig, 0, 100 + i));
    }
    for (ChannelFuture f : sent) {
      assertThat(f.await(WireKit.WAIT_SECONDS, TimeUnit.SECONDS)).as("in the kernel").isTrue();
      assertThat(f.isSuccess()).as("sent: %s", f.cause()).isTrue();
    }
    rig.startReading();
    List<Integer> streams = new ArrayList<>();
    for (int i = 0; i < LOW + HIGH; i++) {
      WireKit.Received r = rig.received.next();
      assertThat(r.text()).hasSize(SIZE);
      streams.add(r.stream());
    }
    int lastHigh = streams.lastIndexOf(0);
    return (int) streams.subList(lastHigh + 1, streams.size()).stream().filter(s -> s == 1).count();
  }

  private static ChannelFuture write(SchedulerRig rig, int stream, int ppid) {
    return rig.client.writeAndFlush(
        SctpOutboundMessage.builder(rig.client.alloc().directBuffer(SIZE).writeZero(SIZE))
            .streamId(stream)
            .ppid(ppid)
            .build());
  }
}
