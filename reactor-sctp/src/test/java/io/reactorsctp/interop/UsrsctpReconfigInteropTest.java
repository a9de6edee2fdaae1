package io.reactorsctp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactorsctp.SctpUdpPort;
import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpNotification;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.channel.SctpReconfigRequest;
import io.reactorsctp.channel.SctpResetDirection;
import io.reactorsctp.reactive.SctpClient;
import io.reactorsctp.reactive.SctpConnection;
import io.reactorsctp.reactive.SctpLoopResources;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * Stream reconfiguration (RFC 6525) between the kernel's stack, through this library, and usrsctp
 * ({@link UsrsctpPeer}), over UDP (RFC 6951): each side asks, the other performs and reports it.
 *
 * <ul>
 *   <li>Our outgoing stream reset: usrsctp reports its incoming stream reset and the stream's next
 *       message restarts at SSN 0.
 *   <li>usrsctp's outgoing stream reset and its Add Incoming Streams request: our channel reports
 *       the reset and the stream change, the stream restarts at SSN 0, and our outbound stream
 *       count grows so a message goes out on the new stream at once.
 * </ul>
 */
class UsrsctpReconfigInteropTest {
  private static final long SECONDS = 30;
  private static final Duration WAIT = Duration.ofSeconds(SECONDS);
  private static final int STREAMS = 4;
  private static final int ADDED = 2;

  /** Linux's and usrsctp's {@code SCTP_STREAM_RESET_INCOMING_SSN}: the peer reset its outgoing. */
  private static final int INCOMING_SSN = 1;

  private final SctpLoopResources loops = SctpLoopResources.create("usrsctp-reconfig", 2);
  private final BlockingQueue<SctpInboundMessage> messages = new LinkedBlockingQueue<>();
  private final BlockingQueue<SctpNotification> notifications = new LinkedBlockingQueue<>();

  @AfterEach
  void tearDown() {
    messages.forEach(SctpInboundMessage::release);
    loops.dispose();
  }

  @Test
  void usrsctpPerformsOurOutgoingStreamReset() throws Exception {
    try (SctpUdpPort udp = SctpUdpPort.set(SctpUdpPort.IANA);
        Usrsctp peer = UsrsctpPeer.start(SctpUdpPort.IANA, SECONDS, "reconfig")) {
      SctpConnection c = connect(peer);
      try {
        send(c, 1, 1);
        send(c, 1, 2);
        peer.awaitOutput("recv sid=1 ssn=0 ppid=1 len=2 pattern=ok", SECONDS);
        peer.awaitOutput("recv sid=1 ssn=1 ppid=2 len=2 pattern=ok", SECONDS);

        c.resetStreams(SctpResetDirection.OUTGOING, 1).block(WAIT);
        peer.awaitOutput("stream-reset flags=" + INCOMING_SSN + " streams=1\n", SECONDS);
        send(c, 1, 3);
        peer.awaitOutput("recv sid=1 ssn=0 ppid=3 len=2 pattern=ok", SECONDS);
      } finally {
        c.dispose();
      }
    }
  }

  @Test
  void ourChannelPerformsUsrsctpsResetAndAddsTheStreamsItAsksFor() throws Exception {
    try (SctpUdpPort udp = SctpUdpPort.set(SctpUdpPort.IANA);
        Usrsctp peer = UsrsctpPeer.start(SctpUdpPort.IANA, SECONDS, "reconfig")) {
      SctpConnection c = connect(peer);
      try {
        peer.writeLine("send 2 11 5");
        peer.writeLine("send 2 12 5");
        assertThat(next()).isEqualTo("sid=2 ssn=0 ppid=11 abcde");
        assertThat(next()).isEqualTo("sid=2 ssn=1 ppid=12 abcde");

        peer.writeLine("reset-out 2");
        peer.awaitOutput("done reset-out", SECONDS);
        assertThat(notification(SctpNotification.StreamReset.class))
            .satisfies(
                r -> {
                  assertThat(r.flags()).as("flags of %s", r).isEqualTo(INCOMING_SSN);
                  assertThat(r.streams()).containsExactly(2);
                });
        peer.awaitOutput("stream-reset flags=2 streams=2\n", SECONDS); // usrsctp's: performed
        peer.writeLine("send 2 13 5");
        assertThat(next()).as("stream 2 restarts at SSN 0").isEqualTo("sid=2 ssn=0 ppid=13 abcde");

        // usrsctp asks for streams into it: Linux adds outgoing ones.
        peer.writeLine("add " + ADDED + " 0");
        peer.awaitOutput("done add", SECONDS);
        // Linux reports the number of streams added, not the new count (docs/extensions.md).
        assertThat(notification(SctpNotification.StreamChange.class))
            .satisfies(
                e -> {
                  assertThat(e.flags()).as("flags of %s", e).isZero();
                  assertThat(e.outboundStreams()).as("streams added in %s", e).isEqualTo(ADDED);
                });
        peer.awaitOutput("stream-change flags=0 in=" + (STREAMS + ADDED), SECONDS);
        assertThat(c.channel().outboundStreams()).isEqualTo(STREAMS + ADDED);
        send(c, STREAMS + ADDED - 1, 4);
        peer.awaitOutput(
            "recv sid=" + (STREAMS + ADDED - 1) + " ssn=0 ppid=4 len=2 pattern=ok", SECONDS);
      } finally {
        c.dispose();
      }
    }
  }

  private SctpConnection connect(Usrsctp peer) throws InterruptedException {
    SctpConnection c =
        SctpClient.create()
            .remoteAddress(new InetSocketAddress("127.0.0.1", UsrsctpPeer.SCTP_PORT))
            .runOn(loops)
            .streams(STREAMS, STREAMS)
            .streamReconfiguration(SctpReconfigRequest.values())
            .udpEncapsulation(UsrsctpPeer.UDP)
            .connectNow(WAIT);
    c.inbound().notifications().subscribe(notifications::add);
    c.inbound().receive().subscribe(messages::add);
    peer.awaitOutput("up in=" + STREAMS + " out=" + STREAMS, SECONDS);
    return c;
  }

  /** Sends "ab" (usrsctp_peer's pattern) on a stream. */
  private static void send(SctpConnection c, int stream, int ppid) {
    c.outbound()
        .send(Mono.just(SctpOutboundMessage.builder("ab").streamId(stream).ppid(ppid).build()))
        .block(WAIT);
  }

  /** {@return the next message from usrsctp: stream, SSN, PPID and text} */
  private String next() throws InterruptedException {
    SctpInboundMessage m = messages.poll(SECONDS, TimeUnit.SECONDS);
    assertThat(m).as("a message from usrsctp within %d s", SECONDS).isNotNull();
    try {
      return "sid=%d ssn=%d ppid=%d %s"
          .formatted(
              m.streamId(), m.ssn(), m.ppid(), m.content().toString(StandardCharsets.US_ASCII));
    } finally {
      m.release();
    }
  }

  /** {@return the next notification of that type, skipping others} */
  private <T extends SctpNotification> T notification(Class<T> type) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
    for (; ; ) {
      SctpNotification n = notifications.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      assertThat(n).as("a %s notification within %d s", type.getSimpleName(), SECONDS).isNotNull();
      if (type.isInstance(n)) {
        return type.cast(n);
      }
    }
  }
}
