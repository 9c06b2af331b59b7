package dev.aisle.precompute;

import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.local.IsolatedStack;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Isolated tables and buckets on the local stack ({@link IsolatedStack}) with clients for them. */
final class PrecomputeStack implements AutoCloseable {

  final AisleSettings settings;
  final S3Client s3;
  final DynamoDbClient dynamo;
  private final IsolatedStack stack;

  PrecomputeStack() {
    stack = new IsolatedStack("pre");
    settings = stack.settings();
    s3 = AwsClients.s3(settings);
    dynamo = AwsClients.dynamoDb(settings);
  }

  @Override
  public void close() {
    s3.close();
    dynamo.close();
    stack.close();
  }
}
