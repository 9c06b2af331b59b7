package dev.aisle.api.error;

import dev.aisle.storage.StoreUnavailableException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Tells a store that is failing for now (answer 503, the client resends) from a bug or a broken
 * deployment (answer 500, someone must act): timeouts, lost connections, throttling, a service's
 * 5xx and an exhausted write budget are the former; a DynamoDB validation error or a missing table
 * the latter.
 */
public final class Unavailability {

  private Unavailability() {}

  /** True when {@code failure} or a cause of it says a store is unavailable for the moment. */
  public static boolean isTransient(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof StoreUnavailableException || t instanceof SdkClientException) {
        return true;
      }
      if (t instanceof AwsServiceException service) {
        return service.isThrottlingException() || service.statusCode() >= 500;
      }
    }
    return false;
  }
}
