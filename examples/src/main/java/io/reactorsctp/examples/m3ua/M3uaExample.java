package io.reactorsctp.examples.m3ua;

import io.reactorsctp.reactive.SctpClient;
import io.reactorsctp.reactive.SctpLoopResources;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code tools/example m3ua}: starts a real osmo-stp, brings two ASPs up and active against it,
 * sends DATA from one that the STP routes to the other, exchanges a heartbeat, shows the STP's view
 * of its ASPs, and takes one down.
 */
public final class M3uaExample {

  public static void main(String[] args) throws Exception {
    Duration wait = Duration.ofSeconds(60);
    OsmoStp.Asp aspA = new OsmoStp.Asp("asp-a", 29051, 100, 2);
    OsmoStp.Asp aspB = new OsmoStp.Asp("asp-b", 29052, 200, 3);
    Path directory = Files.createTempDirectory("osmo-stp");
    SctpLoopResources loops = SctpLoopResources.create("m3ua", 1);
    try (OsmoStp stp = OsmoStp.start(directory, M3ua.PORT, 1, List.of(aspA, aspB))) {
      System.out.println(
          "osmo-stp listening for M3UA on SCTP "
              + stp.address()
              + ", configuration in "
              + directory);
      M3uaAsp a = connect(stp, aspA, loops, wait);
      M3uaAsp b = connect(stp, aspB, loops, wait);
      for (M3uaAsp asp : List.of(a, b)) {
        print("ASPUP", asp.aspUp().block(wait));
      }
      print(
          "ASPAC (routing context 100)",
          a.aspActive(M3ua.TRAFFIC_MODE_OVERRIDE, aspA.routingContext()).block(wait));
      print(
          "ASPAC (routing context 200)",
          b.aspActive(M3ua.TRAFFIC_MODE_OVERRIDE, aspB.routingContext()).block(wait));

      ProtocolData data =
          new ProtocolData(
              aspA.pointCode(),
              aspB.pointCode(),
              3,
              2,
              0,
              5,
              "hello over M3UA".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      var routed =
          b.received()
              .filter(r -> r.message().is(M3ua.CLASS_TRANSFER, M3ua.DATA))
              .next()
              .toFuture();
      a.data(1, aspA.routingContext(), data).block(wait);
      System.out.println("DATA from asp-a on stream 1: " + data);
      M3uaReceived atB = routed.get(wait.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      System.out.println(
          "  routed by osmo-stp to asp-b on stream "
              + atB.streamId()
              + ": "
              + ProtocolData.of(atB.message().parameter(M3ua.TAG_PROTOCOL_DATA).orElseThrow())
              + ", routing context "
              + atB.message().parameter(M3ua.TAG_ROUTING_CONTEXT).map(p -> p.u32(0)).orElse(-1L));

      byte[] heartbeat = {1, 2, 3, 4, 5};
      print("BEAT " + HexFormat.of().formatHex(heartbeat), a.beat(heartbeat).block(wait));
      System.out.println(
          "osmo-stp VTY> show cs7 instance 0 asp\n" + stp.vty("show cs7 instance 0 asp"));

      print("ASPIA", a.aspInactive(aspA.routingContext()).block(wait));
      print("ASPDN", a.aspDown().block(wait));
      a.close().block(wait);
      b.close().block(wait);
    } finally {
      loops.dispose();
    }
  }

  private static M3uaAsp connect(
      OsmoStp stp, OsmoStp.Asp asp, SctpLoopResources loops, Duration wait) {
    M3uaAsp connected =
        M3uaAsp.connect(
                SctpClient.create()
                    .remoteAddress(stp.address())
                    .streams(4, 4)
                    .runOn(loops)
                    .localAddress(new InetSocketAddress("127.0.0.1", asp.localPort())))
            .block(wait);
    System.out.println(
        asp.name() + ": association up from " + connected.association().localAddress());
    return connected;
  }

  private static void print(String sent, M3uaReceived answer) {
    System.out.println(sent + " -> " + answer.message() + " on stream " + answer.streamId());
  }

  private M3uaExample() {}
}
