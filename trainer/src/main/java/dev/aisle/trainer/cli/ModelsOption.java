package dev.aisle.trainer.cli;

import dev.aisle.trainer.publish.ModelLocation;
import dev.aisle.trainer.publish.Settings;
import picocli.CommandLine.Option;

/**
 * {@code --models}: where the published models are; by default the models bucket the pipeline
 * publishes to.
 */
final class ModelsOption {

  @Option(
      names = "--models",
      paramLabel = "DIR|s3://BUCKET/PREFIX",
      description =
          "Where the models are: <models>/<version>/… and <models>/CURRENT "
              + "(default: s3://<AISLE_MODELS_BUCKET>/models/).")
  String models;

  ModelLocation location() {
    return ModelLocation.parse(
        models != null ? models : "s3://" + Settings.resolve().modelsBucket() + "/models/");
  }
}
