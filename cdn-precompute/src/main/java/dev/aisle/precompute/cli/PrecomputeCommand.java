package dev.aisle.precompute.cli;

import dev.aisle.model.CorruptModelException;
import dev.aisle.precompute.CdnPrecompute;
import dev.aisle.precompute.PrecomputeRequest;
import dev.aisle.precompute.PrecomputeSummary;
import dev.aisle.precompute.source.InputException;
import dev.aisle.precompute.source.ModelInput;
import dev.aisle.precompute.source.RecordSource;
import dev.aisle.precompute.source.ShopperVectors;
import dev.aisle.precompute.upload.CacheControl;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.SettingsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code aisle-precompute}: publishes segment, popular and similar-item JSON for the current model.
 * Progress goes to stderr as key=value lines, the summary line to stdout. Exit codes: 0 done, 2 bad
 * arguments or input (one line on stderr), 1 any other failure.
 */
@Command(
    name = "aisle-precompute",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Precomputes what anonymous visitors see, as static JSON under <out>/v1/:",
      "popular.json, popular/<category>.json, segments/index.json,",
      "segments/<id>.json and similar/<itemId>.json. Unchanged objects are not",
      "uploaded again; changed paths are invalidated on CloudFront",
      "(--distribution-id) or logged.",
      "Settings (endpoints, table and bucket names) come from AISLE_* environment",
      "variables, or from --env FILE (infra/local/.run/stack.env locally).",
      ""
    },
    footer = {
      "",
      "Example (local stack):",
      "  cdn-precompute/aisle-precompute --env infra/local/.run/stack.env --segments 20"
    })
public final class PrecomputeCommand implements Callable<Integer> {

  @Option(
      names = "--env",
      paramLabel = "FILE",
      description = "KEY=value file of AISLE_* settings; environment variables win")
  Path envFile;

  @Option(
      names = "--model",
      paramLabel = "LOCATION",
      description =
          "model folder, or s3://bucket/prefix whose CURRENT names the version (default: s3://<AISLE_MODELS_BUCKET>/models/)")
  String model;

  @Option(
      names = "--model-version",
      paramLabel = "VERSION",
      description = "a version other than CURRENT")
  String modelVersion;

  @Option(
      names = "--catalog",
      paramLabel = "SOURCE",
      defaultValue = "dynamodb",
      description =
          "catalog CSV (item_id,title,category,price[,tags,available]), dynamodb[:TABLE] or none (default: ${DEFAULT-VALUE})")
  String catalog;

  @Option(
      names = "--users",
      paramLabel = "SOURCE",
      defaultValue = "dynamodb",
      description =
          "users CSV (user_id,country,device,channel,...), dynamodb[:TABLE] or none (default: ${DEFAULT-VALUE})")
  String users;

  @Option(
      names = "--shoppers",
      paramLabel = "SOURCE",
      defaultValue = "dynamodb",
      description =
          "shoppers' vectors for segments: dynamodb[:TABLE] (the user-state table), an interactions CSV "
              + "(folded in) or none (default: ${DEFAULT-VALUE})")
  String shoppers;

  @Option(
      names = "--out",
      paramLabel = "LOCATION",
      description = "folder, or s3://bucket[/prefix] (default: s3://<AISLE_CDN_BUCKET>/)")
  String out;

  @Option(
      names = "--segment-sample",
      defaultValue = "1000000",
      description =
          "segment at most this many shoppers, a uniform sample by id hash (default: ${DEFAULT-VALUE})")
  int segmentSample;

  @Option(
      names = "--segments",
      defaultValue = "50",
      description = "shopper segments (default: ${DEFAULT-VALUE})")
  int segments;

  @Option(
      names = "--k",
      defaultValue = "20",
      description = "items per segment and popular list (default: ${DEFAULT-VALUE})")
  int k;

  @Option(
      names = "--similar-k",
      defaultValue = "20",
      description = "items per similar-items list (default: ${DEFAULT-VALUE})")
  int similarK;

  @Option(
      names = "--attributes",
      split = ",",
      paramLabel = "NAME",
      description =
          "profile attributes that form segments and the public index (default: country,device,channel)")
  List<String> attributes = PrecomputeRequest.DEFAULT_ATTRIBUTES;

  @Option(
      names = "--attribute-share",
      defaultValue = "0.5",
      description =
          "share of the clustering variance carried by attributes, 0 to <1 (default: ${DEFAULT-VALUE})")
  double attributeShare;

