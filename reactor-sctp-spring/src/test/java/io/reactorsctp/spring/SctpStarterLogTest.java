package io.reactorsctp.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactorsctp.reactive.SctpConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The INFO lines a Boot user reads at start, connect and stop, from a real application (Spring
 * Boot's logging system set up, as in production).
 */
@ExtendWith(OutputCaptureExtension.class)
class SctpStarterLogTest {

  private static final int PORT = 39874;

  /** A minimal application: the starter and one handler. */
  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration(SctpAutoConfiguration.class)
  static class EchoApplication {
    @Bean
    SctpMessageHandler echo() {
      return SctpAutoConfigurationTest.ECHO;
    }
  }

  @Test
  void bindConnectDisconnectAndStopAreLogged(CapturedOutput output) throws Exception {
    try (ConfigurableApplicationContext ctx =
        new SpringApplicationBuilder(EchoApplication.class)
            .web(WebApplicationType.NONE)
            .properties(
                "reactor.sctp.event-loop-threads=1",
                "reactor.sctp.servers.echo.local-addresses=127.0.0.1",
                "reactor.sctp.servers.echo.port=" + PORT,
                "reactor.sctp.clients.x.remote-addresses=127.0.0.1",
                "reactor.sctp.clients.x.remote-port=" + PORT)
            .run()) {
      assertThat(output).contains("SCTP server 'echo' bound to 127.0.0.1:" + PORT);

      SctpConnection c = ctx.getBean(SctpClients.class).client("x").connectNow();
      // logged on the event loop when the kernel reports COMMUNICATION_UP
      Eventually.until(
          "the connect line",
          () ->
              output
                  .toString()
                  .matches(
                      "(?s).*SCTP client 'x' connected to 127\\.0\\.0\\.1:"
                          + PORT
                          + " \\(association \\d+\\).*"));
      c.abort();
      Eventually.until(
          "the disconnect line",
          () -> output.toString().contains("SCTP client 'x' disconnected from 127.0.0.1:" + PORT));
      assertThat(output).doesNotContain("SCTP server 'echo' stopped");
    }
    assertThat(output).contains("SCTP server 'echo' stopped");
  }
}
