package dev.aisle.function;

import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.KafkaTopics;
import dev.aisle.storage.local.LocalProvisioner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** One SDK client of each kind per container, built from {@link AisleConfig}. */
@ApplicationScoped
public class Clients {

  private static final Logger LOG = Logger.getLogger(Clients.class);

  @Produces
  @Singleton
  AisleSettings settings(AisleConfig config) {
    AisleSettings settings = config.settings();
    if (config.provision()) {
      LocalProvisioner.ensure(settings);
      LOG.infof("provisioned local tables, buckets and topics (events table %s)", settings.eventsTable());
    } else if (config.provisionTopics()) {
      KafkaTopics.ensure(settings);
      LOG.infof("provisioned Kafka topics %s and %s", settings.interactionsTopic(), settings.deadLetterTopic());
    }
    return settings;
  }

  @Produces
  @Singleton
  DynamoDbClient dynamoDb(AisleSettings settings) {
    return AwsClients.dynamoDb(settings);
  }

  @Produces
  @Singleton
  S3Client s3(AisleSettings settings) {
    return AwsClients.s3(settings);
  }

  void closeDynamoDb(@Disposes DynamoDbClient client) {
    client.close();
  }

  void closeS3(@Disposes S3Client client) {
    client.close();
  }
}