  @Option(
      names = "--min-support",
      defaultValue = "20",
      description =
          "shoppers a value or combination needs to be published in the index (default: ${DEFAULT-VALUE})")
  int minSupport;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "k-means seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--max-age",
      defaultValue = "300",
      description = "Cache-Control max-age, seconds (default: ${DEFAULT-VALUE})")
  int maxAge;

  @Option(
      names = "--stale-while-revalidate",
      defaultValue = "3600",
      description = "Cache-Control stale-while-revalidate, seconds (default: ${DEFAULT-VALUE})")
  int staleWhileRevalidate;

  @Option(
      names = "--prune",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "delete objects under v1/ this run did not produce; --no-prune keeps them (default: ${DEFAULT-VALUE})")
  boolean prune;

  @Option(
      names = "--distribution-id",
      paramLabel = "ID",
      description =
          "CloudFront distribution to invalidate (default: AISLE_CDN_DISTRIBUTION_ID; none: log the paths)")
  String distributionId;

  @Option(
      names = "--max-invalidation-paths",
      defaultValue = "100",
      description =
          "above this many changed objects, invalidate by folder wildcard (default: ${DEFAULT-VALUE})")
  int maxInvalidationPaths;

  @Option(
      names = "--threads",
      defaultValue = "16",
      description = "parallel uploads (default: ${DEFAULT-VALUE})")
  int threads;

  public static void main(String[] args) {
    configureLogging();
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new PrecomputeCommand());
    cli.setExecutionExceptionHandler(
        (e, command, parsed) -> {
          boolean badInput = e instanceof InputException;
          command
              .getErr()
              .println(
                  "aisle-precompute: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
          return badInput ? 2 : 1;
        });
    return cli;
  }

  @Override
  public Integer call() {
    AisleSettings settings = settings();
    try (CdnPrecompute precompute = new CdnPrecompute(settings)) {
      PrecomputeSummary summary = precompute.run(request(settings));
      System.out.println(summary.line());
    } catch (CorruptModelException e) {
      throw new IllegalStateException("the model is corrupt: " + e.getMessage(), e);
    }
    return 0;
  }

  private PrecomputeRequest request(AisleSettings settings) {
    ModelInput modelInput =
        ModelInput.parse(
            model == null ? "s3://" + settings.modelsBucket() + "/models/" : model,
            Optional.ofNullable(modelVersion));
    try {
      return PrecomputeRequest.builder(
              modelInput, out == null ? "s3://" + settings.cdnBucket() + "/" : out)
          .catalog(RecordSource.parse(catalog, settings.itemsTable()))
          .profiles(RecordSource.parse(users, settings.usersTable()))
          .shoppers(shopperVectors(shoppers, settings.userStateTable()))
          .segmentSample(segmentSample)
          .segments(segments)
          .k(k)
          .similarK(similarK)
          .attributes(attributes)
          .attributeShare(attributeShare)
          .minSupport(minSupport)
          .seed(seed)
          .cache(new CacheControl(maxAge, staleWhileRevalidate))
          .prune(prune)
          .distributionId(
              Optional.ofNullable(distributionId)
                  .or(() -> Optional.ofNullable(System.getenv("AISLE_CDN_DISTRIBUTION_ID")))
                  .filter(id -> !id.isBlank()))
          .maxInvalidationPaths(maxInvalidationPaths)
          .threads(threads)
          .build();
    } catch (IllegalArgumentException e) {
      throw new InputException(e.getMessage(), e);
    }
  }

  private AisleSettings settings() {
    if (envFile == null) {
      return AisleSettings.fromEnv(System.getenv());
    }
    if (!Files.isRegularFile(envFile)) {
      throw new InputException("no such settings file: " + envFile);
    }
    return SettingsFile.settings(envFile);
  }

  /** slf4j-simple: key=value lines on stderr with a timestamp; quiet AWS SDK. */
  private static void configureLogging() {
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
    System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
    System.setProperty("org.slf4j.simpleLogger.log.software.amazon", "warn");
  }

  private static ShopperVectors shopperVectors(String spec, String configuredTable) {
    RecordSource source = RecordSource.parse(spec, configuredTable);
    if (source instanceof RecordSource.Table table) {
      return new ShopperVectors.UserStateTable(table.name());
    }
    if (source instanceof RecordSource.CsvFile file) {
      return new ShopperVectors.Interactions(file.path());
    }
    return new ShopperVectors.None();
  }
}
