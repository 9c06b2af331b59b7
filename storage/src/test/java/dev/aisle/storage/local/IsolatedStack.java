package dev.aisle.storage.local;

import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.dynamo.TableDefinitions;
import dev.aisle.storage.kafka.KafkaClients;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * Tables, buckets and topics of their own on the shared local stack, for one test class or bench:
 * the stack's names with a unique suffix, created on construction and deleted (objects included) by
 * {@link #close()}. Tests never touch the resources the running api and other tests use.
 */
public final class IsolatedStack implements AutoCloseable {

  private static final int DELETE_BATCH = 1000;

  private final AisleSettings settings;

  /**
   * @param label a short tag in the names ({@code aisle-events-<label>-1a2b3c4d}), to tell who made
   *     them
   */
  public IsolatedStack(String label) {
    settings =
        LocalStack.ensureUp()
            .withSuffix("-" + label + "-" + UUID.randomUUID().toString().substring(0, 8));
    LocalProvisioner.ensure(settings);
  }

  public AisleSettings settings() {
    return settings;
  }

  @Override
  public void close() {
    remove(settings);
  }

  /** Deletes the tables, buckets (with their objects) and topics {@code settings} names. */
  public static void remove(AisleSettings settings) {
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(settings)) {
      for (CreateTableRequest table : TableDefinitions.all(settings)) {
        dynamo.deleteTable(b -> b.tableName(table.tableName()));
      }
    }
    try (S3Client s3 = AwsClients.s3(settings)) {
      for (String bucket : List.of(settings.modelsBucket(), settings.cdnBucket())) {
        List<ObjectIdentifier> keys =
            s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
                .map(o -> ObjectIdentifier.builder().key(o.key()).build())
                .toList();
        for (int i = 0; i < keys.size(); i += DELETE_BATCH) {
          List<ObjectIdentifier> batch = keys.subList(i, Math.min(keys.size(), i + DELETE_BATCH));
          s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(batch)));
        }
        s3.deleteBucket(b -> b.bucket(bucket));
      }
    }
    Admin admin = Admin.create(KafkaClients.common(settings));
    try {
      admin
          .deleteTopics(List.of(settings.interactionsTopic(), settings.deadLetterTopic()))
          .all()
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // best effort: the names are unique, a leftover topic disturbs nobody
    } finally {
      admin.close(Duration.ofSeconds(5));
    }
  }
}
