package io.reactorsctp.channel;

import io.netty.channel.epoll.Epoll;
import io.reactorsctp.internal.nativeio.SctpSocket;

/**
 * The native parts the SCTP channels run on: Netty's epoll library, and the FFM bindings to the
 * kernel's socket calls.
 */
public final class SctpNativeLibrary {

  /**
   * Loads both now rather than at the first channel: Netty's epoll library (throwing its
   * unavailability cause where it cannot load) and the FFM downcall handles and struct layouts.
   * Needs no SCTP in the kernel; idempotent, and cheap after the first call.
   */
  public static void load() {
    Epoll.ensureAvailability();
    SctpSocket.loadBindings();
  }

  private SctpNativeLibrary() {}
}
