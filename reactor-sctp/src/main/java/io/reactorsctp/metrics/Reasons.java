package io.reactorsctp.metrics;

import io.reactorsctp.Errno;
import io.reactorsctp.SctpNativeException;
import io.reactorsctp.channel.SctpNotification;

/** Bounded tag values: why a send failed, what a notification was. Never a message's own data. */
final class Reasons {

  /** {@return the errno name of a failed system call, else the exception's simple class name} */
  static String of(Throwable cause) {
    if (cause instanceof SctpNativeException e) {
      return Errno.name(e.errno());
    }
    return cause.getClass().getSimpleName();
  }

  /** {@return the notification's type as in sctp.h, without its prefix, lower case} */
  static String notificationType(SctpNotification n) {
    return switch (n) {
      case SctpNotification.AssociationChange c -> "assoc_change";
      case SctpNotification.PeerAddressChange c -> "peer_addr_change";
      case SctpNotification.RemoteError e -> "remote_error";
      case SctpNotification.SendFailed f -> "send_failed";
      case SctpNotification.Shutdown s -> "shutdown";
      case SctpNotification.AdaptationIndication a -> "adaptation_indication";
      case SctpNotification.PartialDelivery p -> "partial_delivery";
      case SctpNotification.SenderDry d -> "sender_dry";
      case SctpNotification.StreamReset r -> "stream_reset";
      case SctpNotification.AssociationReset r -> "assoc_reset";
      case SctpNotification.StreamChange c -> "stream_change";
      case SctpNotification.Authentication a -> "authentication";
      case SctpNotification.Unknown u -> "unknown";
    };
  }

  /** {@return a peer address state, lower case: added, removed, made_primary...} */
  static String addressChange(SctpNotification.PeerAddressState state) {
    return state.name().toLowerCase(java.util.Locale.ROOT);
  }

  private Reasons() {}
}
