package io.reactorsctp.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A write made while a read loop hands messages on, with {@link
 * AbstractEpollSctpChannel#flushAfterReadLoop()} instead of a flush, leaves as that loop ends,
 * after {@code channelReadComplete}; outside a read loop the call arranges nothing.
 */
class FlushAfterReadLoopTest {

  /** Echoes each message unflushed and notes what the channel said and when it flushed. */
  static final class DeferredEcho extends ChannelInboundHandlerAdapter {
    final BlockingQueue<Boolean> inReadLoop = new LinkedBlockingQueue<>();
    final BlockingQueue<Boolean> outsideReadLoop = new LinkedBlockingQueue<>();
    final BlockingQueue<Long> pendingAtReadComplete = new LinkedBlockingQueue<>();
    private boolean echoedInThisLoop;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      SctpInboundMessage m = (SctpInboundMessage) msg;
      EpollSctpChannel ch = (EpollSctpChannel) ctx.channel();
      ch.write(SctpOutboundMessage.builder(m.content().retain()).streamId(m.streamId()).build());
      ReferenceCountUtil.release(m);
      echoedInThisLoop = true;
      inReadLoop.add(ch.flushAfterReadLoop());
      ch.eventLoop().execute(() -> outsideReadLoop.add(ch.flushAfterReadLoop()));
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      if (echoedInThisLoop) {
        echoedInThisLoop = false;
        pendingAtReadComplete.add(ctx.channel().unsafe().outboundBuffer().totalPendingWriteBytes());
      }
    }
  }

  @Test
  void aWriteInTheReadLoopLeavesWhenTheLoopEnds() throws Exception {
    try (SctpTestKit kit = new SctpTestKit()) {
      DeferredEcho echo = new DeferredEcho();
      Channel server = kit.server(echo);
      EpollSctpChannelTest.Collector replies = new EpollSctpChannelTest.Collector();
      EpollSctpChannel client = kit.client(SctpTestKit.address(server), replies);
      client
          .writeAndFlush(
              SctpOutboundMessage.builder(Unpooled.wrappedBuffer(new byte[100]))
                  .streamId(3)
                  .build())
          .sync();

      EpollSctpChannelTest.Seen reply = replies.next();
      assertThat(reply.stream()).as("the echo's stream").isEqualTo(3);
      assertThat(echo.inReadLoop.poll(20, TimeUnit.SECONDS))
          .as("flushAfterReadLoop() inside channelRead")
          .isTrue();
      assertThat(echo.pendingAtReadComplete.poll(20, TimeUnit.SECONDS))
          .as("bytes written and not yet flushed when channelReadComplete ran")
          .isPositive();
      assertThat(echo.outsideReadLoop.poll(20, TimeUnit.SECONDS))
          .as("flushAfterReadLoop() in a task, outside any read loop")
          .isFalse();
      client.close().sync();
      server.close().sync();
    }
  }
}
