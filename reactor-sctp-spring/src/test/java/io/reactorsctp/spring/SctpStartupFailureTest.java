package io.reactorsctp.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactorsctp.Errno;
import io.reactorsctp.SctpNativeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Two configured servers on one address: start-up fails, and Spring Boot's failure report says
 * which server, which address and what to do, through {@link AddressInUseFailureAnalyzer}.
 */
@ExtendWith(OutputCaptureExtension.class)
class SctpStartupFailureTest {

  private static final int PORT = 39875;

  @Test
  void twoServersOnOnePortFailStartUpWithTheAnalysis(CapturedOutput output) {
    SpringApplicationBuilder app =
        new SpringApplicationBuilder(SctpStarterLogTest.EchoApplication.class)
            .web(WebApplicationType.NONE)
            .properties(
                "reactor.sctp.event-loop-threads=1",
                "reactor.sctp.servers.first.local-addresses=127.0.0.1",
                "reactor.sctp.servers.first.port=" + PORT,
                "reactor.sctp.servers.second.local-addresses=127.0.0.1",
                "reactor.sctp.servers.second.port=" + PORT);
    assertThatThrownBy(() -> app.run())
        .satisfies(
            e -> assertThat(SctpFailures.find(e, SctpBindException.class)).isNotNull(),
            e ->
                assertThat(SctpFailures.nativeCause(e, Errno.EADDRINUSE))
                    .isInstanceOf(SctpNativeException.class));
    String report = output.toString();
    assertThat(report).contains("APPLICATION FAILED TO START");
    assertThat(report)
        .containsPattern(
            "SCTP server '(first|second)' could not bind to 127\\.0\\.0\\.1:"
                + PORT
                + ": the address is already in use")
        .containsPattern("Choose another reactor\\.sctp\\.servers\\.(first|second)\\.port");
  }
}
