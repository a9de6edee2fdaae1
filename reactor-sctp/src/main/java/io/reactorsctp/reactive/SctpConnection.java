package io.reactorsctp.reactive;

import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.SctpAssociationStatus;
import io.reactorsctp.channel.SctpAuthKey;
import java.net.InetSocketAddress;
import java.util.List;
import reactor.core.publisher.Mono;

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

  @Override
  default Mono<Void> addAuthKey(SctpAuthKey key) {
    return Mono.fromRunnable(() -> channel().addAuthKey(key));
  }

  @Override
  default Mono<Void> activateAuthKey(int keyId) {
    return Mono.fromRunnable(() -> channel().activateAuthKey(keyId));
  }

  @Override
  default Mono<Void> deactivateAuthKey(int keyId) {
    return Mono.fromRunnable(() -> channel().deactivateAuthKey(keyId));
  }

  @Override
  default Mono<Void> deleteAuthKey(int keyId) {
    return Mono.fromRunnable(() -> channel().deleteAuthKey(keyId));
  }
}
