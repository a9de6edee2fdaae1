package io.reactorsctp.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Metrics is the top layer: nothing below it names Micrometer or this package (Micrometer is
 * optional).
 */
class LayeringTest {

  @Test
  void lowerLayersDoNotImportMetricsOrMicrometer() throws IOException {
    Path root = Path.of("src/main/java/io/reactorsctp");
    assertThat(root).isDirectory();
    List<String> offenders;
    try (Stream<Path> files = Files.walk(root)) {
      offenders =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(p -> !p.startsWith(root.resolve("metrics")))
              .filter(
                  p -> {
                    try {
                      return Files.readAllLines(p).stream()
                          .map(String::strip)
                          .filter(l -> l.startsWith("import "))
                          .anyMatch(
                              l ->
                                  l.contains(" io.micrometer.")
                                      || l.contains(" io.reactorsctp.metrics."));
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  })
              .map(Path::toString)
              .toList();
    }
    assertThat(offenders).isEmpty();
  }
}
