package dev.aisle.stream;

import dev.aisle.storage.AwsClients;
import dev.aisle.storage.local.IsolatedStack;
import dev.aisle.storage.s3.ModelStore;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Points a {@code @QuarkusTest} at isolated resources on the local stack, with {@link PlantedModel}
 * published as the current model.
 */
public class StreamTestResource implements QuarkusTestResourceLifecycleManager {

  static final String MODEL_VERSION = "20260101T000000Z-planted";
  static final String ERASURE_SALT = "stream-test-erasure-salt";

  private IsolatedStack stack;

  @Override
  public Map<String, String> start() {
    stack = new IsolatedStack("stream");
    try (S3Client s3 = AwsClients.s3(stack.settings())) {
      PlantedModel.publish(
          new ModelStore(s3, stack.settings().modelsBucket()), PlantedModel.build(MODEL_VERSION));
    }
    Map<String, String> props = new HashMap<>(stack.settings().toProperties());
    props.put("aisle.stream.model-refresh", "1s");
    props.put("aisle.erasure.salt", ERASURE_SALT);
    return props;
  }

  @Override
  public void stop() {
    if (stack != null) {
      stack.close();
    }
  }
}
