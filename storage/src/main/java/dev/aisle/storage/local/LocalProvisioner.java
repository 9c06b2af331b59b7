package dev.aisle.storage.local;

import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.KafkaTopics;
import dev.aisle.storage.TableDefinitions;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * Creates the tables, buckets and topics of {@link AisleSettings} on the local stack when they are
 * missing; in AWS the CDK app owns them. Idempotent: run it as often as you like.
 */
public final class LocalProvisioner {

  private LocalProvisioner() {}

  public static void main(String[] args) {
    Path env = args.length > 0 ? Path.of(args[0]) : StackEnv.RELATIVE_PATH;
    AisleSettings settings = StackEnv.settings(env);
    ensure(settings);
    System.out.printf("provisioned tables %s, buckets %s, topics %s%n",
        TableDefinitions.all(settings).stream().map(CreateTableRequest::tableName).toList(),
        List.of(settings.modelsBucket(), settings.cdnBucket()),
        List.of(settings.interactionsTopic(), settings.deadLetterTopic()));
  }

  public static void ensure(AisleSettings settings) {
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(settings)) {
      ensureTables(dynamo, TableDefinitions.all(settings));
    }
    try (S3Client s3 = AwsClients.s3(settings)) {
      ensureBuckets(s3, settings.modelsBucket(), settings.cdnBucket());
    }
    KafkaTopics.ensure(settings);
  }

  static void ensureTables(DynamoDbClient dynamo, List<CreateTableRequest> tables) {
    Set<String> existing = Set.copyOf(dynamo.listTablesPaginator().tableNames().stream().toList());
    for (CreateTableRequest table : tables) {
      if (existing.contains(table.tableName())) {
        continue;
      }
      try {
        dynamo.createTable(table);
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(table.tableName()));
      } catch (ResourceInUseException raced) {
        // created meanwhile by another process: what we wanted
      }
    }
  }

  static void ensureBuckets(S3Client s3, String... buckets) {
    Set<String> existing = s3.listBuckets().buckets().stream().map(b -> b.name()).collect(Collectors.toSet());
    for (String bucket : buckets) {
      if (existing.contains(bucket)) {
        continue;
      }
      try {
        s3.createBucket(b -> b.bucket(bucket));
      } catch (BucketAlreadyOwnedByYouException raced) {
        // created meanwhile by another process
      }
    }
  }
}
