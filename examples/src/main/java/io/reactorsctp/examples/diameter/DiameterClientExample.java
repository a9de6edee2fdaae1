package io.reactorsctp.examples.diameter;

import io.reactorsctp.reactive.SctpClient;
import io.reactorsctp.reactive.SctpLoopResources;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code tools/example diameter-client HOST PORT [options]}: this example's Diameter client against
 * any peer. Capabilities exchange on stream 0, echo requests on streams 1 and up when the peer
 * advertised the echo application (or relay), device watchdog rounds, then DPR/DPA; each step is
 * printed, and the exit status is 1 when one failed.
 *
 * <p>Options: {@code --origin-host} and {@code --origin-realm} (default client.example.org,
 * example.org; the peer may have to know them), {@code --applications} (as the server's, default
 * 16777214), {@code --streams} (default 8), {@code --requests} (echo requests, default 6), {@code
 * --watchdogs} (DWR rounds, one a second, default 2).
 */
public final class DiameterClientExample {

  static final String USAGE =
      "usage: tools/example diameter-client HOST PORT [--origin-host HOST] [--origin-realm REALM]"
          + " [--applications ID,ID|relay] [--streams N] [--requests N] [--watchdogs N]";

  private static final Duration WAIT = Duration.ofSeconds(60);

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * @return the exit status: 0 when every step succeeded, 1 when one failed, 2 for bad arguments
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    ExampleOptions options;
    InetSocketAddress peer;
    int streams;
    int requests;
    int watchdogs;
    DiameterApplications applications;
    try {
      options =
          new ExampleOptions(
              args,
              Set.of(
                  "--origin-host",
                  "--origin-realm",
                  "--applications",
                  "--streams",
                  "--requests",
                  "--watchdogs"));
      peer =
          new InetSocketAddress(
              options.positional(0, "HOST"),
              ExampleOptions.intIn("PORT", options.positional(1, "PORT"), 1, 65_535));
      if (peer.isUnresolved()) {
        throw new IllegalArgumentException("HOST: '" + peer.getHostString() + "' does not resolve");
      }
      streams = ExampleOptions.intIn("--streams", options.option("--streams", "8"), 1, 65_535);
      requests = ExampleOptions.intIn("--requests", options.option("--requests", "6"), 0, 1_000);
      watchdogs = ExampleOptions.intIn("--watchdogs", options.option("--watchdogs", "2"), 0, 100);
      applications =
          ExampleOptions.applications(
              "--applications",
              options.option(
                  "--applications", Integer.toUnsignedString(Diameter.ECHO_APPLICATION)));
    } catch (IllegalArgumentException e) {
      err.println("diameter-client: " + e.getMessage() + "\n" + USAGE);
      return 2;
    }
    PeerIdentity identity =
        PeerIdentity.of(
            options.option("--origin-host", "client.example.org"),
            options.option("--origin-realm", "example.org"));
    SctpLoopResources loops = SctpLoopResources.create("diameter-client", 1);
    try {
      exchange(peer, identity, applications, streams, requests, watchdogs, loops, out);
      return 0;
    } catch (RuntimeException e) {
      err.println("diameter-client: " + e.getMessage());
      return 1;
    } finally {
      loops.dispose();
    }
  }

  private static void exchange(
      InetSocketAddress peer,
      PeerIdentity identity,
      DiameterApplications applications,
      int streams,
      int requests,
      int watchdogs,
      SctpLoopResources loops,
      PrintStream out) {
    DiameterClient client =
        DiameterClient.connect(
                SctpClient.create().remoteAddress(peer).streams(streams, streams).runOn(loops),
                identity,
                Duration.ofSeconds(1),
                applications)
            .block(WAIT);
    DiameterMessage cea = client.capabilitiesAnswer();
    Set<Integer> offered = DiameterApplications.advertisedIn(cea);
    int outbound = client.association().status().outboundStreams();
    out.printf(
        "CER -> CEA on stream 0 from %s: Result-Code %d, Origin-Host %s, Product-Name %s,"
            + " applications %s, %d outbound streams%n",
        peer,
        cea.resultCode().orElse(-1L),
        client.peerOriginHost(),
        cea.avp(Diameter.PRODUCT_NAME).map(Avp::utf8).orElse("-"),
        DiameterApplications.describe(offered),
        outbound);
    boolean echo =
        offered.contains(Diameter.ECHO_APPLICATION) || offered.contains(Diameter.RELAY_APPLICATION);
    for (int i = 0; echo && outbound > 1 && i < requests; i++) {
      int stream = 1 + i % (outbound - 1);
      DiameterReceived a =
          client.echo(stream, identity.originHost() + ";" + i, List.of()).block(WAIT);
      out.printf(
          "ECHO-R on stream %d -> %s on stream %d, Result-Code %d%n",
          stream, a.message().name(), a.streamId(), a.message().resultCode().orElse(-1L));
    }
    client
        .watchdogAnswers()
        .take(watchdogs)
        .doOnNext(
            dwa ->
                out.printf(
                    "DWR -> %s on stream %d, Result-Code %d%n",
                    dwa.message().name(), dwa.streamId(), dwa.message().resultCode().orElse(-1L)))
        .blockLast(WAIT);
    client.disconnect().block(WAIT);
    out.println("DPR -> DPA, association shut down; " + client.statistics());
  }

  private DiameterClientExample() {}
}
