package dev.aisle.function;

import dev.aisle.storage.AwsClients;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Timeouts of the functions' DynamoDB client ({@code aisle.dynamodb.*}; environment {@code
 * AISLE_DYNAMODB_ATTEMPT_TIMEOUT} …). The defaults are {@link AwsClients.Timeouts#REQUESTS}:
 * DynamoDB answers in milliseconds. A local DynamoDB server on a busy laptop can take seconds (the
 * {@code %local} profile gives it more). Work with a budget of its own (a request's writes) narrows
 * them further per call.
 */
@ConfigMapping(prefix = "aisle.dynamodb")
public interface DynamoDbConfig {

  /** One HTTP exchange; a stuck one is abandoned and retried on a fresh connection. */
  @WithDefault("1s")
  Duration attemptTimeout();

  /** A whole call, the SDK's retries included. */
  @WithDefault("3s")
  Duration callTimeout();

  default AwsClients.Timeouts timeouts() {
    return new AwsClients.Timeouts(attemptTimeout(), callTimeout());
  }
}
