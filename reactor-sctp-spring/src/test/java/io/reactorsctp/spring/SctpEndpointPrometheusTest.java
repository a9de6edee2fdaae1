package io.reactorsctp.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.reactive.SctpClient;
import io.reactorsctp.reactive.SctpConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusOutputFormat;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Flux;

/**
 * A Boot application as a user builds it: the starter, Actuator and micrometer-registry-prometheus
 * on the class path (it starts only with the Prometheus client aligned to Micrometer's, see
 * docs/spring.md), a one-to-many endpoint from {@code reactor.sctp.endpoints.*} and a server. It
 * logs the endpoint's bind and stop, serves an association through the handler bean, reports it in
 * health, and {@code /actuator/prometheus} shows SCTP meters named by Prometheus' rules: every
 * family {@code sctp_}, no unit twice, every tag key {@code sctp_}.
 */
@ExtendWith(OutputCaptureExtension.class)
class SctpEndpointPrometheusTest {

  private static final int ENDPOINT_PORT = 39876;
  private static final int SERVER_PORT = 39877;

  /** Base units of the SCTP meters: a family name carries each at most once. */
  private static final Set<String> UNITS =
      Set.of(
          "bytes",
          "messages",
          "events",
          "seconds",
          "chunks",
          "packets",
          "streams",
          "blocks",
          "associations");

