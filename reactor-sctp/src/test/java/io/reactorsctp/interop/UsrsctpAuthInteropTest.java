package io.reactorsctp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactorsctp.Errno;
import io.reactorsctp.SctpNativeException;
import io.reactorsctp.SctpUdpPort;
import io.reactorsctp.channel.SctpAssocParams;
import io.reactorsctp.channel.SctpAuthKey;
import io.reactorsctp.channel.SctpChannelOptions;
import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpNotification;
import io.reactorsctp.channel.SctpNotification.AssociationChange;
import io.reactorsctp.channel.SctpNotification.AssociationState;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.channel.SctpRtoInfo;
import io.reactorsctp.reactive.SctpClient;
import io.reactorsctp.reactive.SctpConnection;
import io.reactorsctp.reactive.SctpLoopResources;
import io.reactorsctp.wire.WireCapture;
import io.reactorsctp.wire.WireChunk;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * SCTP-AUTH (RFC 4895) between the kernel's stack, through this library, and usrsctp ({@link
 * UsrsctpPeer}, a shared key 1 active, DATA authenticated), over UDP (RFC 6951).
 *
 * <ul>
 *   <li>The same key on both ends: messages pass both ways, and tshark sees each DATA chunk right
 *       behind an AUTH chunk (type 15) with key 1 in its packet, both ways.
 *   <li>usrsctp with other bytes under key 1: our message never reaches it (usrsctp discards it,
 *       silently as RFC 4895 says), and our association fails once its retransmissions run out.
 * </ul>
 */
class UsrsctpAuthInteropTest {
  private static final long SECONDS = 30;
  private static final Duration WAIT = Duration.ofSeconds(SECONDS);
  private static final int AUTH = 15;
  private static final byte[] KEY =
      "usrsctp-and-linux-share-this-key".getBytes(StandardCharsets.UTF_8);
  private static final byte[] OTHER =
      "usrsctp-holds-another-key-bytes!".getBytes(StandardCharsets.UTF_8);

  private final SctpLoopResources loops = SctpLoopResources.create("usrsctp-auth", 2);
  private final BlockingQueue<SctpInboundMessage> messages = new LinkedBlockingQueue<>();
  private final BlockingQueue<SctpNotification> notifications = new LinkedBlockingQueue<>();
  private final BlockingQueue<Throwable> receiveErrors = new LinkedBlockingQueue<>();

  @AfterEach
  void tearDown() {
    messages.forEach(SctpInboundMessage::release);
    loops.dispose();
  }

  @Test
  void withTheSameKeyMessagesPassBothWaysBehindAuthChunks() throws Exception {
    try (SctpUdpPort udp = SctpUdpPort.set(SctpUdpPort.IANA);
        Usrsctp peer = UsrsctpPeer.start(SctpUdpPort.IANA, SECONDS, auth(KEY));
        WireCapture wire = WireCapture.start("usrsctp-auth", "lo", udpFilter())) {
      SctpConnection c = connect(peer, SctpClient.create());
      try {
        send(c, 60);
        peer.awaitOutput("recv sid=0 ssn=0 ppid=60 len=2 pattern=ok", SECONDS);
        peer.writeLine("send 0 61 2");
        SctpInboundMessage m = messages.poll(SECONDS, TimeUnit.SECONDS);
        assertThat(m).as("usrsctp's message within %d s", SECONDS).isNotNull();
        assertThat(m.ppid()).isEqualTo(61);
        assertThat(m.content().toString(StandardCharsets.US_ASCII)).isEqualTo("ab");
        m.release();

        int ours = c.localAddress().getPort();
        List<WireChunk> chunks = wire.stop();
        assertThat(keysBeforeData(chunks, p -> p == ours))
            .as("our DATA, each behind AUTH")
            .containsExactly(1);
        assertThat(keysBeforeData(chunks, p -> p == UsrsctpPeer.SCTP_PORT))
            .as("usrsctp's DATA, each behind AUTH")
            .containsExactly(1);
      } finally {
        c.dispose();
      }
    }
  }

