package io.reactorsctp.channel;

import java.io.Serial;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

/**
 * Several addresses of one SCTP endpoint, for multi-homing. Give it to {@code bind} (the first
 * address is bound, the rest added with {@code sctp_bindx}; all share one port) or to {@code
 * connect} (the association is set up with {@code sctp_connectx} to all of them). IPv4 and IPv6 may
 * be mixed.
 */
public final class MultiHomedAddress extends SocketAddress {
  @Serial private static final long serialVersionUID = 1L;

  /** The addresses, the first one primary. */
  private final List<InetSocketAddress> addresses;

  private MultiHomedAddress(List<InetSocketAddress> addresses) {
    this.addresses = addresses;
  }

  /**
   * Makes a multi-homed address from a list.
   *
   * @param addresses one or more resolved addresses
   * @return the multi-homed address
   */
  public static MultiHomedAddress of(List<InetSocketAddress> addresses) {
    if (addresses == null || addresses.isEmpty()) {
      throw new InvalidSctpMessageException("addresses", "empty; give at least one address");
    }
    for (InetSocketAddress a : addresses) {
      SctpAddresses.inet("addresses", a);
    }
    return new MultiHomedAddress(List.copyOf(addresses));
  }

  /**
   * Makes a multi-homed address from its addresses.
   *
   * @param first the first address
   * @param more the others
   * @return the multi-homed address
   */
  public static MultiHomedAddress of(InetSocketAddress first, InetSocketAddress... more) {
    java.util.List<InetSocketAddress> all = new java.util.ArrayList<>();
    all.add(first);
    all.addAll(List.of(more));
    return of(all);
  }

  /** {@return the addresses, the first one first} */
  public List<InetSocketAddress> addresses() {
    return addresses;
  }

  /** {@return the first address} */
  public InetSocketAddress first() {
    return addresses.getFirst();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MultiHomedAddress m && m.addresses.equals(addresses);
  }

  @Override
  public int hashCode() {
    return addresses.hashCode();
  }

  @Override
  public String toString() {
    return addresses.toString();
  }
}
