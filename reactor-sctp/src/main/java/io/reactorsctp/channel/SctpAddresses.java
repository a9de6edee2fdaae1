package io.reactorsctp.channel;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Checks that a {@link SocketAddress} handed to a channel is one SCTP can use. */
final class SctpAddresses {

  static InetSocketAddress inet(String field, SocketAddress address) {
    if (!(address instanceof InetSocketAddress inet)) {
      throw new InvalidSctpMessageException(
          field,
          (address == null ? "null" : address.getClass().getSimpleName())
              + " is not an InetSocketAddress");
    }
    if (inet.isUnresolved()) {
      throw new InvalidSctpMessageException(field, inet.getHostString() + " is unresolved");
    }
    return inet;
  }

  private SctpAddresses() {}
}