  @Test
  void withAnotherKeyNothingPassesAndOurAssociationFails() throws Exception {
    try (SctpUdpPort udp = SctpUdpPort.set(SctpUdpPort.IANA);
        Usrsctp peer = UsrsctpPeer.start(SctpUdpPort.IANA, SECONDS, auth(OTHER));
        WireCapture wire = WireCapture.start("usrsctp-auth-wrong-key", "lo", udpFilter())) {
      SctpConnection c =
          connect(
              peer,
              SctpClient.create()
                  // Fail fast: the retransmissions run out in well under a second.
                  .option(SctpChannelOptions.SCTP_RTOINFO, new SctpRtoInfo(100, 200, 100))
                  .option(SctpChannelOptions.SCTP_ASSOCINFO, new SctpAssocParams(2, 0)));
      try {
        send(c, 70);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        for (; ; ) {
          SctpNotification n =
              notifications.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
          assertThat(n).as("our association's failure within %d s", SECONDS).isNotNull();
          if (n instanceof AssociationChange a
              && a.state() == AssociationState.COMMUNICATION_LOST) {
            break;
          }
        }
        Throwable ended = receiveErrors.poll(SECONDS, TimeUnit.SECONDS);
        assertThat(ended)
            .as("the receive flux ends with the association's failure within %d s", SECONDS)
            .isInstanceOf(SctpNativeException.class);
        assertThat(((SctpNativeException) ended).errno()).isEqualTo(Errno.ETIMEDOUT);
        int ours = c.localAddress().getPort();
        assertThat(keysBeforeData(wire.stop(), p -> p == ours))
            .as("our message and its retransmissions, all behind AUTH with key 1")
            .hasSizeGreaterThan(1)
            .containsOnly(1);
        peer.writeLine("quit");
        assertThat(peer.awaitExit(SECONDS)).isZero();
        assertThat(peer.output()).as("usrsctp received nothing").doesNotContain("recv ");
      } finally {
        c.dispose();
      }
    }
  }

  private SctpConnection connect(Usrsctp peer, SctpClient client) throws InterruptedException {
    SctpConnection c =
        client
            .remoteAddress(new InetSocketAddress("127.0.0.1", UsrsctpPeer.SCTP_PORT))
            .runOn(loops)
            .streams(4, 4)
            .auth(SctpAuthKey.of(1, KEY), List.of(WireChunk.DATA))
            .udpEncapsulation(UsrsctpPeer.UDP)
            .connectNow(WAIT);
    c.inbound().notifications().subscribe(notifications::add);
    c.inbound().receive().subscribe(messages::add, receiveErrors::add);
    peer.awaitOutput("up in=4 out=4", SECONDS);
    return c;
  }

  private static void send(SctpConnection c, int ppid) {
    c.outbound()
        .send(Mono.just(SctpOutboundMessage.builder("ab").ppid(ppid).build()))
        .then()
        .block(WAIT);
  }

  /**
   * The shared key id of the AUTH chunk right before each DATA chunk from {@code sourcePort}, in
   * order; fails when a DATA chunk has no AUTH chunk right before it in its packet.
   */
  private static List<Integer> keysBeforeData(List<WireChunk> chunks, IntPredicate sourcePort) {
    List<Integer> keys = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      WireChunk data = chunks.get(i);
      if (data.type() != WireChunk.DATA || !sourcePort.test(data.sourcePort())) {
        continue;
      }
      WireChunk auth = i > 0 ? chunks.get(i - 1) : null;
      assertThat(auth != null && auth.type() == AUTH && auth.frame() == data.frame())
          .as("an AUTH chunk right before %s in its packet (before it: %s)", data, auth)
          .isTrue();
      keys.add((int) auth.number("sctp.shared_key_id"));
    }
    return keys;
  }

  private static String auth(byte[] key) {
    return "auth=" + HexFormat.of().formatHex(key);
  }

  private static String udpFilter() {
    return "udp port " + SctpUdpPort.IANA;
  }
}
