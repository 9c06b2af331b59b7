package dev.aisle.trainer.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A self-contained HTML page of a {@link TrainingReport}: tables plus inline SVG charts (metric per
 * iteration, test metrics per recommender, metric per tuned parameter, loss per iteration). No
 * scripts, no external assets: it opens from a file or an S3 bucket alike.
 */
final class HtmlReport {

  private static final String[] COLORS = {
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf"
  };
  private static final int W = 560;
  private static final int H = 260;
  private static final int PAD = 48;

  private HtmlReport() {}

  static String render(JsonNode r) {
    StringBuilder s = new StringBuilder();
    s.append(
            "<!doctype html><html lang=en><head><meta charset=utf-8><title>Aisle trainer report</title><style>")
        .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:1200px;color:#222}")
        .append(
            "table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.25em .6em;")
        .append(
            "text-align:right}th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}")
        .append(
            "svg{background:#fafafa;border:1px solid #ddd;margin:.5em 1em .5em 0}.charts{display:flex;flex-wrap:wrap}")
        .append("</style></head><body>");
    s.append("<h1>Aisle trainer: ").append(esc(r.path("command").asText())).append("</h1>");
    s.append("<p>")
        .append(esc(r.path("data").path("source").asText()))
        .append(" · started ")
        .append(esc(r.path("started").asText()))
        .append(" · ")
        .append(r.path("seconds").asDouble())
        .append(" s</p>");
    section(s, "Data", r.path("data"));
    section(s, "Hygiene", r.path("hygiene"));
    section(s, "Parameters", r.path("parameters"));
    JsonNode eval = r.path("evaluation");
    if (!eval.isMissingNode()) {
      s.append("<h2>Evaluation (test rows)</h2>");
      metricTable(s, eval.path("test"));
      s.append("<div class=charts>");
      s.append(bars("Test metrics per recommender", eval.path("test")));
      s.append(
          lines(
              "Validation metric per iteration",
              List.of(new Series("als", curve(eval.path("curve"), "validation")))));
      s.append("</div>");
    }
    JsonNode tuning = r.path("tuning");
    if (!tuning.isMissingNode()) {
      s.append("<h2>Tuning</h2>");
      trialTable(s, tuning.path("trials"));
      s.append("<div class=charts>");
      List<Series> curves = new ArrayList<>();
      int n = 0;
      for (JsonNode trial : tuning.path("trials")) {
        curves.add(new Series("trial " + (++n), curve(trial.path("curve"), "validation")));
      }
      s.append(lines("Validation metric per iteration, each trial", curves));
      for (String p : List.of("factors", "regularization", "alpha", "iterations")) {
        List<double[]> points = new ArrayList<>();
        for (JsonNode trial : tuning.path("trials")) {
          points.add(
              new double[] {
                trial.path("parameters").path(p).asDouble(), trial.path("validation").asDouble()
              });
        }
        s.append(scatter("Validation metric by " + p, p, points));
      }
      s.append("</div>");
    }
    JsonNode fin = r.path("final");
    if (!fin.isMissingNode()) {
      s.append("<h2>Final fit</h2>");
      s.append(
          lines(
              "Loss per iteration", List.of(new Series("loss", curve(fin.path("curve"), "loss")))));
    }
    section(s, "Model", r.path("model"));
    return s.append("</body></html>\n").toString();
  }

  private record Series(String name, List<double[]> points) {}

  private static List<double[]> curve(JsonNode curve, String field) {
    List<double[]> points = new ArrayList<>();
    for (JsonNode p : curve) {
      if (p.has(field)) {
        points.add(new double[] {p.path("iteration").asDouble(), p.path(field).asDouble()});
      }
    }
    return points;
  }

