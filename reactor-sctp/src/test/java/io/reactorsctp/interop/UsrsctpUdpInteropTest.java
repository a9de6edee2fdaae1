package io.reactorsctp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;
import io.reactorsctp.SctpUdpPort;
import io.reactorsctp.channel.SctpChannelOptions;
import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.reactive.DisposableSctpServer;
import io.reactorsctp.reactive.SctpClient;
import io.reactorsctp.reactive.SctpConnection;
import io.reactorsctp.reactive.SctpLoopResources;
import io.reactorsctp.reactive.SctpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * SCTP over UDP (RFC 6951) between the kernel's stack, through this library, and usrsctp, an
 * independent user-space stack (its example programs, Debian's libusrsctp-examples). Both want UDP
 * port 9899 on the one host, so Linux keeps it ({@code net.sctp.udp_port}) and usrsctp takes
 * another: each side sends to the other's port.
 *
 * <ul>
 *   <li>Our client against usrsctp's {@code echo_server} (SCTP port 7, echoing each message on its
 *       stream with its PPID): the bytes, stream and PPID of each message come back.
 *   <li>usrsctp's {@code client} (lines from its stdin, what it receives to its stdout) against our
 *       server, which replies: each side gets the other's bytes, and Linux learnt the usrsctp port
 *       from the INIT without being told.
 * </ul>
 */
class UsrsctpUdpInteropTest {
  private static final long SECONDS = 30;
  private static final Duration WAIT = Duration.ofSeconds(SECONDS);
  private static final int ECHO_SERVER_UDP = 9900;
  private static final int CLIENT_UDP = 9901;
  private static final int ECHO_PORT = 7;

  private final SctpLoopResources loops = SctpLoopResources.create("usrsctp-udp", 2);

  @AfterEach
  void tearDown() {
    loops.dispose();
  }

  @Test
  void ourClientGetsItsMessagesBackFromUsrsctpsEchoServer() throws Exception {
    try (SctpUdpPort udp = SctpUdpPort.set(SctpUdpPort.IANA);
        Usrsctp echo =
            Usrsctp.start(
                "echo_server",
                Integer.toString(ECHO_SERVER_UDP),
                Integer.toString(SctpUdpPort.IANA))) {
      echo.awaitUdpPort(ECHO_SERVER_UDP, SECONDS);
      SctpConnection c =
          SctpClient.create()
              .remoteAddress(new InetSocketAddress("127.0.0.1", ECHO_PORT))
              .runOn(loops)
              .streams(4, 4)
              .udpEncapsulation(ECHO_SERVER_UDP)
              .connectNow(WAIT);
      try {
        List<Sent> sent =
            List.of(
                new Sent(0, 51, "hello usrsctp"),
                new Sent(1, 52, "x".repeat(1000)),
                new Sent(3, 53, "y".repeat(5000)));
        CompletableFuture<List<Sent>> echoed =
            c.inbound()
                .receive()
                .take(sent.size())
                .map(UsrsctpUdpInteropTest::received)
                .collectList()
                .toFuture();
        c.outbound()
            .send(
                Flux.fromIterable(sent)
                    .map(
                        s ->
                            SctpOutboundMessage.builder(s.text())
                                .streamId(s.stream())
                                .ppid(s.ppid())
                                .build()))
            .then()
            .block(WAIT);
        assertThat(echoed.get(SECONDS, TimeUnit.SECONDS))
            .as("usrsctp's echoes: bytes, stream and PPID")
            .containsExactlyInAnyOrderElementsOf(sent);
        assertThat(c.channel().config().getOption(SctpChannelOptions.SCTP_REMOTE_UDP_ENCAPS_PORT))
            .isEqualTo(ECHO_SERVER_UDP);
      } finally {
        c.dispose();
      }
    }
  }

  @Test
  void usrsctpsClientAndOurServerExchangeMessages() throws Exception {
    BlockingQueue<String> atServer = new LinkedBlockingQueue<>();
    CompletableFuture<SctpConnection> accepted = new CompletableFuture<>();
    try (SctpUdpPort udp = SctpUdpPort.set(SctpUdpPort.IANA)) {
      DisposableSctpServer server =
          SctpServer.create()
              .bindAddress("127.0.0.1", 0)
              .runOn(loops)
              .doOnConnection(accepted::complete)
              .handle(
                  (in, out) ->
                      out.send(
                          in.receive()
                              .map(
                                  m -> {
                                    String text = received(m).text();
                                    atServer.add(text);
                                    return SctpOutboundMessage.builder("reply:" + text.trim())
                                        .build();
                                  })))
              .bindNow(WAIT);
      try (Usrsctp client =
          Usrsctp.start(
              "client",
              "127.0.0.1",
              Integer.toString(server.address().getPort()),
              "0",
              Integer.toString(CLIENT_UDP),
              Integer.toString(SctpUdpPort.IANA))) {
        client.writeLine("hello from usrsctp");
        assertThat(atServer.poll(SECONDS, TimeUnit.SECONDS))
            .as("what usrsctp's client sent, at our server")
            .isEqualTo("hello from usrsctp\n");
        client.awaitOutput("reply:hello from usrsctp", SECONDS);
        assertThat(
                accepted
                    .get(SECONDS, TimeUnit.SECONDS)
                    .channel()
                    .config()
                    .getOption(SctpChannelOptions.SCTP_REMOTE_UDP_ENCAPS_PORT))
            .as("the port Linux learnt from usrsctp's INIT")
            .isEqualTo(CLIENT_UDP);
        client.closeInput();
        assertThat(client.awaitExit(SECONDS))
            .as("usrsctp's client ends once its association is shut down")
            .isZero();
      } finally {
        server.disposeNow();
      }
    }
  }

  /** A message: stream, PPID, text. */
  private record Sent(int stream, long ppid, String text) {}

  private static Sent received(SctpInboundMessage m) {
    try {
      return new Sent(
          m.streamId(),
          Integer.toUnsignedLong(m.ppid()),
          new String(ByteBufUtil.getBytes(m.content()), StandardCharsets.UTF_8));
    } finally {
      m.release();
    }
  }
}
