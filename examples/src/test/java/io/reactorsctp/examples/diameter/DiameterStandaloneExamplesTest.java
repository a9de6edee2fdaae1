package io.reactorsctp.examples.diameter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code tools/example diameter-server} and {@code diameter-client}, run in this JVM against each
 * other over a real kernel SCTP association, and their answers to bad arguments.
 */
class DiameterStandaloneExamplesTest {

  @Test
  void standaloneClientCompletesEveryStepAgainstTheStandaloneServer() {
    ByteArrayOutputStream serverOut = new ByteArrayOutputStream();
    DiameterServerExample.Running server =
        DiameterServerExample.start(
            new String[] {"0", "--host", "127.0.0.1", "--streams", "4", "--applications", "relay"},
            new PrintStream(serverOut, true, StandardCharsets.UTF_8));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try {
      status =
          DiameterClientExample.run(
              new String[] {
                "127.0.0.1",
                String.valueOf(server.server().port()),
                "--streams",
                "4",
                "--requests",
                "3",
                "--watchdogs",
                "1",
                "--origin-host",
                "peer.example.net"
              },
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
    } finally {
      server.stop();
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(status).isZero();
    assertThat(printed)
        .contains("CER -> CEA on stream 0 from /127.0.0.1:" + server.server().port())
        .contains("Result-Code 2001, Origin-Host server.example.org")
        .contains("applications [relay (4294967295)]")
        .contains("ECHO-R on stream 3 -> ECHO-A on stream 3, Result-Code 2001")
        .contains("DWR -> DWA on stream 0, Result-Code 2001")
        .contains("DPR -> DPA, association shut down");
    assertThat(serverOut.toString(StandardCharsets.UTF_8))
        .contains("Diameter server server.example.org (realm example.org, applications [relay")
        .contains("stopped; capabilities exchanges 1");
  }

  @Test
  void badArgumentsAreNamedWithTheirLimit() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        DiameterClientExample.run(
            new String[] {"127.0.0.1", "70000"},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("diameter-client: PORT: '70000' is not a whole number in 1..65535")
        .contains("usage: tools/example diameter-client HOST PORT");

    PrintStream ignored = new PrintStream(new ByteArrayOutputStream());
    assertThatThrownBy(() -> DiameterServerExample.start(new String[] {}, ignored))
        .hasMessage("PORT: missing");
    assertThatThrownBy(
            () ->
                DiameterServerExample.start(new String[] {"3868", "--applications", "0"}, ignored))
        .hasMessageStartingWith("--applications: applicationIds: 0 is the base protocol's");
    assertThatThrownBy(
            () ->
                DiameterServerExample.start(
                    new String[] {"3868", "--applications", "s6a"}, ignored))
        .hasMessage("--applications: 's6a' is neither an Application-Id (0..4294967295) nor relay");
    assertThatThrownBy(() -> DiameterServerExample.start(new String[] {"3868", "--color"}, ignored))
        .hasMessageStartingWith("--color: unknown option");
  }
}
