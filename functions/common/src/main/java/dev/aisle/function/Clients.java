package dev.aisle.function;

import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.Provisioner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One SDK client of each kind per container, built from {@link AisleConfig}. DynamoDB calls get the
 * request-path timeouts ({@link DynamoDbConfig}, by default {@link AwsClients.Timeouts#REQUESTS});
 * Kafka topics are provisioned in the background ({@link TopicProvisioning}), never while a bean
 * every request needs is being made.
 */
@ApplicationScoped
public class Clients {

  private static final Logger LOG = Logger.getLogger(Clients.class);

  @Produces
  @Singleton
  AisleSettings settings(AisleConfig config) {
    AisleSettings settings = config.settings();
    if (config.provision()) {
      Provisioner.ensure(settings);
      LOG.infof(
          "provisioned local tables, buckets and topics (events table %s)", settings.eventsTable());
    }
    return settings;
  }

  /**
   * With every {@link ExecutionInterceptor} bean of the application on it: a hook for tracing, and
   * for the tests' fault injection inside the SDK.
   */
  @Produces
  @Singleton
  DynamoDbClient dynamoDb(
      AisleSettings settings,
      DynamoDbConfig config,
      @Any Instance<ExecutionInterceptor> interceptors) {
    return AwsClients.dynamoDb(
        settings, config.timeouts(), interceptors.stream().toArray(ExecutionInterceptor[]::new));
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
