package dev.aisle.trainer.report;

import dev.aisle.json.Json;
import dev.aisle.trainer.hygiene.HygieneReport;
import dev.aisle.trainer.snapshot.LocalSnapshot;
import dev.aisle.trainer.training.Evaluation;
import dev.aisle.trainer.training.PreparedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run's report: the figures the console summary shows, as JSON (for the demo and scripts) and
 * as an HTML page with charts. Sections: {@code data}, {@code snapshot} (full or incremental, cut,
 * new events folded), {@code hygiene}, {@code parameters}, {@code evaluation} (split, validation,
 * test per recommender, validation curve), {@code final} (loss curve), {@code tuning} (trials),
 * {@code model} (version, where, published or gated), {@code stages} (time, rows and peak heap per
 * stage).
 */
public final class TrainingReport {

  private final Map<String, Object> root = new LinkedHashMap<>();
  private final long started = System.nanoTime();

  public TrainingReport(String command) {
    root.put("command", command);
    root.put("started", Instant.now().toString());
  }

  public TrainingReport data(PreparedData data) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("source", data.source());
    d.put("events", data.set().events());
    d.put("users", data.set().users());
    d.put("items", data.set().items().size());
    d.put("pairs", data.set().pairs());
    d.put("cutoff", Instant.ofEpochMilli(data.cutoff()).toString());
    root.put("data", d);
    LocalSnapshot s = data.snapshot();
    Map<String, Object> sn = new LinkedHashMap<>();
    sn.put("mode", s.mode());
    sn.put("version", s.manifest().version());
    sn.put("committed", s.committed());
    if (s.manifest().previousVersion() != null) {
      sn.put("previousVersion", s.manifest().previousVersion());
    }
    if (s.manifest().run() != null && s.manifest().run().previousCut() != null) {
      sn.put("previousCut", s.manifest().run().previousCut().toString());
    }
    sn.put("cut", s.manifest().cut().toString());
    sn.put("cutKind", s.manifest().cutKind());
    sn.put("rowsRead", s.rowsRead());
    sn.put("newEvents", s.eventsFolded());
    sn.put("shoppers", s.manifest().count("shoppers"));
    sn.put("pairs", s.manifest().count("pairs"));
    sn.put("events", s.manifest().count("events"));
    root.put("snapshot", sn);
    HygieneReport h = data.hygiene();
    Map<String, Object> hy = new LinkedHashMap<>();
    hy.put("read", h.readRows());
    hy.put("kept", h.keptRows());
    hy.put("invalid", h.invalid());
    hy.put("dropped", h.dropped());
    hy.put("imputed", h.imputedValues());
    hy.put("outlierUsers", h.outlierUsers());
    if (!Double.isNaN(h.outlierFence())) {
      hy.put("outlierFence", h.outlierFence());
    }
    root.put("hygiene", hy);
    return this;
  }

  /** Catalog items the model was built with (read after training). */
  @SuppressWarnings("unchecked")
  public TrainingReport catalog(int items) {
    ((Map<String, Object>) root.computeIfAbsent("data", k -> new LinkedHashMap<>()))
        .put("catalogItems", items);
    return this;
  }

  public TrainingReport parameters(Map<String, Object> parameters) {
    root.put("parameters", parameters);
    return this;
  }

  public TrainingReport evaluation(Evaluation e) {
    Map<String, Object> ev = new LinkedHashMap<>();
    ev.put("protocol", e.protocol());
    ev.put("split", e.split());
    ev.put("bestIterations", e.bestIterations());
    ev.put("validation", e.validation());
    ev.put("test", e.test());
    ev.put("curve", e.curve());
    ev.put("seconds", round(e.seconds()));
    root.put("evaluation", ev);
    return this;
  }

  public TrainingReport put(String section, Object value) {
    root.put(section, value);
    return this;
  }

  public Map<String, Object> asMap() {
    root.put("seconds", round((System.nanoTime() - started) / 1e9));
    return root;
  }

  public void writeJson(Path file) {
    try {
      createParent(file);
      Json.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), asMap());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write report " + file, e);
    }
  }

  public void writeHtml(Path file) {
    try {
      createParent(file);
      Files.writeString(file, HtmlReport.render(Json.mapper().valueToTree(asMap())));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write report " + file, e);
    }
  }

  /** The evaluation as a console table: one row per recommender, one column per metric. */
  @SuppressWarnings("unchecked")
  public static String table(Map<String, Map<String, Double>> results, int k) {
    List<String> metrics =
        List.of("ndcg@" + k, "recall@" + k, "precision@" + k, "map@" + k, "coverage@" + k);
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "  %-10s", "model"));
    metrics.forEach(m -> s.append(String.format(Locale.ROOT, " %12s", m)));
    s.append('\n');
    results.forEach(
        (name, values) -> {
          s.append(String.format(Locale.ROOT, "  %-10s", name));
          metrics.forEach(
              m ->
                  s.append(
                      String.format(Locale.ROOT, " %12.4f", values.getOrDefault(m, Double.NaN))));
          s.append('\n');
        });
    return s.toString();
  }

  static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }

  private static void createParent(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
  }
}
