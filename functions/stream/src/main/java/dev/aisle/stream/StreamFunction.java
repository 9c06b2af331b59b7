package dev.aisle.stream;

import io.quarkus.funqy.Funq;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The stream function: input the Kafka event source's event, output the records to redeliver. In
 * AWS the MSK event source mapping invokes it; locally the poller does, in-process.
 */
@ApplicationScoped
public class StreamFunction {

  private final InteractionBatchHandler handler;
  private final StreamConfig config;

  public StreamFunction(InteractionBatchHandler handler, StreamConfig config) {
    this.handler = handler;
    this.config = config;
  }

  @Funq("fold-in")
  public BatchResponse foldIn(KafkaEvent event) {
    BatchResponse response = handler.handle(event);
    if (!config.reportBatchItemFailures() && !response.batchItemFailures().isEmpty()) {
      throw new BatchFailedException(response.batchItemFailures().size());
    }
    return response;
  }

  /**
   * Fails the invocation so that an event source without partial batch responses retries it whole.
   */
  public static final class BatchFailedException extends RuntimeException {
    BatchFailedException(int failedRecords) {
      super(
          failedRecords
              + " records failed; the batch is retried (events already applied are skipped by eventId)");
    }
  }
}
