package io.reactorsctp.examples.diameter;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactorsctp.reactive.DisposableSctpServer;
import io.reactorsctp.reactive.SctpClient;
import io.reactorsctp.reactive.SctpLoopResources;
import io.reactorsctp.reactive.SctpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Diameter example against a real freeDiameter (the stack inside open5gs), over SCTP with
 * several streams, both ways: freeDiameter connects to our server (its {@code ConnectPeer}), our
 * client connects to freeDiameter, and freeDiameter relays our client's echo requests to our
 * server. Capabilities exchange, device watchdog and disconnect run in both directions. What
 * freeDiameter did is read from its own log (dbg_msg_dumps prints every message it sends and
 * receives, and every routing decision), not only from what our side saw.
 *
 * <p>Debian's freediameter-extensions ships no application that answers requests itself (no
 * test_app): the application requests here are answered by our server, through freeDiameter acting
 * as a relay agent.
 */
class DiameterFreeDiameterTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String FD_IDENTITY = "fd.freediameter.example";
  // freeDiameter ignores loopback addresses in ListenOn: it listens on an address added to lo.
  private static final String FD_ADDRESS = "10.79.0.1";
  private static final int FD_PORT = 13868;
  private static final int SERVER_PORT = 13870;
  private static final int STREAMS = 8;
  private static final PeerIdentity SERVER = PeerIdentity.of("server.example.org", "example.org");
  private static final PeerIdentity CLIENT = PeerIdentity.of("client.example.org", "example.org");
  private static final String SERVER_HOST = SERVER.originHost();
  private static final String CLIENT_HOST = CLIENT.originHost();

  @TempDir Path directory;

  private SctpLoopResources loops;
  private DisposableSctpServer bound;

  @BeforeEach
  void addAddress() throws Exception {
    ip("addr", "replace", FD_ADDRESS + "/32", "dev", "lo");
    loops = SctpLoopResources.create("freediameter-test", 1);
  }

  @AfterEach
  void removeAddress() throws Exception {
    if (bound != null) {
      bound.disposeNow();
    }
    loops.dispose();
    ip("addr", "del", FD_ADDRESS + "/32", "dev", "lo");
  }

  @Test
  void capabilitiesWatchdogRelayedRequestsAndDisconnectBothWaysOverSeveralStreams()
      throws Exception {
    warmUp();
    DiameterServer server = new DiameterServer(SERVER);
    bound =
        SctpServer.create()
            .bindAddress("127.0.0.1", SERVER_PORT)
            .streams(STREAMS, STREAMS)
            .runOn(loops)
            .handle(server)
            .bindNow();
    FreeDiameter fd =
        FreeDiameter.start(
            directory,
            FD_IDENTITY,
            FD_ADDRESS,
            FD_PORT,
            STREAMS,
            "example.org",
            SERVER.originHost(),
            SERVER_PORT);
    try {
      // freeDiameter connects to our server over SCTP: its CER, our CEA.
      assertThat(fd.awaitLog(l -> l.contains("CONNECTED TO 'server.example.org'"), WAIT))
          .contains("(SCTP,");
      assertThat(server.statistics().capabilitiesExchanges()).isEqualTo(1);

      // Our client connects to freeDiameter: our CER, its CEA (the relay application).
      DiameterClient client =
          DiameterClient.connect(
                  SctpClient.create()
                      .remoteAddress(new InetSocketAddress(FD_ADDRESS, FD_PORT))
                      .streams(STREAMS, STREAMS)
                      .runOn(loops),
                  CLIENT,
                  Duration.ofSeconds(1))
              .block(WAIT);
      assertThat(client.peerOriginHost()).isEqualTo(FD_IDENTITY);
      assertThat(DiameterApplications.advertisedIn(client.capabilitiesAnswer()))
          .containsExactly(Diameter.RELAY_APPLICATION);
      assertThat(fd.awaitLog(l -> l.contains("CONNECTED TO 'client.example.org'"), WAIT))
          .contains("(SCTP,");

      // Our DWRs, freeDiameter's DWAs.
      assertThat(client.watchdogAnswers().take(2).collectList().block(WAIT))
          .allSatisfy(
              d -> {
                assertThat(d.message().name()).isEqualTo("DWA");
                assertThat(d.message().resultCode()).contains(Diameter.SUCCESS);
              });

      // freeDiameter's own DWR to our server, answered: Tw (6 s) after the last message on that
      // association, so awaited before the relayed requests below restart the timer.
      await(() -> server.statistics().watchdogRequests(), "freeDiameter's DWR to our server");

      // Echo requests on streams 1..7, relayed by freeDiameter to our server and back.
      List<DiameterReceived> answers = new ArrayList<>();
      for (int stream = 1; stream < STREAMS; stream++) {
        answers.add(client.request(stream, echoRequest("s;" + stream)).block(WAIT));
      }
      assertThat(answers)
          .allSatisfy(
              a -> {
                assertThat(a.message().resultCode()).contains(Diameter.SUCCESS);
                assertThat(a.message().avp(Diameter.ORIGIN_HOST).orElseThrow().utf8())
                    .isEqualTo(SERVER.originHost());
              });
      assertThat(server.statistics().echoRequests()).isEqualTo(STREAMS - 1);
      // freeDiameter spreads what it sends over the streams (unordered delivery once open), as
      // the kernel reports each message's stream.
      assertThat(answers.stream().map(DiameterReceived::streamId).distinct().count())
          .as("streams freeDiameter's relayed answers came on: %s", answers)
          .isGreaterThan(1);

      // Our DPR, its DPA.
      client.disconnect().block(WAIT);

      // freeDiameter stopping: its DPR to our server, our DPA.
      fd.stop();
      assertThat(server.statistics().disconnectRequests()).isEqualTo(1);
      assertThat(server.statistics().unspecifiedPpidMessages()).isPositive();
      assertThat(server.statistics().failures()).isZero();
      assertThat(client.statistics().failures()).isZero();

      // What freeDiameter itself logged, message by message (application/command, R flag).
      String log = fd.log();
      String base = "0/";
      String echo = Diameter.ECHO_APPLICATION + "/" + Diameter.EXPERIMENTAL_ECHO;
      for (String[] e :
          new String[][] {
            {"SND to", SERVER_HOST, base + Diameter.CAPABILITIES_EXCHANGE, "R"},
            {"RCV from", SERVER_HOST, base + Diameter.CAPABILITIES_EXCHANGE, "-"},
            // freeDiameter names a peer only once its CER has been read.
            {"RCV from", "<unknown peer>", base + Diameter.CAPABILITIES_EXCHANGE, "R"},
            {"SND to", CLIENT_HOST, base + Diameter.CAPABILITIES_EXCHANGE, "-"},
            {"RCV from", CLIENT_HOST, base + Diameter.DEVICE_WATCHDOG, "R"},
            {"SND to", CLIENT_HOST, base + Diameter.DEVICE_WATCHDOG, "-"},
            {"SND to", SERVER_HOST, base + Diameter.DEVICE_WATCHDOG, "R"},
            {"RCV from", SERVER_HOST, base + Diameter.DEVICE_WATCHDOG, "-"},
            {"RCV from", CLIENT_HOST, echo, "R"},
            {"SND to", SERVER_HOST, echo, "R"},
            {"RCV from", SERVER_HOST, echo, "-"},
            {"SND to", CLIENT_HOST, echo, "-"},
            {"RCV from", CLIENT_HOST, base + Diameter.DISCONNECT_PEER, "R"},
            {"SND to", CLIENT_HOST, base + Diameter.DISCONNECT_PEER, "-"},
            {"SND to", SERVER_HOST, base + Diameter.DISCONNECT_PEER, "R"},
            {"RCV from", SERVER_HOST, base + Diameter.DISCONNECT_PEER, "-"},
          }) {
        String pattern = e[0] + " '" + e[1] + "': .*" + e[2] + " f:" + e[3];
        assertThat(log.lines().filter(Pattern.compile(pattern).asPredicate()))
            .as("freeDiameter's log has %s; its log:%n%s", pattern, log)
            .isNotEmpty();
      }
      assertThat(log.lines().filter(l -> l.contains("FORWARDING")))
          .as("freeDiameter's routing decisions")
          .hasSizeGreaterThanOrEqualTo(2 * (STREAMS - 1));
    } finally {
      fd.close();
      // Kept for diagnosis: the temporary directory goes with the test.
      Files.createDirectories(Path.of("target"));
      Files.writeString(Path.of("target", "freeDiameterd.log"), fd.log());
    }
  }

  /**
   * One exchange with a server of our own first: in a fresh JVM under the guest's emulated CPU, the
   * first Diameter exchange loads and links the codec and the reactive pipeline, which took more
   * than the 10 s freeDiameter waits for a CEA.
   */
  private void warmUp() {
    DisposableSctpServer own =
        SctpServer.create()
            .bindAddress("127.0.0.1", 0)
            .streams(STREAMS, STREAMS)
            .runOn(loops)
            .handle(new DiameterServer(SERVER))
            .bindNow();
    try {
      DiameterClient client =
          DiameterClient.connect(
                  SctpClient.create()
                      .remoteAddress(own.address())
                      .streams(STREAMS, STREAMS)
                      .runOn(loops),
                  CLIENT,
                  Duration.ofSeconds(30))
              .block(WAIT);
      client.echo(1, "warm-up", List.of()).block(WAIT);
      client.disconnect().block(WAIT);
    } finally {
      own.disposeNow();
    }
  }

  private static DiameterMessage echoRequest(String sessionId) {
    return DiameterMessage.request(
        Diameter.EXPERIMENTAL_ECHO,
        Diameter.ECHO_APPLICATION,
        List.of(
            Avp.utf8(Diameter.SESSION_ID, sessionId),
            Avp.utf8(Diameter.ORIGIN_HOST, CLIENT.originHost()),
            Avp.utf8(Diameter.ORIGIN_REALM, CLIENT.originRealm()),
            Avp.utf8(Diameter.DESTINATION_REALM, SERVER.originRealm()),
            Avp.utf8(Diameter.DESTINATION_HOST, SERVER.originHost())));
  }

  private static void await(LongSupplier count, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (count.getAsLong() == 0) {
      assertThat(System.nanoTime()).as("%s within %s", what, WAIT).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static void ip(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(arguments));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0)
        .as("%s: %s", command, output)
        .isTrue();
  }
}
