package io.reactorsctp.benchmarks;

import io.reactorsctp.benchmarks.BenchmarkSuite.Figures;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Draws the report's chart as plain SVG: three panels of grouped bars, one group per scenario and
 * one bar per peer: throughput relative to the C loop, CPU per message relative to the C loop, and
 * p99 round-trip latency.
 */
final class Chart {
  private static final int WIDTH = 1000;
  private static final int PANEL = 260;
  private static final int LEFT = 70;
  private static final int TOP = 80;

  /** Ratio panels stop here; a taller bar is drawn to the top and labelled with its value. */
  private static final double RATIO_CAP = 3;

  record Group(String label, List<Double> values) {}

  static String svg(Report report) {
    List<String> peers = Report.PEERS;
    List<Group> throughput = new ArrayList<>();
    List<Group> cpu = new ArrayList<>();
    for (var e : report.throughputFigures().entrySet()) {
      Map<String, Figures> row = e.getValue();
      Figures c = row.get("c");
      List<Double> t = new ArrayList<>();
      List<Double> u = new ArrayList<>();
      for (String peer : peers) {
        Figures f = row.get(peer);
        t.add(f == null || c == null ? Double.NaN : f.opsPerSecond() / c.opsPerSecond());
        u.add(f == null || c == null ? Double.NaN : f.cpuNanosPerOp() / c.cpuNanosPerOp());
      }
      throughput.add(new Group(Report.label(e.getKey()), t));
      cpu.add(new Group(Report.label(e.getKey()), u));
    }
    List<Group> latency = new ArrayList<>();
    for (var e : report.latencyFigures().entrySet()) {
      List<Double> v = new ArrayList<>();
      for (String peer : peers) {
        Properties p = e.getValue().get(peer);
        v.add(Report.p(p, "p99") / 1000);
      }
      latency.add(new Group(e.getKey() + " B ping-pong", v));
    }
    int height = TOP + 3 * (PANEL + 40) + 20;
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">\n",
            WIDTH,
            height,
            WIDTH,
            height));
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    int x = LEFT;
    int legendY = 12;
    for (String peer : peers) {
      int width = 16 + 6 * Report.NAMES.get(peer).length() + 14;
      if (x + width > WIDTH) {
        x = LEFT;
        legendY += 18;
      }
      s.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                  + "<text x=\"%d\" y=\"%d\">%s</text>\n",
              x,
              legendY,
              report.color(peer),
              x + 16,
              legendY + 10,
              esc(Report.NAMES.get(peer))));
      x += width;
    }
    int y = TOP;
    panel(
        s,
        report,
        "Throughput relative to the C loop (higher is better)",
        throughput,
        y,
        "×",
        1.0,
        RATIO_CAP);
    y += PANEL + 40;
    panel(
        s,
        report,
        "CPU per message relative to the C loop (lower is better)",
        cpu,
        y,
        "×",
        1.0,
        RATIO_CAP);
    y += PANEL + 40;
    panel(
        s,
        report,
        "p99 round-trip latency, µs (lower is better)",
        latency,
        y,
        "",
        Double.NaN,
        Double.NaN);
    s.append("</svg>\n");
    return s.toString();
  }

  private static void panel(
      StringBuilder s,
      Report report,
      String title,
      List<Group> groups,
      int top,
      String unit,
      double reference,
      double cap) {
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" font-size=\"13\" font-weight=\"bold\">%s</text>\n",
            LEFT,
            top - 8,
            esc(title)));
    double max = 0;
    for (Group g : groups) {
      for (double v : g.values()) {
        if (!Double.isNaN(v) && !Double.isInfinite(v)) {
          max = Math.max(max, v);
        }
      }
    }
    if (max == 0) {
      s.append(
          String.format(
              Locale.ROOT, "<text x=\"%d\" y=\"%d\">no data yet</text>\n", LEFT, top + 20));
      return;
    }
    max = Double.isNaN(cap) ? niceCeiling(max) : Math.min(niceCeiling(max), cap);
    int plotHeight = PANEL - 40;
    int plotWidth = WIDTH - LEFT - 20;
    int bottom = top + plotHeight;
    for (int i = 0; i <= 4; i++) {
      double v = max * i / 4;
      int gy = bottom - (int) Math.round(plotHeight * v / max);
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#dddddd\"/>"
                  + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s%s</text>\n",
              LEFT,
              gy,
              LEFT + plotWidth,
              gy,
              LEFT - 6,
              gy + 4,
              trim(v),
              unit));
    }
    if (!Double.isNaN(reference) && reference <= max) {
      int ry = bottom - (int) Math.round(plotHeight * reference / max);
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555555\" "
                  + "stroke-dasharray=\"4 3\"/>\n",
              LEFT,
              ry,
              LEFT + plotWidth,
              ry));
    }
    double groupWidth = (double) plotWidth / groups.size();
    int bars = Report.PEERS.size();
    double barWidth = Math.min(22, (groupWidth - 12) / bars);
    for (int g = 0; g < groups.size(); g++) {
      Group group = groups.get(g);
      double gx = LEFT + g * groupWidth + (groupWidth - barWidth * bars) / 2;
      for (int b = 0; b < bars; b++) {
        double v = group.values().get(b);
        if (Double.isNaN(v) || Double.isInfinite(v)) {
          continue;
        }
        double h = plotHeight * Math.min(v, max) / max;
        s.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                    + "<title>%s, %s: %s%s</title></rect>\n",
                gx + b * barWidth,
                bottom - h,
                barWidth - 2,
                h,
                report.color(Report.PEERS.get(b)),
                esc(group.label()),
                esc(Report.NAMES.get(Report.PEERS.get(b))),
                trim(v),
                unit));
        if (v > max) {
          s.append(
              String.format(
                  Locale.ROOT,
                  "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"9\">"
                      + "%s%s</text>\n",
                  gx + b * barWidth + barWidth / 2 - 1,
                  bottom - h - 3,
                  trim(v),
                  unit));
        }
      }
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
              LEFT + g * groupWidth + groupWidth / 2,
              bottom + 16,
              esc(group.label())));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n",
            LEFT,
            bottom,
            LEFT + plotWidth,
            bottom));
  }

  private static double niceCeiling(double v) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
    for (double step : new double[] {1, 2, 2.5, 5, 10}) {
      if (step * magnitude >= v) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static String trim(double v) {
    return v >= 100
        ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.2f", v).replaceAll("\\.?0+$", "");
  }

  private static String esc(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private Chart() {}
}