  private static void section(StringBuilder s, String title, JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return;
    }
    s.append("<h2>").append(title).append("</h2><table>");
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      s.append("<tr><td>")
          .append(esc(e.getKey()))
          .append("</td><td>")
          .append(esc(e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()))
          .append("</td></tr>");
    }
    s.append("</table>");
  }

  private static void metricTable(StringBuilder s, JsonNode results) {
    List<String> metrics = new ArrayList<>();
    results
        .elements()
        .forEachRemaining(
            v ->
                v.fieldNames()
                    .forEachRemaining(
                        m -> {
                          if (!metrics.contains(m)) {
                            metrics.add(m);
                          }
                        }));
    s.append("<table><tr><th>recommender</th>");
    metrics.forEach(m -> s.append("<th>").append(esc(m)).append("</th>"));
    s.append("</tr>");
    results
        .fields()
        .forEachRemaining(
            e -> {
              s.append("<tr><td>").append(esc(e.getKey())).append("</td>");
              metrics.forEach(
                  m ->
                      s.append("<td>")
                          .append(fmt(e.getValue().path(m).asDouble()))
                          .append("</td>"));
              s.append("</tr>");
            });
    s.append("</table>");
  }

  private static void trialTable(StringBuilder s, JsonNode trials) {
    s.append(
            "<table><tr><th>trial</th><th>factors</th><th>regularization</th><th>alpha</th><th>best iteration</th>")
        .append("<th>validation</th><th>seconds</th></tr>");
    int n = 0;
    for (JsonNode t : trials) {
      JsonNode p = t.path("parameters");
      s.append("<tr><td>")
          .append(++n)
          .append("</td><td>")
          .append(p.path("factors").asInt())
          .append("</td><td>")
          .append(fmt(p.path("regularization").asDouble()))
          .append("</td><td>")
          .append(fmt(p.path("alpha").asDouble()))
          .append("</td><td>")
          .append(t.path("bestIteration").asInt())
          .append("</td><td>")
          .append(fmt(t.path("validation").asDouble()))
          .append("</td><td>")
          .append(fmt(t.path("seconds").asDouble()))
          .append("</td></tr>");
    }
    s.append("</table>");
  }

  private static String bars(String title, JsonNode results) {
    List<String> metrics = new ArrayList<>();
    results
        .elements()
        .forEachRemaining(
            v ->
                v.fieldNames()
                    .forEachRemaining(
                        m -> {
                          if (!metrics.contains(m) && m.contains("@")) {
                            metrics.add(m);
                          }
                        }));
    List<String> names = new ArrayList<>();
    results.fieldNames().forEachRemaining(names::add);
    double max = 1e-9;
    for (String name : names) {
      for (String m : metrics) {
        max = Math.max(max, results.path(name).path(m).asDouble());
      }
    }
    StringBuilder svg = open(title);
    double groupWidth = (W - 2.0 * PAD) / Math.max(1, metrics.size());
    double barWidth = groupWidth * 0.8 / Math.max(1, names.size());
    for (int g = 0; g < metrics.size(); g++) {
      for (int b = 0; b < names.size(); b++) {
        double v = results.path(names.get(b)).path(metrics.get(g)).asDouble();
        double h = (H - 2.0 * PAD) * v / max;
        double x = PAD + g * groupWidth + b * barWidth;
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect x=%.1f y=%.1f width=%.1f height=%.1f fill='%s'><title>%s %s %.4f</title></rect>",
                x,
                H - PAD - h,
                barWidth - 1,
                h,
                COLORS[b % COLORS.length],
                esc(names.get(b)),
                esc(metrics.get(g)),
                v));
      }
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=%.1f y=%d font-size=10 text-anchor=middle>%s</text>",
              PAD + g * groupWidth + groupWidth * 0.4,
              H - PAD + 14,
              esc(metrics.get(g))));
    }
    legend(svg, names);
    axis(svg, 0, max);
    return svg.append("</svg>").toString();
  }

  private static String lines(String title, List<Series> series) {
    double minX = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double minY = Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    for (Series s : series) {
      for (double[] p : s.points()) {
        minX = Math.min(minX, p[0]);
        maxX = Math.max(maxX, p[0]);
        minY = Math.min(minY, p[1]);
        maxY = Math.max(maxY, p[1]);
      }
    }
    StringBuilder svg = open(title);
    if (minX > maxX) {
      return svg.append("<text x=60 y=130>no data</text></svg>").toString();
    }
    double spanX = Math.max(1e-9, maxX - minX);
    double spanY = Math.max(1e-12, maxY - minY);
    for (int n = 0; n < series.size(); n++) {
      StringBuilder path = new StringBuilder();
      for (double[] p : series.get(n).points()) {
        path.append(path.length() == 0 ? "M" : " L")
            .append(
                String.format(
                    Locale.ROOT,
                    "%.1f %.1f",
                    PAD + (W - 2.0 * PAD) * (p[0] - minX) / spanX,
                    H - PAD - (H - 2.0 * PAD) * (p[1] - minY) / spanY));
      }
      svg.append("<path d='")
          .append(path)
          .append("' fill=none stroke-width=2 stroke='")
          .append(COLORS[n % COLORS.length])
          .append("'><title>")
          .append(esc(series.get(n).name()))
          .append("</title></path>");
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=%d y=%d font-size=10>iteration %.0f … %.0f</text>",
            PAD,
            H - PAD + 14,
            minX,
            maxX));
    axis(svg, minY, maxY);
    if (series.size() <= 10) {
      legend(svg, series.stream().map(Series::name).toList());
    }
    return svg.append("</svg>").toString();
  }

  private static String scatter(String title, String xLabel, List<double[]> points) {
    StringBuilder svg = open(title);
    double minX = points.stream().mapToDouble(p -> p[0]).min().orElse(0);
    double maxX = points.stream().mapToDouble(p -> p[0]).max().orElse(1);
    double minY = points.stream().mapToDouble(p -> p[1]).min().orElse(0);
    double maxY = points.stream().mapToDouble(p -> p[1]).max().orElse(1);
    double spanX = Math.max(1e-9, maxX - minX);
    double spanY = Math.max(1e-12, maxY - minY);
    for (double[] p : points) {
      svg.append(
          String.format(
              Locale.ROOT,
              "<circle cx=%.1f cy=%.1f r=4 fill='%s'><title>%s=%s: %.4f</title></circle>",
              PAD + (W - 2.0 * PAD) * (p[0] - minX) / spanX,
              H - PAD - (H - 2.0 * PAD) * (p[1] - minY) / spanY,
              COLORS[0],
              esc(xLabel),
              fmt(p[0]),
              p[1]));
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=%d y=%d font-size=10>%s %s … %s</text>",
            PAD,
            H - PAD + 14,
            esc(xLabel),
            fmt(minX),
            fmt(maxX)));
    axis(svg, minY, maxY);
    return svg.append("</svg>").toString();
  }

  private static StringBuilder open(String title) {
    return new StringBuilder(
        String.format(
            Locale.ROOT,
            "<svg xmlns='http://www.w3.org/2000/svg' width=%d height=%d><text x=%d y=20 font-size=13 font-weight=bold>%s</text>"
                + "<line x1=%d y1=%d x2=%d y2=%d stroke='#999'/><line x1=%d y1=%d x2=%d y2=%d stroke='#999'/>",
            W,
            H,
            PAD,
            esc(title),
            PAD,
            H - PAD,
            W - PAD,
            H - PAD,
            PAD,
            PAD,
            PAD,
            H - PAD));
  }

  private static void axis(StringBuilder svg, double min, double max) {
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=4 y=%d font-size=10>%s</text><text x=4 y=%d font-size=10>%s</text>",
            PAD + 4,
            fmt(max),
            H - PAD,
            fmt(min)));
  }

  private static void legend(StringBuilder svg, List<String> names) {
    for (int n = 0; n < names.size(); n++) {
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=%d y=%d width=10 height=10 fill='%s'/><text x=%d y=%d font-size=11>%s</text>",
              W - 130,
              30 + 16 * n,
              COLORS[n % COLORS.length],
              W - 115,
              39 + 16 * n,
              esc(names.get(n))));
    }
  }

  private static String fmt(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e9) {
      return Long.toString((long) v);
    }
    return Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3
        ? String.format(Locale.ROOT, "%.3e", v)
        : String.format(Locale.ROOT, "%.4f", v);
  }

  private static String esc(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("'", "&#39;")
        .replace("\"", "&quot;");
  }
}
