package io.reactorsctp.reactive;

import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.SctpAssociationStatus;
import java.net.InetSocketAddress;
import java.util.List;

/** A one-to-one SCTP association, on its own {@link EpollSctpChannel}. */
public interface SctpConnection extends SctpAssociation {

  /** {@return the underlying Netty channel} */
  EpollSctpChannel channel();

  @Override
  default int associationId() {
    return status().associationId();
  }

  @Override
  default InetSocketAddress localAddress() {
    return channel().localAddress();
  }

  @Override
  default InetSocketAddress remoteAddress() {
    return channel().remoteAddress();
  }

  @Override
  default List<InetSocketAddress> remoteAddresses() {
    return channel().allRemoteAddresses();
  }

  @Override
  default SctpAssociationStatus status() {
    return channel().status();
  }
}
