package io.reactorsctp.examples.diameter;

import io.reactorsctp.reactive.DisposableSctpServer;
import io.reactorsctp.reactive.SctpClient;
import io.reactorsctp.reactive.SctpLoopResources;
import io.reactorsctp.reactive.SctpServer;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;

/**
 * {@code tools/example diameter}: a Diameter server and client on one SCTP association over
 * loopback. Capabilities exchange on stream 0, echo requests on streams 1 to 3, two device watchdog
 * rounds, then disconnect.
 */
public final class DiameterExample {

  public static void main(String[] args) {
    Duration wait = Duration.ofSeconds(60);
    SctpLoopResources loops = SctpLoopResources.create("diameter", 1);
    DiameterServer diameter =
        new DiameterServer(PeerIdentity.of("server.example.org", "example.org"));
    DisposableSctpServer server =
        SctpServer.create()
            .bindAddress("127.0.0.1", 0)
            .streams(4, 4)
            .runOn(loops)
            .handle(diameter)
            .bindNow();
    System.out.println(
        "Diameter server on SCTP " + server.address() + " (ppid " + Diameter.PPID + ")");
    try {
      long t0 = System.nanoTime();
      DiameterClient client =
          DiameterClient.connect(
                  SctpClient.create().remoteAddress(server.address()).streams(4, 4).runOn(loops),
                  PeerIdentity.of("client.example.org", "example.org"),
                  Duration.ofSeconds(1))
              .block(wait);
      DiameterMessage cea = client.capabilitiesAnswer();
      System.out.printf(
          "CER -> %s on stream 0: Result-Code %d, Origin-Host %s, Host-IP-Address %s (%d ms)%n",
          cea.name(),
          cea.resultCode().orElse(-1L),
          client.peerOriginHost(),
          cea.avp(Diameter.HOST_IP_ADDRESS).map(Avp::address).orElse(null),
          millisSince(t0));

      long t1 = System.nanoTime();
      Flux.range(0, 6)
          .concatMap(
              i ->
                  client.echo(
                      1 + i % 3,
                      "client.example.org;" + i,
                      List.of(Avp.unsigned32(Diameter.ORIGIN_STATE_ID, i))))
          .doOnNext(
              a ->
                  System.out.printf(
                      "ECHO-R on stream %d -> %s on stream %d, Session-Id %s%n",
                      a.message().avp(Diameter.ORIGIN_STATE_ID).orElseThrow().unsigned32() % 3 + 1,
                      a.message().name(),
                      a.streamId(),
                      a.message().avp(Diameter.SESSION_ID).orElseThrow().utf8()))
          .blockLast(wait);
      System.out.printf("6 application requests answered in %d ms%n", millisSince(t1));

      client
          .watchdogAnswers()
          .take(2)
          .doOnNext(
              dwa ->
                  System.out.printf(
                      "DWR -> %s on stream %d, Result-Code %d%n",
                      dwa.message().name(), dwa.streamId(), dwa.message().resultCode().orElse(-1L)))
          .blockLast(wait);

      client.disconnect().block(wait);
      System.out.println("DPR -> DPA, association shut down");
      System.out.println("server: " + diameter.statistics());
      System.out.println("client: " + client.statistics());
    } finally {
      server.disposeNow();
      loops.dispose();
    }
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  private DiameterExample() {}
}
