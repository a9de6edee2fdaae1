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
 * once sat between the fan-in table's header and its rows); and every row has as many cells as its
 * header (the throughput tables' rows once lacked "windows redone", so every later figure stood
 * under the wrong heading).
 */
class ReportTablesTest {
  @Test
  void everyTableRowFollowsItsHeader(@TempDir Path dir) throws Exception {
    Report report = new Report(BenchmarkSuite.QUICK, List.of("host: test"));
    report.fanIn(new FanIn.Result("epoll", 1000, 5700, 130_000, 2100, 0));
    report.fanIn(new FanIn.Result("epoll-multi", 1000, 6600, 60_000, 900, 0));
    Scenario veth = Scenario.of(64, 1, "ordered").on(NetworkPath.VETH);
    report.repeated(
        veth,
        List.of(
            new RepeatedThroughput.Sample(
                veth, "c", 1, 1000, 0.1, 9_000, 0, 0, 0, 3, 1, 120, 1, 0, 0),
            new RepeatedThroughput.Sample(
                veth, "epoll", 1, 1000, 0.1, 16_000, 0, 0, 0, 90, 1, 120, 1, 0, 1)),
        null);
    report.latency(
        64,
        List.of(
            new RepeatedLatency.Sample(
                64, "c", 1, 4900, 1, 196_000, 206_000, 250_000, 3e6, 1, 0, 0, 2e5, 20, 0),
            new RepeatedLatency.Sample(
                64, "epoll", 1, 4200, 1, 235_000, 249_000, 300_000, 7e6, 9, 99, 1, 3e5, 500, 1)),
        List.of());
    report.write(dir, dir);

    List<String> lines = Files.readAllLines(dir.resolve("benchmarks.md"));
    List<String> broken = new ArrayList<>();
    List<String> uneven = new ArrayList<>();
    int headerCells = 0;
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("|---")) {
        headerCells = cells(lines.get(i - 1));
        if (i + 1 < lines.size() && !lines.get(i + 1).startsWith("|")) {
          broken.add(lines.get(i - 1) + " / then: " + lines.get(i + 1));
        }
      } else if (line.startsWith("|") && lines.get(i - 1).startsWith("|")) {
        if (cells(line) != headerCells) {
          uneven.add(cells(line) + " cells under " + headerCells + ": " + line);
        }
      }
    }
    assertThat(broken).as("tables whose header is not followed by a row").isEmpty();
    assertThat(uneven).as("rows with another number of cells than their header").isEmpty();
    assertThat(lines).anyMatch(l -> l.startsWith("| ours: EpollSctpChannel | 1 | 16,000 |"));
    assertThat(lines).anyMatch(l -> l.startsWith("| ours: EpollSctpMultiChannel (one-to-many) |"));
  }

  private static int cells(String row) {
    return row.split("\\|", -1).length - 2;
  }
}
