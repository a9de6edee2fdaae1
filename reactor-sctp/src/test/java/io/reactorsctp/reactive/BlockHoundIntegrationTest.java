package io.reactorsctp.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * BlockHound, as a reactor-netty user runs it in tests: {@code BlockHound.install()} finds {@link
 * SctpBlockHoundIntegration} by itself, reports nothing while the library works, and reports a
 * blocking call a handler makes on one of our event loops.
 */
class BlockHoundIntegrationTest {

  @Test
  void blockHoundFindsTheIntegration() {
    assertThat(
            ServiceLoader.load(BlockHoundIntegration.class).stream().map(p -> p.type().getName()))
        .contains(SctpBlockHoundIntegration.class.getName());
  }

  @Test
  void theLibraryMakesNoBlockingCallOnItsLoopsAndAHandlersSleepIsReported() throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    // BlockHound redefines JDK classes and attaches its agent to the running JVM: both need a flag
    // on JDK 25, and the instrumentation lasts as long as the JVM, hence a JVM of its own.
    Process probe =
        new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                // As the test JVMs (the parent pom's argLine): C1 only and the serial collector
                // start fastest in the guest.
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-XX:+AllowRedefinitionToAddDeleteMethods",
                "-XX:+EnableDynamicAgentLoading",
                "-Dio.netty.machineId="
                    + System.getProperty("io.netty.machineId", "02:00:5c:7b:00:02"),
                "-cp",
                System.getProperty("java.class.path"),
                BlockHoundProbe.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(Path.of("target", "blockhound-probe.log").toFile())
            .start();
    assertThat(probe.waitFor(10, TimeUnit.MINUTES)).as("the probe ends within 10 minutes").isTrue();
    List<String> lines = log();
    assertThat(probe.exitValue()).as("probe exit code; its output: %s", lines).isZero();
    assertThat(lines.stream().filter(l -> l.startsWith("blocking: ")))
        .as("blocking calls BlockHound reported on our loops; output: %s", lines)
        .isEmpty();
    assertThat(lines)
        .as("the deliberate sleep on a loop thread is reported")
        .anyMatch(
            l ->
                l.startsWith("control: reactor.blockhound.BlockingOperationError")
                    && l.contains("java.lang.Thread.sleep"));
  }

  private static List<String> log() throws IOException {
    return java.nio.file.Files.readAllLines(
        Path.of("target", "blockhound-probe.log"), StandardCharsets.UTF_8);
  }
}
