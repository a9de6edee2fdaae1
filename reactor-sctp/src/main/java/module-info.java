/**
 * Linux kernel SCTP for the JVM: Netty 4.2 epoll channels ({@code io.reactorsctp.channel}), a
 * Project Reactor API ({@code io.reactorsctp.reactive}) and Micrometer meters ({@code
 * io.reactorsctp.metrics}).
 *
 * <p>The FFM bindings to the kernel ({@code io.reactorsctp.internal.nativeio}) are not exported.
 * They call native code, so the application grants this module native access, or the JDK warns at
 * the first call (and a later JDK refuses it): {@code --enable-native-access=io.reactorsctp} on the
 * module path, {@code --enable-native-access=ALL-UNNAMED} on the class path.
 *
 * <p>Micrometer is optional: only {@code io.reactorsctp.metrics} uses it, and an application that
 * wants meters puts Micrometer on its path itself.
 */
// Reactor, Netty's SCTP jar and Micrometer are automatic modules: no descriptor, a stable name in
// their manifests. javac warns at each requires of one; that is the state of those libraries, not
// something to fix here.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.reactorsctp {
  exports io.reactorsctp;
  exports io.reactorsctp.channel;
  exports io.reactorsctp.reactive;
  exports io.reactorsctp.metrics;

  // In the exported API's signatures: channels, buffers, futures and SCTP options are Netty's,
  // streams Reactor's.
  requires transitive io.netty.buffer;
  requires transitive io.netty.common;
  requires transitive io.netty.transport;
  requires transitive io.netty.transport.classes.epoll;
  requires transitive io.netty.transport.sctp;
  requires transitive reactor.core;
  requires transitive org.reactivestreams;
  requires io.netty.transport.unix.common;
  // Netty's SCTP options carry the JDK's com.sun.nio.sctp types (InitMaxStreams).
  requires transitive jdk.sctp;
  requires static transitive micrometer.core;
  requires static transitive micrometer.observation;
  // An observation's key values (io.micrometer.common), read by the default set-up timers.
  requires static micrometer.commons;

  // BlockHound is the application's choice: the integration below is found only where it is
  // present.
  requires static reactor.blockhound;

  // metrics(true) finds the metrics layer as a service: the reactive layer does not name it.
  uses io.reactorsctp.reactive.SctpMetricsProvider;

  provides io.reactorsctp.reactive.SctpMetricsProvider with
      io.reactorsctp.metrics.GlobalRegistryMetricsProvider;
  provides reactor.blockhound.integration.BlockHoundIntegration with
      io.reactorsctp.reactive.SctpBlockHoundIntegration;
}
