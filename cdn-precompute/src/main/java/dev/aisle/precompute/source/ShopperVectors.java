package dev.aisle.precompute.source;

import dev.aisle.als.FoldIn;
import dev.aisle.csv.CsvFormatException;
import dev.aisle.csv.CsvTable;
import dev.aisle.model.FactorMatrix;
import dev.aisle.model.IdIndex;
import dev.aisle.model.Model;
import dev.aisle.state.UserState;
import dev.aisle.storage.dynamo.TableDefinitions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where the shoppers' vectors that segments are made of come from, now that a model ships none: the
 * trainer's factors in memory (the pipeline, right after training), the user-state table (the
 * standalone CLI: each shopper's vector when it was solved against this model, else folded in from
 * their recent window), an interactions CSV, or none (no segments).
 *
 * <p>Vectors are streamed one shopper at a time ({@link #forEach}), so a source of ten million
 * shoppers never has to fit in memory: the precompute keeps a bounded sample of them ({@link
 * ShopperSample}).
 */
public interface ShopperVectors {

  /** Receives the shoppers one by one; {@code vector} may be reused once the call returns. */
  @FunctionalInterface
  interface Sink {
    void accept(String userId, float[] vector);
  }

  /** Shopper ids with their vectors, rows aligned. */
  record Loaded(IdIndex ids, FactorMatrix vectors) {}

  /** Streams every shopper that has a vector in {@code model}'s factor space into {@code sink}. */
  void forEach(Model model, Supplier<DynamoDbClient> dynamo, Sink sink);

  String describe();

  record None() implements ShopperVectors {
    @Override
    public void forEach(Model model, Supplier<DynamoDbClient> dynamo, Sink sink) {
      // no shoppers: no segments
    }

    @Override
    public String describe() {
      return "none";
    }
  }

  /** The trainer's shopper factors, as fitted with the model's item factors. */
  record InMemory(IdIndex ids, FactorMatrix vectors) implements ShopperVectors {
    @Override
    public void forEach(Model model, Supplier<DynamoDbClient> dynamo, Sink sink) {
      int k = vectors.cols();
      if (k != model.factors()) {
        throw new InputException(
            "shopper vectors have " + k + " factors, the model " + model.factors());
      }
      float[] row = new float[k];
      for (int r = 0; r < ids.size(); r++) {
        System.arraycopy(vectors.data(), r * k, row, 0, k);
        sink.accept(ids.idAt(r), row);
      }
    }

    @Override
    public String describe() {
      return "trainer factors (" + ids.size() + " shoppers)";
    }
  }

  /** The user-state table, scanned once (paginated, one page in memory at a time). */
  record UserStateTable(String table) implements ShopperVectors {
    @Override
    public void forEach(Model model, Supplier<DynamoDbClient> dynamo, Sink sink) {
      FoldIn foldIn = FoldIn.of(model);
      int k = model.factors();
      java.time.Instant now = java.time.Instant.now();
      for (Map<String, AttributeValue> row :
          dynamo.get().scanPaginator(b -> b.tableName(table)).items()) {
        UserState state = dev.aisle.storage.dynamo.UserStateStore.decode(row);
        float[] vector =
            model.version().equals(state.modelVersion()) && state.vector().length == k
                ? state.vector()
                : foldIn.fold(state.recent(), now).vector();
        if (vector.length == k) {
          sink.accept(row.get(TableDefinitions.USER_ID).s(), vector);
        }
      }
    }

    @Override
    public String describe() {
      return "dynamodb:" + table;
    }
  }

  /**
   * An interactions CSV ({@code user_id,item_id,event_type,timestamp[,value]}, timestamps ISO-8601
   * or epoch millis): each shopper's events folded in against the model, as serving would. The
   * events are grouped by shopper in memory first: a file source is for small shops and tests; at
   * scale the user-state table is the source.
   */
  record Interactions(java.nio.file.Path file) implements ShopperVectors {
    @Override
    public void forEach(Model model, Supplier<DynamoDbClient> dynamo, Sink sink) {
      Map<String, List<UserState.RecentEvent>> byShopper = new java.util.LinkedHashMap<>();
      try {
        CsvTable.read(
            file,
            List.of("user_id", "item_id", "event_type", "timestamp"),
            row -> {
              var type =
                  dev.aisle.event.EventType.fromWire(row.apply("event_type").strip())
                      .orElseThrow(
                          () ->
                              new InputException(
                                  row.where() + ": unknown event_type " + row.apply("event_type")));
              String value = row.apply("value");
              byShopper
                  .computeIfAbsent(row.apply("user_id").strip(), u -> new ArrayList<>())
                  .add(
                      new UserState.RecentEvent(
                          null,
                          row.apply("item_id").strip(),
                          type,
                          value == null || value.isBlank() ? null : Double.valueOf(value),
                          instant(row.apply("timestamp").strip())));
            });
      } catch (InputException e) {
        throw e;
      } catch (RuntimeException e) {
        // a CSV that cannot be parsed, or a value of a row that cannot be read: bad input
        throw new InputException(
            e instanceof CsvFormatException
                ? e.getMessage()
                : file
                    + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("unreadable"),
            e);
      }
      FoldIn foldIn = FoldIn.of(model);
      java.time.Instant now = java.time.Instant.now();
      byShopper.forEach(
          (userId, events) -> {
            float[] vector = foldIn.fold(events, now).vector();
            if (vector.length == model.factors()) {
              sink.accept(userId, vector);
            }
          });
    }

    private static java.time.Instant instant(String text) {
      return text.chars().allMatch(Character::isDigit)
          ? java.time.Instant.ofEpochMilli(Long.parseLong(text))
          : java.time.Instant.parse(text);
    }

    @Override
    public String describe() {
      return file.toString();
    }
  }
}
