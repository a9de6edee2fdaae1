package io.reactorsctp.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A section of {@code docs/benchmarks.md} that another run writes (e.g. {@code tools/bench
 * --interleaving}): between its two marker lines, replaced by that run and carried over unchanged
 * when the suite rewrites the rest of the page.
 */
final class KeptSection {
  /** The scheduler and I-DATA latency figures of {@link InterleavingLatency}. */
  static final KeptSection INTERLEAVING = new KeptSection("interleaving");

  private final String start;
  private final String end;

  private KeptSection(String name) {
    this.start = "<!-- " + name + ": written by its own run, kept by the suite -->";
    this.end = "<!-- /" + name + " -->";
  }

  /** {@return the section of {@code page}, markers included, or "" when it has none} */
  String in(String page) {
    int s = page.indexOf(start);
    int e = page.indexOf(end, Math.max(s, 0));
    return s < 0 || e < 0 ? "" : page.substring(s, e + end.length()) + "\n";
  }

  /** {@return {@code page} with the section's body replaced, or appended when it has none} */
  String replace(String page, String body) {
    String section = start + "\n" + body.strip() + "\n" + end + "\n";
    String old = in(page);
    if (old.isEmpty()) {
      return page.stripTrailing() + "\n\n" + section;
    }
    return page.replace(old, section);
  }

  /** Writes {@code page} to {@code file}, carrying over the section the file already holds. */
  void writeKeeping(Path file, String page) throws IOException {
    String kept = Files.exists(file) ? in(Files.readString(file)) : "";
    // The suite's page never holds the section itself: the kept one, markers and all, goes last.
    Files.writeString(file, kept.isEmpty() ? page : page.stripTrailing() + "\n\n" + kept);
  }

  /** Replaces the section's body in {@code file} (created if missing). */
  void writeInto(Path file, String body) throws IOException {
    String page = Files.exists(file) ? Files.readString(file) : "";
    Files.writeString(file, replace(page, body));
  }
}
