package dev.aisle.storage.faults;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;

/**
 * Injects DynamoDB faults inside the AWS SDK, where the product's own client code meets them
 * exactly as it would meet AWS: an {@link ExecutionInterceptor} that rewrites answers.
 *
 * <ul>
 *   <li>{@link Fault#UNPROCESSED}: BatchWriteItem and BatchGetItem answers leave every item
 *       unprocessed (what a throttled partition answers; the SDK does not retry those).
 *   <li>{@link Fault#THROTTLED}: every DynamoDB call answers HTTP 400 {@code
 *       ProvisionedThroughputExceededException}, which the SDK retries with its own backoff and
 *       then throws.
 * </ul>
 *
 * <p>Add it to a client ({@code AwsClients.dynamoDb(settings, timeouts, faults)}), or to every SDK
 * client of a test JVM with the SDK's global-interceptor file {@code
 * software/amazon/awssdk/global/handlers/execution.interceptors} naming this class; then switch the
 * JVM-wide fault with {@link #inject}.
 */
public final class DynamoFaults implements ExecutionInterceptor {

  public enum Fault {
    NONE,
    UNPROCESSED,
    THROTTLED
  }

  private static final ExecutionAttribute<Boolean> THROTTLING =
      new ExecutionAttribute<>("aisle.faults.throttling");
  private static volatile Fault global = Fault.NONE;
  private static final AtomicInteger INJECTED = new AtomicInteger();

  private final Fault fixed;
  private final AtomicInteger left;

  /**
   * Follows the JVM-wide fault ({@link #inject}); the SDK's global-interceptor loader calls this.
   */
  public DynamoFaults() {
    this(null, Integer.MAX_VALUE);
  }

  /** Injects {@code fault} on the client it is added to, whatever the JVM-wide one is. */
  public DynamoFaults(Fault fault) {
    this(fault, Integer.MAX_VALUE);
  }

  /** Injects {@code fault} into the first {@code times} answers it applies to, then none. */
  public DynamoFaults(Fault fault, int times) {
    this.fixed = fault;
    this.left = new AtomicInteger(times);
  }

  /** The fault every {@link #DynamoFaults() global} interceptor injects from now on. */
  public static void inject(Fault fault) {
    global = fault;
  }

  /** Answers rewritten so far in this JVM. */
  public static int injected() {
    return INJECTED.get();
  }

  private Fault fault() {
    return fixed != null ? fixed : global;
  }

  /** Counts one injection; false once the budget of injections is used up. */
  private boolean take() {
    if (left.getAndDecrement() <= 0) {
      return false;
    }
    INJECTED.incrementAndGet();
    return true;
  }

  @Override
  public Optional<java.io.InputStream> modifyHttpResponseContent(
      Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    if (!Boolean.TRUE.equals(attributes.getAttribute(THROTTLING))) {
      return context.responseBody();
    }
    return Optional.of(
        new ByteArrayInputStream(
            ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#"
                    + "ProvisionedThroughputExceededException\",\"message\":\"injected: the level of configured "
                    + "provisioned throughput for the table was exceeded\"}")
                .getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public SdkHttpResponse modifyHttpResponse(
      Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    // decided per attempt: the SDK retries a throttled call with the same attributes
    boolean throttle =
        fault() == Fault.THROTTLED && context.request() instanceof DynamoDbRequest && take();
    attributes.putAttribute(THROTTLING, throttle);
    if (!throttle) {
      return context.httpResponse();
    }
    return context.httpResponse().toBuilder()
        .statusCode(400)
        .statusText("Bad Request")
        .removeHeader("x-amz-crc32")
        .build();
  }

  @Override
  public SdkResponse modifyResponse(
      Context.ModifyResponse context, ExecutionAttributes attributes) {
    if (fault() != Fault.UNPROCESSED) {
      return context.response();
    }
    if (context.response() instanceof BatchWriteItemResponse
        && context.request() instanceof BatchWriteItemRequest r
        && take()) {
      return BatchWriteItemResponse.builder().unprocessedItems(r.requestItems()).build();
    }
    if (context.response() instanceof BatchGetItemResponse
        && context.request() instanceof BatchGetItemRequest r
        && take()) {
      Map<String, List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>>>
          none = new java.util.HashMap<>();
      r.requestItems().keySet().forEach(table -> none.put(table, List.of()));
      return BatchGetItemResponse.builder()
          .responses(none)
          .unprocessedKeys(r.requestItems())
          .build();
    }
    return context.response();
  }
}
