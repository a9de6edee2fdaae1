package io.reactorsctp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The root package is the bottom layer: every package uses it, so it may use none of them. */
class BasePackageTest {
  private static final Pattern SUBPACKAGE = Pattern.compile("io\\.reactorsctp\\.[a-z]");

  @Test
  void rootPackageImportsNothingOfTheLibrary() throws IOException {
    Path root = Path.of("src/main/java/io/reactorsctp");
    List<String> offenders;
    try (Stream<Path> files = Files.list(root)) {
      offenders =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(
                  p -> {
                    try {
                      return Files.readAllLines(p).stream()
                          .map(String::strip)
                          .anyMatch(l -> l.startsWith("import ") && SUBPACKAGE.matcher(l).find());
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
