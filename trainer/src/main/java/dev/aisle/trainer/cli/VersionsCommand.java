package dev.aisle.trainer.cli;

import dev.aisle.model.ModelManifest;
import dev.aisle.storage.s3.ReleaseGate;
import dev.aisle.trainer.publish.ModelRepository;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code versions}: the complete models, newest first, one line each with the served one marked;
 * uploads that failed midway (no manifest, or files missing or short) are not listed.
 */
@Command(
    name = "versions",
    mixinStandardHelpOptions = true,
    description =
        "Lists the complete models (manifest present, every file at its stated size), newest first; "
            + "'*' and CURRENT mark the served one.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {AisleTrainer.EXIT_0, AisleTrainer.EXIT_1, AisleTrainer.EXIT_2})
final class VersionsCommand implements Callable<Integer> {

  @Mixin ModelsOption models;

  @Override
  public Integer call() {
    try (ModelRepository repository = new ModelRepository(models.location())) {
      List<ModelRepository.Version> versions = repository.versions();
      if (versions.isEmpty()) {
        System.err.println("no complete model at " + models.location());
      }
      for (ModelRepository.Version v : versions) {
        System.out.println(line(v));
      }
    }
    return 0;
  }

  static String line(ModelRepository.Version v) {
    ModelManifest m = v.manifest();
    StringBuilder line =
        new StringBuilder(v.current() ? "* " : "  ")
            .append(m.version())
            .append(
                String.format(
                    Locale.ROOT,
                    "  created %s  items %d  factors %d",
                    m.created(),
                    m.items(),
                    m.factors()));
    if (m.metrics() != null
        && m.metrics().get(ReleaseGate.VALIDATION) instanceof Map<?, ?> validation) {
      validation.forEach(
          (name, value) ->
              line.append("  ")
                  .append(name)
                  .append(' ')
                  .append(
                      value instanceof Number n
                          ? String.format(Locale.ROOT, "%.4f", n.doubleValue())
                          : value));
    }
    return v.current() ? line.append("  CURRENT").toString() : line.toString();
  }
}
