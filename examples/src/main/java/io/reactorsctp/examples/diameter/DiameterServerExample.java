package io.reactorsctp.examples.diameter;

import io.reactorsctp.reactive.DisposableSctpServer;
import io.reactorsctp.reactive.SctpLoopResources;
import io.reactorsctp.reactive.SctpServer;
import java.io.PrintStream;
import java.util.Set;

/**
 * {@code tools/example diameter-server PORT [options]}: this example's Diameter server on its own,
 * until Ctrl-C, for any Diameter peer to connect to (PORT 0 picks a free port, which it prints). It
 * answers CER (with the configured applications, else 5010), DWR, DPR and the echo application,
 * with SCTP ppid 46, accepting 46 or 0.
 *
 * <p>Options: {@code --host} (the address to bind, default 0.0.0.0), {@code --origin-host} and
 * {@code --origin-realm} (default server.example.org, example.org), {@code --applications}
 * (comma-separated Application-Ids or {@code relay}, default 16777214, the echo application),
 * {@code --streams} (inbound and outbound streams offered, default 8).
 */
public final class DiameterServerExample {

  static final String USAGE =
      "usage: tools/example diameter-server PORT [--host ADDRESS] [--origin-host HOST]"
          + " [--origin-realm REALM] [--applications ID,ID|relay] [--streams N]";

  public static void main(String[] args) {
    Running running;
    try {
      running = start(args, System.out);
    } catch (IllegalArgumentException e) {
      System.err.println("diameter-server: " + e.getMessage() + "\n" + USAGE);
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(running::stop));
    running.server().onDispose().block();
  }

  /** A started server: stop() unbinds it and prints its statistics. */
  record Running(
      DisposableSctpServer server,
      DiameterServer diameter,
      SctpLoopResources loops,
      PrintStream out) {
    void stop() {
      server.disposeNow();
      loops.dispose();
      out.println("stopped; " + diameter.statistics());
    }
  }

  /**
   * @throws IllegalArgumentException for bad arguments, naming the argument
   */
  static Running start(String[] args, PrintStream out) {
    ExampleOptions options =
        new ExampleOptions(
            args,
            Set.of("--host", "--origin-host", "--origin-realm", "--applications", "--streams"));
    // 0 picks a free port, which the start line prints.
    int port = ExampleOptions.intIn("PORT", options.positional(0, "PORT"), 0, 65_535);
    int streams = ExampleOptions.intIn("--streams", options.option("--streams", "8"), 1, 65_535);
    DiameterApplications applications =
        ExampleOptions.applications(
            "--applications",
            options.option("--applications", Integer.toUnsignedString(Diameter.ECHO_APPLICATION)));
    PeerIdentity identity =
        PeerIdentity.of(
            options.option("--origin-host", "server.example.org"),
            options.option("--origin-realm", "example.org"));
    SctpLoopResources loops = SctpLoopResources.create("diameter-server", 1);
    DiameterServer diameter = new DiameterServer(identity, applications);
    DisposableSctpServer server;
    try {
      server =
          SctpServer.create()
              .bindAddress(options.option("--host", "0.0.0.0"), port)
              .streams(streams, streams)
              .runOn(loops)
              .handle(diameter)
              .bindNow();
    } catch (RuntimeException e) {
      loops.dispose();
      throw e;
    }
    out.println(
        "Diameter server "
            + identity.originHost()
            + " (realm "
            + identity.originRealm()
            + ", applications "
            + applications
            + ") on SCTP "
            + server.address()
            + ", "
            + streams
            + " streams; Ctrl-C stops it");
    return new Running(server, diameter, loops, out);
  }

  private DiameterServerExample() {}
}
