package io.reactorsctp.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interleaving figures survive the suite rewriting docs/benchmarks.md, and are replaced by
 * their own run.
 */
class KeptSectionTest {

  @Test
  void theSuiteKeepsTheSectionAndItsOwnRunReplacesIt(@TempDir Path dir) throws Exception {
    Path page = dir.resolve("benchmarks.md");
    KeptSection section = KeptSection.INTERLEAVING;

    section.writeInto(page, "| p99 | 1 |");
    section.writeKeeping(page, "# Benchmarks\n\nnew tables\n");
    assertThat(Files.readString(page))
        .startsWith("# Benchmarks\n\nnew tables\n")
        .contains("| p99 | 1 |");

    section.writeInto(page, "| p99 | 2 |");
    assertThat(Files.readString(page))
        .contains("new tables")
        .contains("| p99 | 2 |")
        .doesNotContain("| p99 | 1 |");
  }
}
