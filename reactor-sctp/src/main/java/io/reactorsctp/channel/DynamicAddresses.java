package io.reactorsctp.channel;

import static io.reactorsctp.internal.nativeio.SctpConstants.*;

import io.reactorsctp.Errno;
import io.reactorsctp.SctpNativeException;
import io.reactorsctp.channel.SctpAddressChangeException.Reason;
import io.reactorsctp.internal.nativeio.SctpSocket;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Dynamic addresses (ASCONF, RFC 5061) on one socket, for both channel kinds: enabling them, and
 * adding, removing and proposing local addresses with the kernel's silences and refusals turned
 * into {@link SctpAddressChangeException}s.
 *
 * <p>Linux (6.1) sends ASCONF only when the endpoint has {@code asconf_enable} ({@code
 * SCTP_ASCONF_SUPPORTED}, per socket, rather than the host-wide {@code net.sctp.addip_enable}) and
 * the peer listed ASCONF in its INIT or INIT-ACK. It also requires SCTP-AUTH unless the host-wide
 * {@code net.sctp.addip_noauth_enable} is set: an INIT listing ASCONF without AUTH is refused by an
 * ASCONF-enabled peer ({@code sctp_verify_ext_param}), and an unauthenticated ASCONF is discarded
 * ({@code sctp_sf_do_asconf}). So enabling ASCONF enables AUTH too; the kernel then adds ASCONF and
 * ASCONF-ACK to the chunks the peer must authenticate ({@code sctp_setsockopt_asconf_supported}).
 */
final class DynamicAddresses {
  private static final String OPTION = "SCTP_ASCONF_SUPPORTED";

  /** Turns ASCONF, and with it SCTP-AUTH, on (or ASCONF off) for the associations to come. */
  static void enable(SctpSocket socket, boolean on) throws SctpNativeException {
    if (on) {
      SctpAuth.enableIfOff(socket);
    }
    socket.setAssocValue(SCTP_ASCONF_SUPPORTED, SCTP_FUTURE_ASSOC, on ? 1 : 0);
  }

  /**
   * {@return on an established one-to-one socket or an association id, whether the association
   * negotiated ASCONF; else whether the endpoint has it on}
   */
  static boolean enabled(SctpSocket socket, int assocId) throws SctpNativeException {
    return socket.assocValue(SCTP_ASCONF_SUPPORTED, assocId) != 0;
  }

  /**
   * Adds or removes a local address ({@code sctp_bindx}); Linux sends ASCONF to every established
   * association that negotiated it. When {@code missing} says the association(s) would not learn of
   * it, the kernel's change is undone and the call fails.
   *
   * @param missing after the kernel's change: why the peer would not learn of it, or null
   */
  static void change(
      SctpSocket socket,
      InetSocketAddress address,
      boolean add,
      java.util.concurrent.Callable<Reason> missing)
      throws Exception {
    try {
      socket.bindx(List.of(address), add);
    } catch (SctpNativeException e) {
      // EBUSY: the socket has one bound entry, which may be the wildcard rather than this address.
      if (!add && e.errno() == Errno.EBUSY && socket.addresses(false, 0).contains(address)) {
        throw new SctpAddressChangeException(
            Reason.LAST_ADDRESS,
            "address",
            address.getAddress().getHostAddress()
                + " is the socket's last bound address (Linux keeps one): add another first ("
                + e.getMessage()
                + ")",
            e);
      }
      throw e; // the kernel's own refusal (EINVAL, EADDRNOTAVAIL...) names the address
    }
    Reason reason = missing.call();
    if (reason != null) {
      socket.bindx(List.of(address), !add);
      throw new SctpAddressChangeException(
          reason,
          OPTION,
          (add ? "adding " : "removing ")
              + address.getAddress().getHostAddress()
              + (reason == Reason.NOT_ENABLED
                  ? ": ASCONF is off on this endpoint, its associations would not learn of it"
                  : ": the association did not negotiate ASCONF (RFC 5061), the peer would not"
                      + " learn of it")
              + "; enable "
              + OPTION
              + " on both ends before the association is set up (it enables SCTP-AUTH, which"
              + " ASCONF requires). Undone",
          null);
    }
  }

  /**
   * Asks the peer to make one of our addresses its primary path ({@code
   * SCTP_SET_PEER_PRIMARY_ADDR}: an ASCONF with a Set Primary Address parameter).
   */
  static void requestPeerPrimary(SctpSocket socket, InetSocketAddress local, int assocId) {
    try {
      socket.setPrimary(local, true, assocId);
    } catch (SctpNativeException e) {
      throw switch (e.errno()) {
        case Errno.EPERM ->
            new SctpAddressChangeException(
                Reason.NOT_NEGOTIATED,
                OPTION,
                "ASCONF is off on this endpoint or was not negotiated with the peer: enable "
                    + OPTION
                    + " on both ends before the association is set up ("
                    + e.getMessage()
                    + ")",
                e);
        case Errno.EADDRNOTAVAIL ->
            new SctpAddressChangeException(
                Reason.NOT_AN_ASSOCIATION_ADDRESS,
                "localAddress",
                local
                    + " is not one of the association's local addresses (address and port) ("
                    + e.getMessage()
                    + ")",
                e);
        case Errno.ENOTCONN, Errno.EINVAL ->
            new SctpAddressChangeException(
                Reason.NOT_ESTABLISHED,
                "associationId",
                "association " + assocId + " is not established (" + e.getMessage() + ")",
                e);
        default -> new io.netty.channel.ChannelException(e);
      };
    }
  }

  private DynamicAddresses() {}
}
