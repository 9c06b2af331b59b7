package dev.aisle.storage;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the product's AWS SDK clients from {@link AisleSettings}: the same code talks to AWS and
 * to the local stack, which differs only by endpoint overrides. Retries and pagination are the
 * SDK's; the HTTP client is the light URL-connection one (small Lambda packages, fast start).
 *
 * <p>Every client has an attempt and a call timeout ({@link Timeouts}): without them a stalled
 * connection waits for the 30 s socket timeout, times the SDK's retries, far past a Lambda's own
 * timeout. Code with a budget of its own narrows them per request with {@link Deadline#cap}.
 */
public final class AwsClients {

  /**
   * How long one attempt of an SDK call may take, and the whole call with the SDK's retries.
   *
   * @param attempt one HTTP exchange; a stuck one is abandoned and retried on a fresh connection
   * @param call all attempts and the backoff between them
   */
  public record Timeouts(Duration attempt, Duration call) {

    /**
     * DynamoDB from the functions: it answers in milliseconds, so an attempt still running after a
     * second is stuck (a dead connection, a paused server), and a call gives up after 3 s, leaving
     * a request time to answer 503 with Retry-After well inside the Lambda timeout.
     */
    public static final Timeouts REQUESTS =
        new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(3));

    /**
     * Serving reads that have a fallback (segment or popular lists): a few hundred milliseconds.
     * Per request: {@code .overrideConfiguration(Timeouts.READS.override())}.
     */
    public static final Timeouts READS =
        new Timeouts(Duration.ofMillis(250), Duration.ofMillis(600));

    /** Batch jobs and tools (trainer scans, precompute, provisioning): long, but bounded. */
    public static final Timeouts BATCH =
        new Timeouts(Duration.ofSeconds(30), Duration.ofMinutes(2));

    /**
     * S3: model files are large (a streamed {@code getObject} is read after the call returns, so
     * only uploads are long calls); {@code models/CURRENT} checks are small.
     */
    public static final Timeouts OBJECTS =
        new Timeouts(Duration.ofMinutes(2), Duration.ofMinutes(5));

    public Timeouts {
      if (attempt.compareTo(call) > 0) {
        throw new IllegalArgumentException(
            "an attempt (" + attempt + ") cannot outlast its call (" + call + ")");
      }
    }

    /** These timeouts for one request, whatever the client's are. */
    public AwsRequestOverrideConfiguration override() {
      return AwsRequestOverrideConfiguration.builder()
          .apiCallAttemptTimeout(attempt)
          .apiCallTimeout(call)
          .build();
    }

    ClientOverrideConfiguration.Builder apply(ClientOverrideConfiguration.Builder builder) {
      return builder.apiCallAttemptTimeout(attempt).apiCallTimeout(call);
    }
  }

  private AwsClients() {}

  /** A DynamoDB client for batch work ({@link Timeouts#BATCH}). */
  public static DynamoDbClient dynamoDb(AisleSettings settings) {
    return dynamoDb(settings, Timeouts.BATCH);
  }

  public static DynamoDbClient dynamoDb(
      AisleSettings settings, Timeouts timeouts, ExecutionInterceptor... interceptors) {
    ClientOverrideConfiguration.Builder override =
        timeouts.apply(ClientOverrideConfiguration.builder());
    for (ExecutionInterceptor interceptor : interceptors) {
      override.addExecutionInterceptor(interceptor);
    }
    var builder =
        DynamoDbClient.builder()
            .region(Region.of(settings.region()))
            .credentialsProvider(credentials(settings))
            .httpClient(httpClient())
            .overrideConfiguration(override.build());
    settings.dynamodbEndpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  public static S3Client s3(AisleSettings settings) {
    var builder =
        S3Client.builder()
            .region(Region.of(settings.region()))
            .credentialsProvider(credentials(settings))
            .httpClient(httpClient())
            .overrideConfiguration(
                Timeouts.OBJECTS.apply(ClientOverrideConfiguration.builder()).build());
    settings
        .s3Endpoint()
        .ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
    return builder.build();
  }

  /**
   * Idle connections kept per host when {@code http.maxConnections} is not set (the JDK keeps 5).
   */
  static final String KEEP_ALIVE_CONNECTIONS = "64";

  static SdkHttpClient httpClient() {
    // the URL-connection client pools in the JDK's keep-alive cache, read once, on first use: with
    // its
    // default of 5, parallel requests (batch writes of a 500-event request) open a new connection
    // each
    if (System.getProperty("http.maxConnections") == null) {
      System.setProperty("http.maxConnections", KEEP_ALIVE_CONNECTIONS);
    }
    return UrlConnectionHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(2))
        .socketTimeout(Duration.ofSeconds(30))
        .build();
  }

  /**
   * Local servers accept any signature; AWS gets the default chain (role, environment, profile).
   */
  static AwsCredentialsProvider credentials(AisleSettings settings) {
    if (settings.localCredentials()) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create("aisle-local", "aisle-local"));
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
