package io.reactorsctp.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import io.reactorsctp.channel.SctpChannelOptions;
import io.reactorsctp.channel.SctpPeerAddrParams;
import io.reactorsctp.channel.SctpRtoInfo;
import io.reactorsctp.reactive.SctpConnection;
import io.reactorsctp.spring.sample.SampleApplication;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The sample application on a real kernel: server and client from {@code sample.properties}
 * exchange messages; the client's socket carries the configured options; health and meters report
 * the associations.
 */
@SpringBootTest(classes = SampleApplication.class, properties = "spring.config.name=sample")
class SctpStarterApplicationTest {

  @Autowired SampleApplication.Exchange exchange;
  @Autowired HealthEndpoint healthEndpoint;
  @Autowired SctpHealthIndicator health;
  @Autowired SctpAssociations associations;
  @Autowired MeterRegistry registry;
  @Autowired SctpServers servers;

  @Test
  void serverAndClientFromPropertiesExchangeMessagesAndReport() throws Exception {
    assertThat(servers.server("echo").port()).isEqualTo(39868);
    assertThat(healthEndpoint.healthForPath("sctp").getStatus().getCode())
        .as("a configured client not connected yet is UNKNOWN, not DOWN (client-down-after: 30 s)")
        .isEqualTo("UNKNOWN");
    assertThat(healthEndpoint.health().getStatus().getCode())
        .as("so the application is UP")
        .isEqualTo("UP");

    SctpConnection connection = exchange.connect();
    List<String> answers = SampleApplication.Exchange.exchange(connection, 8);
    assertThat(answers)
        .containsExactlyInAnyOrder(
            "0/46: HELLO 0",
            "1/46: HELLO 1",
            "2/46: HELLO 2",
            "3/46: HELLO 3",
            "0/46: HELLO 4",
            "1/46: HELLO 5",
            "2/46: HELLO 6",
            "3/46: HELLO 7");

    // The client's socket carries what the properties say.
    var config = connection.channel().config();
    assertThat(config.getOption(SctpChannelOptions.SCTP_RTOINFO))
        .isEqualTo(new SctpRtoInfo(400, 3000, 200));
    assertThat(config.getOption(SctpChannelOptions.SCTP_PEER_ADDR_PARAMS))
        .isEqualTo(new SctpPeerAddrParams(1500, true, 4));
    assertThat(config.getOption(ChannelOption.SO_SNDBUF)).isGreaterThanOrEqualTo(256 * 1024);
    assertThat(config.getOption(ChannelOption.SO_RCVBUF)).isGreaterThanOrEqualTo(256 * 1024);
    assertThat(config.getOption(SctpChannelOptions.MAX_MESSAGE_SIZE)).isEqualTo(64 * 1024);
    assertThat(connection.status().outboundStreams()).isEqualTo(4);
    assertThat(connection.status().inboundStreams()).isEqualTo(4);

    // Health: both ends' associations, ESTABLISHED.
    assertThat(healthEndpoint.healthForPath("sctp").getStatus().getCode()).isEqualTo("UP");
    Map<String, Object> details = health.health().getDetails();
    Map<String, Object> peer = endpoint(details, "clients", "peer");
    assertThat(peer.get("status")).isEqualTo("UP");
    assertThat(associationsOf(peer))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.get("state")).isEqualTo("ESTABLISHED");
              assertThat(a.get("status")).isEqualTo("UP");
              assertThat(a.get("peer")).isEqualTo("/127.0.0.1:39868");
            });
    Map<String, Object> echo = endpoint(details, "servers", "echo");
    assertThat(echo.get("status")).isEqualTo("UP");
    assertThat(echo.get("listening")).isEqualTo("/127.0.0.1:39868");
    assertThat(associationsOf(echo))
        .singleElement()
        .satisfies(a -> assertThat(a.get("state")).isEqualTo("ESTABLISHED"));

    // Meters: each end counted the 8 messages it received before they reached the application.
    assertThat(registry.get("sctp.received").tag("sctp.endpoint", "echo").counter().count())
        .isEqualTo(8);
    assertThat(registry.get("sctp.received").tag("sctp.endpoint", "peer").counter().count())
        .isEqualTo(8);
    assertThat(registry.get("sctp.association.state").tag("sctp.endpoint", "peer").gauge().value())
        .isEqualTo(4);

    // The client aborts: it is disconnected (UNKNOWN until client-down-after); the server saw
    // COMMUNICATION_LOST.
    connection.abort();
    connection.onDispose().block(Duration.ofSeconds(30));
    SctpAssociations.Endpoint client = associations.endpoint(SctpAssociations.Role.CLIENT, "peer");
    // channelInactive follows the close future
    Eventually.until("the client's association ended", () -> client.lastEnded() != null);
    Map<String, Object> disconnected = endpoint(health.health().getDetails(), "clients", "peer");
    assertThat(disconnected).containsEntry("status", "UNKNOWN");
    assertThat(disconnected).containsEntry("state", "disconnected");
    assertThat(healthEndpoint.healthForPath("sctp").getStatus().getCode()).isEqualTo("UNKNOWN");
    SctpAssociations.Endpoint server = associations.endpoint(SctpAssociations.Role.SERVER, "echo");
    // learnt on the server's own event loop
    Eventually.until("the server saw the association end", () -> server.lastEnded() != null);
    assertThat(server.lastEnded().reason()).isEqualTo("COMMUNICATION_LOST");
    assertThat(server.live()).isEmpty();
    @SuppressWarnings("unchecked")
    Map<String, Object> lastEnded =
        (Map<String, Object>)
            endpoint(health.health().getDetails(), "servers", "echo").get("lastEnded");
    assertThat(lastEnded).containsEntry("reason", "COMMUNICATION_LOST");
    assertThat(registry.find("sctp.received").tag("sctp.endpoint", "peer").counters()).isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> endpoint(
      Map<String, Object> details, String kind, String name) {
    return ((Map<String, Map<String, Object>>) details.get(kind)).get(name);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> associationsOf(Map<String, Object> endpoint) {
    return (List<Map<String, Object>>) endpoint.get("associations");
  }
}
