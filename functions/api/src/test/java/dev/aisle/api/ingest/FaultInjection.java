package dev.aisle.api.ingest;

import dev.aisle.storage.faults.DynamoFaults;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Puts {@link DynamoFaults} (JVM-wide switch, off unless a test calls {@code DynamoFaults.inject})
 * on the DynamoDB client of every application these tests start: the product's client code meets
 * the injected faults inside the real SDK.
 */
@ApplicationScoped
class FaultInjection {

  @Produces
  @Singleton
  ExecutionInterceptor dynamoFaults() {
    return new DynamoFaults();
  }
}
