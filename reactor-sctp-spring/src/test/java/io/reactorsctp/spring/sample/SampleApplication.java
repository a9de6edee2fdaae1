package io.reactorsctp.spring.sample;

import io.micrometer.core.instrument.MeterRegistry;
import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.reactive.SctpClient;
import io.reactorsctp.reactive.SctpConnection;
import io.reactorsctp.spring.SctpHealthIndicator;
import io.reactorsctp.spring.SctpMessageHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import reactor.core.publisher.Flux;

/**
 * The starter end to end, from {@code sample.properties}: server {@code echo} answers each message
 * on its own stream; client {@code peer} sends to it. {@code tools/spring-sample} runs it
 * (docs/spring.md).
 */
@SpringBootApplication
public class SampleApplication {

  /**
   * @return the handler of server {@code echo}: each message back on its stream, with its ppid,
   *     upper-cased
   */
  @Bean
  SctpMessageHandler echo() {
    return (association, inbound) ->
        inbound.map(
            m -> {
              try {
                String text =
                    m.content().toString(StandardCharsets.UTF_8).toUpperCase(java.util.Locale.ROOT);
                return SctpOutboundMessage.builder(text)
                    .streamId(m.streamId())
                    .ppid(m.ppid())
                    .build();
              } finally {
                m.release();
              }
            });
  }

  /**
   * Sends {@code count} messages from client {@code peer}, returns the answers, keeps the
   * association up.
   */
  public static final class Exchange {
    private final SctpClient peer;

    /**
     * @param peer the configured client {@code peer}
     */
    public Exchange(@Qualifier("peerSctpClient") SctpClient peer) {
      this.peer = peer;
    }

    /**
     * @param connection an association of the client
     * @param count how many messages
     * @return the answers as "stream/ppid: text"
     */
    public static List<String> exchange(SctpConnection connection, int count) {
      connection
          .outbound()
          .send(
              Flux.range(0, count)
                  .map(
                      i ->
                          SctpOutboundMessage.builder("hello " + i)
                              .streamId(i % 4)
                              .ppid(46)
                              .build()))
          .block();
      List<String> answers = new ArrayList<>();
      for (SctpInboundMessage m : connection.inbound().receive().take(count).toIterable()) {
        answers.add(
            m.streamId() + "/" + m.ppid() + ": " + m.content().toString(StandardCharsets.UTF_8));
        m.release();
      }
      return answers;
    }

    /**
     * @return a new association of client {@code peer}
     */
    public SctpConnection connect() {
      return peer.connectNow();
    }
  }

  /**
   * @return the exchange of this sample
   */
  @Bean
  Exchange exchange(@Qualifier("peerSctpClient") SctpClient peer) {
    return new Exchange(peer);
  }

  /**
   * Starts the context, exchanges a few messages, prints them, the health and the meters, and
   * stops.
   *
   * @param args Spring Boot arguments
   */
  public static void main(String[] args) {
    SpringApplication app = new SpringApplication(SampleApplication.class);
    app.setDefaultProperties(java.util.Map.of("spring.config.name", "sample"));
    try (ConfigurableApplicationContext ctx = app.run(args)) {
      SctpConnection connection = ctx.getBean(Exchange.class).connect();
      Exchange.exchange(connection, 8).forEach(a -> System.out.println("answer " + a));
      System.out.println(
          "health endpoint sctp: "
              + ctx.getBean(HealthEndpoint.class).healthForPath("sctp").getStatus());
      System.out.println(
          "health details: " + ctx.getBean(SctpHealthIndicator.class).health().getDetails());
      MeterRegistry registry = ctx.getBean(MeterRegistry.class);
      registry
          .find("sctp.received")
          .counters()
          .forEach(
              c ->
                  System.out.println(
                      "meter sctp.received " + c.getId().getTags() + " = " + c.count()));
      connection.shutdown().block();
    }
  }
}
