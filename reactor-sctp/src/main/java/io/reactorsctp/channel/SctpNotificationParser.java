package io.reactorsctp.channel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.reactorsctp.internal.nativeio.KernelNotifications;
import io.reactorsctp.internal.nativeio.SctpConstants;

/**
 * Turns the bytes of a {@code MSG_NOTIFICATION} read into a {@link SctpNotification}: {@link
 * KernelNotifications} decodes the kernel struct, this gives its fields their public types. A
 * truncated or unknown notification becomes {@link SctpNotification.Unknown}, never an exception on
 * the event loop.
 */
final class SctpNotificationParser {

  static SctpNotification parse(ByteBuf b) {
    return switch (KernelNotifications.decode(b.nioBuffer(b.readerIndex(), b.readableBytes()))) {
      case KernelNotifications.AssocChange c ->
          new SctpNotification.AssociationChange(
              c.assocId(),
              associationState(c.state()),
              c.error(),
              c.outboundStreams(),
              c.inboundStreams(),
              c.info());
      case KernelNotifications.PeerAddrChange c ->
          new SctpNotification.PeerAddressChange(
              c.assocId(), c.address(), peerAddressState(c.state()), c.error());
      case KernelNotifications.RemoteError e ->
          new SctpNotification.RemoteError(e.assocId(), e.error(), e.data());
      case KernelNotifications.SendFailed f ->
          new SctpNotification.SendFailed(
              f.assocId(),
              f.dataSent(),
              f.error(),
              f.stream(),
              f.ppid(),
              f.context(),
              f.flags(),
              f.data());
      case KernelNotifications.Shutdown s -> new SctpNotification.Shutdown(s.assocId());
      case KernelNotifications.SenderDry d -> new SctpNotification.SenderDry(d.assocId());
      case KernelNotifications.Adaptation a ->
          new SctpNotification.AdaptationIndication(a.assocId(), a.indication());
      case KernelNotifications.PartialDelivery p ->
          new SctpNotification.PartialDelivery(
              p.assocId(), p.indication(), p.stream(), p.sequence());
      case KernelNotifications.StreamReset r ->
          new SctpNotification.StreamReset(r.assocId(), r.flags(), r.streams());
      case KernelNotifications.AssocReset r ->
          new SctpNotification.AssociationReset(
              r.assocId(), r.flags(), r.localTsn(), r.remoteTsn());
      case KernelNotifications.StreamChange c ->
          new SctpNotification.StreamChange(
              c.assocId(), c.flags(), c.inboundStreams(), c.outboundStreams());
      case KernelNotifications.AuthKey a -> authentication(a, b);
      case KernelNotifications.Unknown u -> new SctpNotification.Unknown(0, u.type(), u.raw());
    };
  }

  private static SctpNotification authentication(KernelNotifications.AuthKey a, ByteBuf b) {
    SctpNotification.AuthenticationIndication indication =
        switch (a.indication()) {
          case SctpConstants.SCTP_AUTH_NEW_KEY -> SctpNotification.AuthenticationIndication.NEW_KEY;
          case SctpConstants.SCTP_AUTH_FREE_KEY ->
              SctpNotification.AuthenticationIndication.FREE_KEY;
          case SctpConstants.SCTP_AUTH_NO_AUTH -> SctpNotification.AuthenticationIndication.NO_AUTH;
          default -> null;
        };
    return indication == null
        ? new SctpNotification.Unknown(
            0, SctpConstants.SCTP_AUTHENTICATION_EVENT, ByteBufUtil.getBytes(b))
        : new SctpNotification.Authentication(
            a.assocId(), indication, a.keyNumber(), a.altKeyNumber());
  }

  private static SctpNotification.AssociationState associationState(int state) {
    SctpNotification.AssociationState[] all = SctpNotification.AssociationState.values();
    return state < all.length ? all[state] : SctpNotification.AssociationState.COMMUNICATION_LOST;
  }

  private static SctpNotification.PeerAddressState peerAddressState(int state) {
    SctpNotification.PeerAddressState[] all = SctpNotification.PeerAddressState.values();
    return state >= 0 && state < all.length
        ? all[state]
        : SctpNotification.PeerAddressState.UNREACHABLE;
  }

  private SctpNotificationParser() {}
}
