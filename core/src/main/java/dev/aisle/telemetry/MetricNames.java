package dev.aisle.telemetry;

/**
 * The names of Aisle's CloudWatch metrics (namespace {@value Metrics#NAMESPACE}) and of the
 * services that emit them (dimension {@value Metrics#SERVICE_DIMENSION}): the code that emits a
 * metric and the alarm that watches it (the CDK app) read the same constant.
 */
public final class MetricNames {

  /**
   * Events in outbox entries the relay should have published by now (emitted by each relay run).
   */
  public static final String OUTBOX_DEPTH = "OutboxDepth";

  /** Age of the oldest outbox entry in seconds, 0 when the outbox is empty (each relay run). */
  public static final String OUTBOX_OLDEST_AGE_SECONDS = "OutboxOldestAgeSeconds";

  /**
   * Age of the model a container (api or stream) answers with, in seconds since its manifest's
   * {@code created}; at most once a minute per container.
   */
  public static final String MODEL_AGE_SECONDS = "ModelAgeSeconds";

  /** 1 per model version a container would not load because it does not fit its memory budget. */
  public static final String MODEL_REFUSED = "ModelRefused";

  /** 1 per trainer run that published a model. */
  public static final String MODEL_PUBLISHED = "ModelPublished";

  /** 1 per trainer run whose model the gate kept from publishing. */
  public static final String MODEL_GATED = "ModelGated";

  /** 1 per failed trainer run. */
  public static final String TRAINER_FAILED = "TrainerFailed";

  /** Records the stream updater sent to the dead-letter topic. */
  public static final String STREAM_DEAD_LETTERED = "StreamDeadLettered";

  /** Requests the api answered 503 (a store failing, throttling or slower than the budget). */
  public static final String API_UNAVAILABLE = "ApiUnavailable";

  public static final String SERVICE_API = "api";
  public static final String SERVICE_STREAM = "stream";
  public static final String SERVICE_TRAINER = "trainer";

  private MetricNames() {}
}
