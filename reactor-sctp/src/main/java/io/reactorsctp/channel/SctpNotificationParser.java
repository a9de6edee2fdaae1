package io.reactorsctp.channel;

import io.netty.buffer.ByteBuf;
import io.reactorsctp.internal.nativeio.KernelNotifications;

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
      case KernelNotifications.Unknown u -> new SctpNotification.Unknown(0, u.type(), u.raw());
    };
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
