package io.reactorsctp.reactive;

import io.reactorsctp.channel.EpollSctpServerChannel;

/**
 * A bound SCTP server; disposing it stops accepting (established associations carry on until they
 * end), and {@link #onDispose()} completes when it no longer accepts.
 */
public final class DisposableSctpServer extends DisposableSctpChannel<EpollSctpServerChannel> {

  DisposableSctpServer(EpollSctpServerChannel channel) {
    super(channel);
  }
}
