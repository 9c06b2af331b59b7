package dev.aisle.trainer.cli;

import dev.aisle.model.FactorMatrix;
import dev.aisle.model.IdIndex;
import dev.aisle.model.Model;
import dev.aisle.precompute.CdnPrecompute;
import dev.aisle.precompute.PrecomputeRequest;
import dev.aisle.precompute.PrecomputeSummary;
import dev.aisle.precompute.source.ModelInput;
import dev.aisle.precompute.source.RecordSource;
import dev.aisle.precompute.source.ShopperVectors;
import dev.aisle.storage.AisleSettings;
import dev.aisle.trainer.publish.Settings;
import dev.aisle.trainer.report.TrainingReport;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The scheduled container task: {@code train} from the events table (and the items table's catalog)
 * to the models bucket behind the publish gate, then, when a model was published, the CDN
 * precompute (popular, segment and similar-item JSON) from that model, the items and users tables.
 */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description =
        "The scheduled task: train from the events table, publish to s3://<AISLE_MODELS_BUCKET>/models/ "
            + "behind the publish gate, then refresh the CDN JSON (all train options apply).")
final class PipelineCommand extends TrainCommand {

  @Option(
      names = "--cdn-out",
      paramLabel = "DIR|s3://BUCKET[/PREFIX]",
      description = "Where the CDN precompute writes (default: s3://<AISLE_CDN_BUCKET>/).")
  String cdnOut;

  @Option(
      names = "--no-precompute",
      description = "Publish the model only; leave the CDN JSON as it is.")
  boolean noPrecompute;

  @Override
  String defaultOut() {
    return "s3://" + Settings.resolve().modelsBucket() + "/models/";
  }

  @Override
  String name() {
    return "pipeline";
  }

  @Override
  void afterPublish(
      Model model, FactorMatrix shopperFactors, IdIndex shoppers, TrainingReport report) {
    if (noPrecompute) {
      return;
    }
    AisleSettings settings = Settings.resolve();
    System.err.println("cdn precompute: model " + model.version());
    PrecomputeRequest request =
        PrecomputeRequest.builder(
                new ModelInput.Loaded(model),
                cdnOut != null ? cdnOut : "s3://" + settings.cdnBucket() + "/")
            .catalog(new RecordSource.Table(settings.itemsTable()))
            .profiles(new RecordSource.Table(settings.usersTable()))
            .shoppers(new ShopperVectors.InMemory(shoppers, shopperFactors))
            .distributionId(
                Optional.ofNullable(System.getenv("AISLE_CDN_DISTRIBUTION_ID"))
                    .filter(id -> !id.isBlank()))
            .build();
    try (CdnPrecompute precompute = new CdnPrecompute(settings)) {
      PrecomputeSummary summary = precompute.run(request);
      System.out.println("cdn: " + summary.line());
      report.put(
          "cdn",
          Map.of(
              "segments",
              summary.segments(),
              "documents",
              summary.upload().documents(),
              "uploaded",
              summary.upload().uploaded(),
              "invalidation",
              summary.invalidation(),
              "seconds",
              summary.totalSeconds()));
    }
  }
}