  private static final Pattern SAMPLE = Pattern.compile("^(\\w+)(?:\\{(.*)})? \\S+.*$");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"(?:[^\"\\\\]|\\\\.)*\"");

  /** A user's application: auto-configuration and one handler bean, named. */
  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class UserApplication {
    @Bean
    SctpMessageHandler upper() {
      return (association, inbound) ->
          inbound.map(
              m -> {
                try {
                  return SctpOutboundMessage.builder(
                          m.content().toString(StandardCharsets.UTF_8).toUpperCase())
                      .streamId(m.streamId())
                      .build();
                } finally {
                  m.release();
                }
              });
    }

    @Bean
    SctpMessageHandler unused() {
      return (association, inbound) -> Flux.empty();
    }
  }

  @Test
  void endpointFromPropertiesServesLogsReportsAndScrapesCleanly(CapturedOutput output)
      throws Exception {
    try (ConfigurableApplicationContext ctx =
        new SpringApplicationBuilder(UserApplication.class)
            .web(WebApplicationType.NONE)
            .properties(
                "reactor.sctp.event-loop-threads=1",
                "reactor.sctp.endpoints.multi.local-addresses=127.0.0.1",
                "reactor.sctp.endpoints.multi.port=" + ENDPOINT_PORT,
                "reactor.sctp.endpoints.multi.handler=upper",
                "reactor.sctp.endpoints.multi.streams.outbound=5",
                "reactor.sctp.endpoints.multi.streams.inbound=5",
                "reactor.sctp.endpoints.multi.shutdown-timeout=2s",
                "reactor.sctp.servers.echo.local-addresses=127.0.0.1",
                "reactor.sctp.servers.echo.port=" + SERVER_PORT,
                "reactor.sctp.servers.echo.handler=upper",
                "reactor.sctp.metrics.peer-tag=NONE",
                "reactor.sctp.metrics.kernel-poll-interval=200ms",
                "management.endpoints.web.exposure.include=health,prometheus")
            .run()) {
      assertThat(output)
          .contains("SCTP endpoint 'multi' bound to 127.0.0.1:" + ENDPOINT_PORT + " (one-to-many)");

      // A peer sets an association up with the endpoint; the named handler answers on its stream.
      SctpConnection peer =
          SctpClient.create()
              .remoteAddress(new java.net.InetSocketAddress("127.0.0.1", ENDPOINT_PORT))
              .streams(5, 5)
              .connectNow(Duration.ofSeconds(30));
      peer.outbound()
          .send(
              Flux.range(0, 3)
                  .map(i -> SctpOutboundMessage.builder("hello " + i).streamId(i).build()))
          .block(Duration.ofSeconds(30));
      List<String> answers =
          peer.inbound()
              .receive()
              .take(3)
              .map(
                  m -> {
                    try {
                      return m.streamId() + ":" + m.content().toString(StandardCharsets.UTF_8);
                    } finally {
                      m.release();
                    }
                  })
              .collectList()
              .block(Duration.ofSeconds(30));
      assertThat(answers).containsExactlyInAnyOrder("0:HELLO 0", "1:HELLO 1", "2:HELLO 2");
      assertThat(peer.status().inboundStreams()).as("the endpoint's streams.outbound").isEqualTo(5);

      // Health: the endpoint is bound, with its association.
      SctpEndpoints endpoints = ctx.getBean(SctpEndpoints.class);
      Eventually.until("the association listed", () -> endpoints.associations("multi").size() == 1);
      @SuppressWarnings("unchecked")
      Map<String, Map<String, Object>> endpointHealth =
          (Map<String, Map<String, Object>>)
              ctx.getBean(SctpHealthIndicator.class).health().getDetails().get("endpoints");
      assertThat(endpointHealth.get("multi"))
          .containsEntry("status", "UP")
          .containsEntry("bound", "/127.0.0.1:" + ENDPOINT_PORT);
      assertThat((List<?>) endpointHealth.get("multi").get("associations")).hasSize(1);

      // /actuator/prometheus, as scraped.
      String text = scrape(ctx);
      Eventually.until(
          "the endpoint's received messages in the scrape",
          () ->
              Pattern.compile(
                      "(?m)^sctp_received_messages_total\\{[^}]*sctp_association_id=\"[1-9]\\d*\""
                          + "[^}]*sctp_endpoint=\"multi\"[^}]*sctp_peer=\"none\"[^}]*} 3\\.0$")
                  .matcher(scrape(ctx))
                  .find());
      text = scrape(ctx);
      assertThat(text)
          .contains("sctp_payload_sent_bytes_total{")
          .contains("sctp_negotiated_inbound_streams{")
          .contains("sctp_association_state{");

      Set<String> families = new TreeSet<>();
      for (String line : text.split("\n")) {
        Matcher sample = SAMPLE.matcher(line);
        if (line.startsWith("#") || !sample.matches()) {
          continue;
        }
        String name = sample.group(1);
        Set<String> keys = new TreeSet<>();
        if (sample.group(2) != null) {
          Matcher label = LABEL.matcher(sample.group(2));
          while (label.find()) {
            keys.add(label.group(1));
          }
        }
        boolean ours =
            name.startsWith("sctp_") || keys.stream().anyMatch(k -> k.startsWith("sctp_"));
        if (!ours) {
          continue;
        }
        families.add(name);
        assertThat(name).as("an SCTP meter's name: %s", line).startsWith("sctp_");
        if (name.startsWith("sctp_association_setup_")) {
          // Boot's observation registry records the set-up timer with Micrometer's
          // DefaultMeterObservationHandler, which adds its own `error` key (docs/metrics.md).
          keys.remove("error");
        }
        assertThat(keys).as("tag keys of %s", line).allMatch(k -> k.startsWith("sctp_"));
        List<String> words = List.of(name.split("_"));
        for (String unit : UNITS) {
          assertThat(words.stream().filter(unit::equals).count())
              .as("unit %s in %s", unit, name)
              .isLessThanOrEqualTo(1);
        }
      }
      assertThat(families).hasSizeGreaterThan(40);
      peer.abort();
    }
    assertThat(output).contains("SCTP endpoint 'multi' stopped");
  }

  private static String scrape(ConfigurableApplicationContext ctx) {
    return new String(
        ctx.getBean(PrometheusScrapeEndpoint.class)
            .scrape(PrometheusOutputFormat.CONTENT_TYPE_004, null)
            .getBody(),
        StandardCharsets.UTF_8);
  }
}
