package io.reactorsctp.benchmarks;

import java.util.ArrayList;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws the report's chart as plain SVG, two columns of small panels: one per throughput scenario
 * (a row per peer, named on its left: a bar to the median messages per second, a whisker from the
 * slowest to the fastest repetition, the median and its ratio to the C loop written after it), then
 * one per ping-pong size (the same for the p99 round trip: median, whisker from the smallest to the
 * largest repetition). Each panel has its own scale, so 64 B and 4 KiB are both readable; compare
 * bars within a panel.
 */
final class Chart {
  private static final int COLUMNS = 2;
  private static final int PANEL_WIDTH = 600;
  private static final int NAME_WIDTH = 265;
  private static final int VALUE_WIDTH = 115;
  private static final int ROW = 20;
  private static final int PANEL_TOP = 34;
  private static final int PANEL_BOTTOM = 30;
  private static final int GAP = 16;

  /** One row of a panel: a peer's median, its range (NaN: none) and the text after it. */
  record Bar(String peer, double median, double min, double max, String text) {}

  record Panel(String title, List<Bar> bars) {}

  static String svg(Report report) {
    List<Panel> panels = new ArrayList<>();
    for (var e : report.repeatedFigures().entrySet()) {
      Spread c = e.getValue().containsKey("c") ? Report.rates(e.getValue().get("c")) : null;
      List<Bar> bars = new ArrayList<>();
      for (String peer : Report.PEERS) {
        var samples = e.getValue().get(peer);
        if (samples == null) {
          continue;
        }
        Spread r = Report.rates(samples);
        String text =
            Report.f("%,.0f", r.median())
                + (c == null || peer.equals("c")
                    ? ""
                    : Report.f(" (%.2f×)", r.median() / c.median()));
        bars.add(new Bar(peer, r.median(), r.min(), r.max(), text));
      }
      panels.add(new Panel(Report.label(e.getKey()) + ": messages/s, " + runs(e.getValue()), bars));
    }
    for (var e : report.latencyFigures().entrySet()) {
      List<Bar> bars = new ArrayList<>();
      for (String peer : Report.PEERS) {
        var samples = e.getValue().get(peer);
        if (samples == null) {
          continue;
        }
        Spread p99 = Report.p99s(samples);
        Spread ratio = Report.p99OverC(e.getValue(), peer);
        String text =
            Report.f("%,.0f µs", p99.median() / 1000)
                + (ratio == null || peer.equals("c") ? "" : Report.f(" (%.2f×)", ratio.median()));
        bars.add(new Bar(peer, p99.median() / 1000, p99.min() / 1000, p99.max() / 1000, text));
      }
      panels.add(
          new Panel(
              "lo, " + e.getKey() + " B ping-pong: p99 round trip, µs, " + runs(e.getValue()),
              bars));
    }
    int rows = (panels.size() + COLUMNS - 1) / COLUMNS;
    int[] rowHeight = new int[Math.max(rows, 1)];
    for (int i = 0; i < panels.size(); i++) {
      rowHeight[i / COLUMNS] = Math.max(rowHeight[i / COLUMNS], height(panels.get(i)));
    }
    int width = COLUMNS * PANEL_WIDTH + (COLUMNS + 1) * GAP;
    int height = 40 + GAP;
    for (int h : rowHeight) {
      height += h + GAP;
    }
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " font-family=\"sans-serif\" font-size=\"12\">\n"
                + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
                + "<text x=\"%d\" y=\"26\" font-size=\"15\" font-weight=\"bold\">%s</text>\n",
            width,
            height,
            width,
            height,
            GAP,
            esc(
                "Throughput per scenario (higher is better) and p99 latency (lower is better);"
                    + " bars: median, whiskers: min to max of the repetitions")));
    if (panels.isEmpty()) {
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"70\">no data yet</text>\n", GAP));
    }
    int y = 40 + GAP;
    for (int i = 0; i < panels.size(); i++) {
      int x = GAP + (i % COLUMNS) * (PANEL_WIDTH + GAP);
      panel(s, report, panels.get(i), x, y);
      if (i % COLUMNS == COLUMNS - 1 || i == panels.size() - 1) {
        y += rowHeight[i / COLUMNS] + GAP;
      }
    }
    s.append("</svg>\n");
    return s.toString();
  }

  /**
   * "5 runs", or "5–15 runs per peer" when peers ran different numbers (the C loop's ping-pong
   * windows come from every Java peer's JVM).
   */
  private static String runs(Map<String, ? extends List<?>> row) {
    IntSummaryStatistics runs = row.values().stream().mapToInt(List::size).summaryStatistics();
    return runs.getMin() == runs.getMax()
        ? runs.getMax() + " runs"
        : runs.getMin() + "–" + runs.getMax() + " runs per peer";
  }

  private static int height(Panel p) {
    return PANEL_TOP + p.bars().size() * ROW + PANEL_BOTTOM;
  }

  private static void panel(StringBuilder s, Report report, Panel p, int x, int y) {
    s.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#cccccc\"/>\n"
                + "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>\n",
            x,
            y,
            PANEL_WIDTH,
            height(p),
            x + 8,
            y + 20,
            esc(p.title())));
    double top = 0;
    for (Bar b : p.bars()) {
      top = Math.max(top, Double.isNaN(b.max()) ? b.median() : b.max());
    }
    if (top <= 0 || Double.isNaN(top)) {
      return;
    }
    top = niceCeiling(top);
    int plotLeft = x + NAME_WIDTH;
    int plotWidth = PANEL_WIDTH - NAME_WIDTH - VALUE_WIDTH;
    int plotTop = y + PANEL_TOP;
    int plotBottom = plotTop + p.bars().size() * ROW;
    for (int i = 0; i <= 4; i++) {
      double v = top * i / 4;
      double gx = plotLeft + plotWidth * v / top;
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e4e4e4\"/>"
                  + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"10\" fill=\"#555555\">%s</text>\n",
              gx,
              plotTop - 2,
              gx,
              plotBottom,
              gx,
              plotBottom + 14,
              Report.f("%,.0f", v)));
    }
    for (int i = 0; i < p.bars().size(); i++) {
      Bar b = p.bars().get(i);
      double cy = plotTop + i * ROW + ROW / 2.0;
      double w = plotWidth * b.median() / top;
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>"
                  + "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>\n",
              plotLeft - 6,
              cy + 4,
              esc(Report.NAMES.getOrDefault(b.peer(), b.peer())),
              plotLeft,
              cy - 6,
              w,
              12,
              report.color(b.peer())));
      double end = plotLeft + w;
      if (!Double.isNaN(b.min())) {
        double x1 = plotLeft + plotWidth * b.min() / top;
        double x2 = plotLeft + plotWidth * b.max() / top;
        s.append(
            String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>"
                    + "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>"
                    + "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>\n",
                x1,
                cy,
                x2,
                cy,
                x1,
                cy - 5,
                x1,
                cy + 5,
                x2,
                cy - 5,
                x2,
                cy + 5));
        end = Math.max(end, x2);
      }
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">%s</text>\n",
              Math.max(end, plotLeft + plotWidth) + 6,
              cy + 4,
              esc(b.text())));
    }
  }

  private static double niceCeiling(double v) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
    for (double step : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
      if (step * magnitude >= v) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static String esc(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private Chart() {}
}
