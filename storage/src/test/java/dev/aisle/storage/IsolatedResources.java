package dev.aisle.storage;

import dev.aisle.storage.local.LocalProvisioner;
import dev.aisle.storage.local.LocalStack;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/** Tables, buckets and topics of one test class on the shared local stack, removed afterwards. */
final class IsolatedResources implements AutoCloseable {

  final AisleSettings settings;

  IsolatedResources() {
    String suffix = "-" + UUID.randomUUID().toString().substring(0, 8);
    settings = LocalStack.ensureUp().withSuffix(suffix);
    LocalProvisioner.ensure(settings);
  }

  @Override
  public void close() {
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(settings)) {
      for (String table : List.of(settings.eventsTable(), settings.itemsTable(), settings.usersTable(),
          settings.userStateTable())) {
        dynamo.deleteTable(b -> b.tableName(table));
      }
    }
    try (S3Client s3 = AwsClients.s3(settings)) {
      for (String bucket : List.of(settings.modelsBucket(), settings.cdnBucket())) {
        s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
            .map(o -> ObjectIdentifier.builder().key(o.key()).build())
            .forEach(id -> s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(id))));
        s3.deleteBucket(b -> b.bucket(bucket));
      }
    }
    try (Admin admin = Admin.create(KafkaClients.common(settings))) {
      admin.deleteTopics(List.of(settings.interactionsTopic(), settings.deadLetterTopic())).all().get();
    } catch (Exception e) {
      // best effort: a leftover topic does not affect other tests (names are unique)
    }
  }
}
