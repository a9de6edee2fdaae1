package io.reactorsctp.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every table of the written report is one block: its rows follow its header line without a line of
 * text between them, which Markdown would not render as a table (the quick profile's fan-in note
 * once sat between the fan-in table's header and its rows).
 */
class ReportTablesTest {
  @Test
  void everyTableRowFollowsItsHeader(@TempDir Path dir) throws Exception {
    Report report = new Report(BenchmarkSuite.QUICK, List.of("host: test"));
    report.fanIn(new FanIn.Result("epoll", 1000, 5700, 130_000, 2100, 0));
    report.fanIn(new FanIn.Result("epoll-multi", 1000, 6600, 60_000, 900, 0));
    report.write(dir, dir);

    List<String> lines = Files.readAllLines(dir.resolve("benchmarks.md"));
    List<String> broken = new ArrayList<>();
    for (int i = 1; i + 1 < lines.size(); i++) {
      if (lines.get(i).startsWith("|---") && !lines.get(i + 1).startsWith("|")) {
        broken.add(lines.get(i - 1) + " / then: " + lines.get(i + 1));
      }
    }
    assertThat(broken).as("tables whose header is not followed by a row").isEmpty();
    assertThat(lines).anyMatch(l -> l.startsWith("| ours: EpollSctpMultiChannel (one-to-many) |"));
  }
}
