package io.reactorsctp.examples.m3ua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactorsctp.reactive.SctpClient;
import io.reactorsctp.reactive.SctpLoopResources;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our M3UA ASP against a real osmo-stp, started here with its own configuration: two ASPs come up
 * and go active, DATA from one is routed by the STP to the other, heartbeats are answered, and the
 * STP's VTY shows both ASPs active. Every step needs an answer from osmo-stp, so the test fails if
 * it does not answer.
 */
class M3uaAspOsmoStpTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int STP_POINT_CODE = 1;
  private static final OsmoStp.Asp ASP_A = new OsmoStp.Asp("asp-a", 29051, 100, 2);
  private static final OsmoStp.Asp ASP_B = new OsmoStp.Asp("asp-b", 29052, 200, 3);

  @TempDir Path directory;

  private OsmoStp stp;
  private SctpLoopResources loops;

  @BeforeEach
  void startStp() throws Exception {
    stp = OsmoStp.start(directory, M3ua.PORT, STP_POINT_CODE, List.of(ASP_A, ASP_B));
    loops = SctpLoopResources.create("m3ua-test", 1);
  }

  @AfterEach
  void stop() throws Exception {
    loops.dispose();
    stp.close();
    System.err.println("osmo-stp log:\n" + stp.log());
  }

  private M3uaAsp connect(OsmoStp.Asp asp) {
    return M3uaAsp.connect(
            SctpClient.create()
                .remoteAddress(stp.address())
                .streams(4, 4)
                .runOn(loops)
                .localAddress(new InetSocketAddress("127.0.0.1", asp.localPort())))
        .block(WAIT);
  }

  @Test
  void aspsComeUpGoActiveExchangeDataThroughTheStpAndHeartbeat() throws Exception {
    M3uaAsp a = connect(ASP_A);
    M3uaAsp b = connect(ASP_B);

    M3uaReceived upAck = a.aspUp().block(WAIT);
    assertThat(upAck.message().name()).isEqualTo("ASPUP-ACK");
    assertThat(upAck.streamId()).isZero();
    assertThat(b.aspUp().block(WAIT).message().name()).isEqualTo("ASPUP-ACK");

    // A routing context the STP does not have for this ASP is refused with ERR.
    assertThatThrownBy(() -> b.aspActive(M3ua.TRAFFIC_MODE_OVERRIDE, 999).block(WAIT))
        .isInstanceOf(M3uaPeerException.class)
        .satisfies(
            e ->
                assertThat(((M3uaPeerException) e).errorCode())
                    .isEqualTo(M3ua.ERROR_INVALID_ROUTING_CONTEXT));

    M3uaReceived acAck =
        a.aspActive(M3ua.TRAFFIC_MODE_OVERRIDE, ASP_A.routingContext()).block(WAIT);
    assertThat(acAck.message().name()).isEqualTo("ASPAC-ACK");
    assertThat(
            b.aspActive(M3ua.TRAFFIC_MODE_OVERRIDE, ASP_B.routingContext())
                .block(WAIT)
                .message()
                .name())
        .isEqualTo("ASPAC-ACK");

    // DATA from A (point code 2) to point code 3 on stream 1: the STP routes it to B, under B's
    // routing context.
    ProtocolData sent =
        new ProtocolData(
            ASP_A.pointCode(),
            ASP_B.pointCode(),
            3,
            2,
            0,
            5,
            new byte[] {
              0x09, 0x00, 0x03, 0x05, 0x07, 0x02, 0x42, 0x01, 0x02, 0x42, 0x01, 0x05, 0x01, 0x02,
              0x03
            });
    var routed =
        b.received().filter(r -> r.message().is(M3ua.CLASS_TRANSFER, M3ua.DATA)).next().toFuture();
    a.data(1, ASP_A.routingContext(), sent).block(WAIT);
    M3uaReceived atB = routed.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    assertThat(atB.streamId()).as("DATA never travels on stream 0").isPositive();
    assertThat(ProtocolData.of(atB.message().parameter(M3ua.TAG_PROTOCOL_DATA).orElseThrow()))
        .isEqualTo(sent);
    assertThat(atB.message().parameter(M3ua.TAG_ROUTING_CONTEXT).orElseThrow().u32(0))
        .isEqualTo(ASP_B.routingContext());

    // Heartbeat on stream 0, echoed.
    M3uaReceived beatAck = a.beat(new byte[] {1, 2, 3, 4, 5}).block(WAIT);
    assertThat(beatAck.message().name()).isEqualTo("BEAT-ACK");
    assertThat(beatAck.streamId()).isZero();

    // The STP's own view.
    String asps = stp.vty("show cs7 instance 0 asp");
    assertThat(asps.lines().filter(l -> l.startsWith("asp-a") || l.startsWith("asp-b")))
        .hasSize(2)
        .allSatisfy(l -> assertThat(l).contains("ASP_ACTIVE"));

    // DATA on stream 0 breaks RFC 4666 §1.4.7: the STP answers ERR Invalid Stream Identifier.
    M3uaMessage dataOnZero =
        M3uaMessage.of(
            M3ua.CLASS_TRANSFER,
            M3ua.DATA,
            M3uaParameter.u32(M3ua.TAG_ROUTING_CONTEXT, ASP_A.routingContext()),
            sent.toParameter());
    assertThatThrownBy(() -> a.exchange(0, dataOnZero, M3ua.CLASS_TRANSFER, M3ua.DATA).block(WAIT))
        .isInstanceOf(M3uaPeerException.class)
        .satisfies(
            e ->
                assertThat(((M3uaPeerException) e).errorCode())
                    .isEqualTo(M3ua.ERROR_INVALID_STREAM_IDENTIFIER));

    assertThat(a.aspInactive(ASP_A.routingContext()).block(WAIT).message().name())
        .isEqualTo("ASPIA-ACK");
    assertThat(a.aspDown().block(WAIT).message().name()).isEqualTo("ASPDN-ACK");
    assertThat(
            stp.vty("show cs7 instance 0 asp")
                .lines()
                .filter(l -> l.startsWith("asp-a"))
                .findFirst()
                .orElseThrow())
        .contains("ASP_DOWN");
    a.close().block(WAIT);
    b.close().block(WAIT);
  }
}
