package dev.aisle.storage.local;

import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.dynamo.Outbox;
import dev.aisle.storage.dynamo.TableDefinitions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Finds every place a text (a shopper id, its hash) is stored: each table of {@link
 * TableDefinitions#all} scanned whole, every attribute (maps, lists, binary values included), and
 * every object of the models and CDN buckets, keys and bytes. For the erasure tests: after an
 * erasure the id must be nowhere and the hash only in the erasures table.
 */
public final class StoredTraces {

  private StoredTraces() {}

  /** Where the text occurs: {@code table <name>} or {@code s3://bucket/key}, one line per hit. */
  public static List<String> find(
      DynamoDbClient dynamo, S3Client s3, AisleSettings settings, String text) {
    List<String> hits = new ArrayList<>();
    TableDefinitions.all(settings)
        .forEach(
            t ->
                dynamo
                    .scanPaginator(b -> b.tableName(t.tableName()))
                    .items()
                    .forEach(
                        item -> {
                          if (contains(AttributeValue.fromM(item), text)) {
                            hits.add("table " + t.tableName());
                          }
                        }));
    for (String bucket : List.of(settings.modelsBucket(), settings.cdnBucket())) {
      s3.listObjectsV2Paginator(b -> b.bucket(bucket))
          .contents()
          .forEach(
              o -> {
                ResponseBytes<GetObjectResponse> bytes =
                    s3.getObjectAsBytes(b -> b.bucket(bucket).key(o.key()));
                if (o.key().contains(text)
                    || new String(bytes.asByteArray(), StandardCharsets.ISO_8859_1)
                        .contains(text)) {
                  hits.add("s3://" + bucket + "/" + o.key());
                }
              });
    }
    return hits;
  }

  private static boolean contains(AttributeValue value, String text) {
    if (value.s() != null) {
      return value.s().contains(text);
    }
    if (value.b() != null) {
      // binary attributes: user-state vectors, outbox keys (deflated: inflate them)
      String raw = new String(value.b().asByteArray(), StandardCharsets.ISO_8859_1);
      if (raw.contains(text)) {
        return true;
      }
      try {
        return Outbox.decode(value.b().asByteArray()).stream()
            .anyMatch(k -> k.userId().contains(text) || k.eventId().contains(text));
      } catch (RuntimeException notDeflated) {
        return false;
      }
    }
    if (value.hasM()) {
      for (Map.Entry<String, AttributeValue> e : value.m().entrySet()) {
        if (e.getKey().contains(text) || contains(e.getValue(), text)) {
          return true;
        }
      }
    }
    if (value.hasL()) {
      return value.l().stream().anyMatch(v -> contains(v, text));
    }
    if (value.hasSs()) {
      return value.ss().stream().anyMatch(v -> v.contains(text));
    }
    return false;
  }
}
