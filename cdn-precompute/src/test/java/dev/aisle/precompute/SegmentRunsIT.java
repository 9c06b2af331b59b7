package dev.aisle.precompute;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.model.Model;
import dev.aisle.precompute.source.ModelInput;
import dev.aisle.precompute.source.RecordSource;
import dev.aisle.segment.SegmentIndex;
import dev.aisle.segment.SegmentList;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.dynamo.ItemStore;
import dev.aisle.storage.dynamo.UserStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Segment lists per run on the local S3 server: two overlapping precompute runs do not delete each
 * other's lists, a client holding an older index still gets its own segment's list, and a run's
 * lists go only a grace period (longer than the cache lifetime) after another index replaced them.
 */
class SegmentRunsIT {

  private static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");
  private static final String INDEX = "v1/segments/index.json";

  private static PrecomputeStack stack;

  @BeforeAll
  static void start() {
    stack = new PrecomputeStack();
    new ItemStore(stack.dynamo, stack.settings.itemsTable()).putAll(TwoTastes.catalog());
    new UserStore(stack.dynamo, stack.settings.usersTable()).putAll(TwoTastes.profiles());
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  /**
   * Run A publishes; a browser caches A's index. Runs B and C overlap: C runs completely while B is
   * between its lists and its index (the test interleaves them at B's index upload). Then B's index
   * wins. Every client's index still resolves; within the grace period nothing is deleted; after
   * it, a run deletes A's and C's lists and keeps the named ones.
   */
  @Test
  void overlappingRunsKeepEachOthersListsUntilTheGracePeriodEnds() {
    AtomicReference<Instant> now = new AtomicReference<>(T0);
    Clock clock =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now.get();
          }
        };
    Model a = TwoTastes.model("20261203T080000Z-aaaaaa");
    Model b = TwoTastes.model("20261203T090000Z-bbbbbb");
    Model c = TwoTastes.model("20261203T090100Z-cccccc");

    run(a, clock, AwsClients.s3(stack.settings));
    SegmentIndex cachedA = index();
    assertThat(cachedA.lists()).startsWith("segments/" + a.version() + "-");

    AtomicReference<SegmentIndex> cachedC = new AtomicReference<>();
    S3Client interleaved =
        beforeFirstPutOf(
            INDEX,
            AwsClients.s3(stack.settings),
            () -> {
              run(c, clock, AwsClients.s3(stack.settings));
              cachedC.set(index());
            });
    run(b, clock, interleaved);
    SegmentIndex cachedB = index();

    assertThat(cachedB.lists())
        .as("the last index written names B's lists")
        .startsWith("segments/" + b.version());
    assertThat(cachedC.get().lists()).startsWith("segments/" + c.version());
    for (SegmentIndex held : List.of(cachedA, cachedC.get(), cachedB)) {
      assertClientGetsItsOwnList(held);
    }

    // within the grace period a later run (B's model again: same lists, same prefix) deletes
    // nothing
    now.set(T0.plus(Duration.ofHours(2)).minusSeconds(1));
    run(b, clock, AwsClients.s3(stack.settings));
    assertThat(runPrefixes())
        .containsExactlyInAnyOrder(prefixOf(cachedA), prefixOf(cachedB), prefixOf(cachedC.get()));
    assertClientGetsItsOwnList(cachedA);

    // after it, the retired runs' lists go; the named one stays
    now.set(T0.plus(Duration.ofHours(2)).plusSeconds(1));
    run(b, clock, AwsClients.s3(stack.settings));
    assertThat(runPrefixes()).containsExactly(prefixOf(cachedB));
    assertClientGetsItsOwnList(cachedB);
  }

  /** A client with {@code held} cached: the list of its segment is there, and is that index's. */
  private static void assertClientGetsItsOwnList(SegmentIndex held) {
    String segment = held.assign(Map.of("country", "de", "device", "mobile", "channel", "email"));
    SegmentList list =
        SegmentList.parse(object("v1/" + CdnPaths.segmentIn(held.listsPrefix(), segment)));
    assertThat(list.segment()).isEqualTo(segment);
    assertThat(list.modelVersion())
        .as("the list of the index the client holds")
        .isEqualTo(held.modelVersion());
    assertThat(list.items().get(0).itemId()).as("the shoe lovers' list").startsWith("shoe-");
  }

  private static void run(Model model, Clock clock, S3Client s3) {
    try (CdnPrecompute precompute = new CdnPrecompute(stack.settings, clock, () -> s3)) {
      precompute.run(
          PrecomputeRequest.builder(
                  new ModelInput.Loaded(model), "s3://" + stack.settings.cdnBucket() + "/")
              .shoppers(TwoTastes.shoppers())
              .catalog(new RecordSource.Table(stack.settings.itemsTable()))
              .profiles(new RecordSource.Table(stack.settings.usersTable()))
              .segments(2)
              .k(5)
              .similarK(0)
              .minSupport(5)
              .build());
    }
  }

  private static SegmentIndex index() {
    return SegmentIndex.parse(object(INDEX));
  }

  private static String prefixOf(SegmentIndex index) {
    return "v1/" + index.lists();
  }

  private static List<String> runPrefixes() {
    return stack
        .s3
        .listObjectsV2Paginator(r -> r.bucket(stack.settings.cdnBucket()).prefix("v1/segments/"))
        .contents()
        .stream()
        .map(S3Object::key)
        .filter(k -> !k.equals(INDEX))
        .map(k -> k.substring(0, k.lastIndexOf('/') + 1))
        .distinct()
        .toList();
  }

  private static byte[] object(String key) {
    return stack
        .s3
        .getObjectAsBytes(r -> r.bucket(stack.settings.cdnBucket()).key(key))
        .asByteArray();
  }

  @SuppressWarnings("unchecked")
  private static String keyOf(Object request) {
    if (request instanceof PutObjectRequest put) {
      return put.key();
    }
    if (request instanceof java.util.function.Consumer<?> consumer) {
      return PutObjectRequest.builder()
          .applyMutation((java.util.function.Consumer<PutObjectRequest.Builder>) consumer)
          .build()
          .key();
    }
    return null;
  }

  /**
   * The real client, except that {@code interleaved} runs (once) before the first upload of {@code
   * key}.
   */
  private static S3Client beforeFirstPutOf(String key, S3Client real, Runnable interleaved) {
    AtomicBoolean done = new AtomicBoolean();
    return (S3Client)
        Proxy.newProxyInstance(
            S3Client.class.getClassLoader(),
            new Class<?>[] {S3Client.class},
            (proxy, method, args) -> {
              if (method.getName().equals("putObject")
                  && key.equals(keyOf(args[0]))
                  && done.compareAndSet(false, true)) {
                interleaved.run();
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
