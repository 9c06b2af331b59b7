package dev.aisle.storage;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the product's AWS SDK clients from {@link AisleSettings}: the same code talks to AWS and
 * to the local stack, which differs only by endpoint overrides. Retries and pagination are the
 * SDK's; the HTTP client is the light URL-connection one (small Lambda packages, fast start).
 */
public final class AwsClients {

  private AwsClients() {}

  public static DynamoDbClient dynamoDb(AisleSettings settings) {
    var builder = DynamoDbClient.builder()
        .region(Region.of(settings.region()))
        .credentialsProvider(credentials(settings))
        .httpClient(httpClient());
    settings.dynamodbEndpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  public static S3Client s3(AisleSettings settings) {
    var builder = S3Client.builder()
        .region(Region.of(settings.region()))
        .credentialsProvider(credentials(settings))
        .httpClient(httpClient());
    settings.s3Endpoint().ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
    return builder.build();
  }

  /** Idle connections kept per host when {@code http.maxConnections} is not set (the JDK keeps 5). */
  static final String KEEP_ALIVE_CONNECTIONS = "64";

  static SdkHttpClient httpClient() {
    // the URL-connection client pools in the JDK's keep-alive cache, read once, on first use: with its
    // default of 5, parallel requests (batch writes of a 500-event request) open a new connection each
    if (System.getProperty("http.maxConnections") == null) {
      System.setProperty("http.maxConnections", KEEP_ALIVE_CONNECTIONS);
    }
    return UrlConnectionHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(2))
        .socketTimeout(Duration.ofSeconds(30))
        .build();
  }

  /** Local servers accept any signature; AWS gets the default chain (role, environment, profile). */
  static AwsCredentialsProvider credentials(AisleSettings settings) {
    if (settings.localCredentials()) {
      return StaticCredentialsProvider.create(AwsBasicCredentials.create("aisle-local", "aisle-local"));
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
