package io.reactorsctp.reactive;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.reactorsctp.channel.SctpNotification;

/**
 * What {@code wiretap} puts first in each pipeline: logs, at DEBUG on one named logger, each
 * message read and written with its channel and every SCTP field ({@code SctpInboundMessage} and
 * {@code SctpOutboundMessage} print association, stream, SSN, ppid, context, unordered, PR-SCTP and
 * the EOF/ABORT flags), each notification, and optionally the payload as a hex dump. Costs one
 * check of the logger's level per message when DEBUG is off.
 */
@Sharable
final class SctpWiretap extends ChannelDuplexHandler {

  /** Name of the handler in each pipeline. */
  static final String HANDLER_NAME = "sctpWiretap";

  private final InternalLogger logger;
  private final String category;
  private final boolean hexDump;

  SctpWiretap(String category, boolean hexDump) {
    this.logger = InternalLoggerFactory.getInstance(category);
    this.category = category;
    this.hexDump = hexDump;
  }

  String category() {
    return category;
  }

  boolean hexDump() {
    return hexDump;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    log(ctx, "READ", msg);
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    log(ctx, "WRITE", msg);
    ctx.write(msg, promise);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof SctpNotification && logger.isDebugEnabled()) {
      logger.debug("{} NOTIFICATION {}", ctx.channel(), evt);
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (logger.isDebugEnabled()) {
      logger.debug("{} ACTIVE", ctx.channel());
    }
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (logger.isDebugEnabled()) {
      logger.debug("{} INACTIVE", ctx.channel());
    }
    ctx.fireChannelInactive();
  }

  private void log(ChannelHandlerContext ctx, String direction, Object msg) {
    if (!logger.isDebugEnabled()) {
      return;
    }
    ByteBuf payload =
        msg instanceof ByteBufHolder h ? h.content() : msg instanceof ByteBuf b ? b : null;
    if (hexDump && payload != null && payload.isReadable()) {
      logger.debug(
          "{} {} {}\n{}", ctx.channel(), direction, msg, ByteBufUtil.prettyHexDump(payload));
    } else {
      logger.debug("{} {} {}", ctx.channel(), direction, msg);
    }
  }
}
