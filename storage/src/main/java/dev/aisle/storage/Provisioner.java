package dev.aisle.storage;

import dev.aisle.storage.dynamo.TableDefinitions;
import dev.aisle.storage.kafka.KafkaTopics;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * Creates the tables, buckets and topics of {@link AisleSettings} when they are missing, as a
 * function started with {@code aisle.provision} does on the local stack (in AWS the CDK app owns
 * them). Idempotent: run it as often as you like. It talks to all three stores, so it lives here.
 */
public final class Provisioner {

  private Provisioner() {}

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
    Set<String> existing =
        s3.listBuckets().buckets().stream().map(b -> b.name()).collect(Collectors.toSet());
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
