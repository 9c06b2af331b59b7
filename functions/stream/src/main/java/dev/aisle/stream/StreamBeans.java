package dev.aisle.stream;

import dev.aisle.function.ErasureConfig;
import dev.aisle.snapshot.SnapshotStore;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.dynamo.ErasureStore;
import dev.aisle.storage.dynamo.ShopperErasure;
import dev.aisle.storage.dynamo.UserStateStore;
import dev.aisle.storage.s3.ModelMemoryBudget;
import dev.aisle.storage.s3.ModelStore;
import dev.aisle.storage.s3.S3SnapshotStorage;
import dev.aisle.telemetry.MetricNames;
import dev.aisle.telemetry.Metrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** The batch handler of this container, built from the shared clients and {@link StreamConfig}. */
@ApplicationScoped
public class StreamBeans {

  @Produces
  @Singleton
  InteractionBatchHandler handler(
      AisleSettings settings,
      DynamoDbClient dynamo,
      S3Client s3,
      StreamConfig config,
      ErasureConfig erasure) {
    return new InteractionBatchHandler(
        new UserStateStore(dynamo, settings.userStateTable()),
        realtimeModel(new ModelStore(s3, settings.modelsBucket()), config),
        new DeadLetters(settings),
        new UserStateUpdater(config.recentSize(), config.purchasedSize()),
        config.parallelism(),
        Clock.systemUTC(),
        erasureExecutor(settings, dynamo, s3, erasure));
  }

  /** Null when erasure is off (no salt). */
  private static ErasureExecutor erasureExecutor(
      AisleSettings settings, DynamoDbClient dynamo, S3Client s3, ErasureConfig config) {
    return config
        .hash()
        .map(
            hash ->
                new ErasureExecutor(
                    new ShopperErasure(
                        dynamo,
                        settings,
                        new SnapshotStore(
                            new S3SnapshotStorage(
                                s3, settings.modelsBucket(), config.snapshotPrefix())),
                        config.parallelism()),
                    new ErasureStore(
                        dynamo,
                        settings.erasuresTable(),
                        config.tombstoneTtl(),
                        config.recordRetention()),
                    hash,
                    Clock.systemUTC()))
        .orElse(null);
  }

  private static RealtimeModel realtimeModel(ModelStore store, StreamConfig config) {
    Metrics metrics = Metrics.toStandardOutput(MetricNames.SERVICE_STREAM);
    ModelMemoryBudget budget =
        config
            .modelMemoryBudget()
            .map(size -> new ModelMemoryBudget(size.asLongValue(), metrics))
            .orElseGet(() -> ModelMemoryBudget.shareOfHeap(metrics));
    return new RealtimeModel(store, config.modelRefresh(), budget, metrics);
  }

  void close(@Disposes InteractionBatchHandler handler) {
    handler.close();
  }
}
