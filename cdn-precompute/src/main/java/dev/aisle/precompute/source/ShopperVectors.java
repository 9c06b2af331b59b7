package dev.aisle.precompute.source;

import dev.aisle.als.FoldIn;
import dev.aisle.model.FactorMatrix;
import dev.aisle.model.IdIndex;
import dev.aisle.model.Model;
import dev.aisle.state.UserState;
import dev.aisle.storage.TableDefinitions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where the shoppers' vectors that segments are made of come from, now that a model ships none:
 * the trainer's factors in memory (the pipeline, right after training), the user-state table (the
 * standalone CLI: each shopper's vector when it was solved against this model, else folded in from
 * their recent window), or none (no segments).
 */
public sealed interface ShopperVectors {

  /** Shopper ids with their vectors, rows aligned. */
  record Loaded(IdIndex ids, FactorMatrix vectors) {}

  /** The shoppers' vectors in {@code model}'s factor space; null for none. */
  Loaded load(Model model, Supplier<DynamoDbClient> dynamo);

  String describe();

  record None() implements ShopperVectors {
    @Override
    public Loaded load(Model model, Supplier<DynamoDbClient> dynamo) {
      return null;
    }

    @Override
    public String describe() {
      return "none";
    }
  }

  /** The trainer's shopper factors, as fitted with the model's item factors. */
  record InMemory(IdIndex ids, FactorMatrix vectors) implements ShopperVectors {
    @Override
    public Loaded load(Model model, Supplier<DynamoDbClient> dynamo) {
      if (vectors.cols() != model.factors()) {
        throw new InputException("shopper vectors have " + vectors.cols() + " factors, the model " + model.factors());
      }
      return new Loaded(ids, vectors);
    }

    @Override
    public String describe() {
      return "trainer factors (" + ids.size() + " shoppers)";
    }
  }

  /** The user-state table, scanned once (paginated). */
  record UserStateTable(String table) implements ShopperVectors {
    @Override
    public Loaded load(Model model, Supplier<DynamoDbClient> dynamo) {
      FoldIn foldIn = FoldIn.of(model);
      int k = model.factors();
      List<String> ids = new ArrayList<>();
      float[] data = new float[1024 * k];
      java.time.Instant now = java.time.Instant.now();
      for (Map<String, AttributeValue> row : dynamo.get().scanPaginator(b -> b.tableName(table)).items()) {
        UserState state = dev.aisle.storage.UserStateStore.decode(row);
        float[] vector = model.version().equals(state.modelVersion()) && state.vector().length == k
            ? state.vector() : foldIn.fold(state.recent(), now).vector();
        if (vector.length != k) {
          continue;
        }
        if ((ids.size() + 1) * k > data.length) {
          data = Arrays.copyOf(data, data.length * 2);
        }
        System.arraycopy(vector, 0, data, ids.size() * k, k);
        ids.add(row.get(TableDefinitions.USER_ID).s());
      }
      return new Loaded(new IdIndex(ids), new FactorMatrix(Arrays.copyOf(data, ids.size() * k), ids.size(), k));
    }

    @Override
    public String describe() {
      return "dynamodb:" + table;
    }
  }

  /**
   * An interactions CSV ({@code user_id,item_id,event_type,timestamp[,value]}, timestamps ISO-8601
   * or epoch millis): each shopper's events folded in against the model, as serving would.
   */
  record Interactions(java.nio.file.Path file) implements ShopperVectors {
    @Override
    public Loaded load(Model model, Supplier<DynamoDbClient> dynamo) {
      Map<String, List<UserState.RecentEvent>> byShopper = new java.util.LinkedHashMap<>();
      CsvRows.read(file, List.of("user_id", "item_id", "event_type", "timestamp"), row -> {
        var type = dev.aisle.event.EventType.fromWire(row.apply("event_type").strip()).orElseThrow(() ->
            new InputException(file + " line " + row.line() + ": unknown event_type " + row.apply("event_type")));
        String value = row.apply("value");
        byShopper.computeIfAbsent(row.apply("user_id").strip(), u -> new ArrayList<>()).add(new UserState.RecentEvent(
            null, row.apply("item_id").strip(), type, value == null || value.isBlank() ? null : Double.valueOf(value),
            instant(row.apply("timestamp").strip())));
      });
      FoldIn foldIn = FoldIn.of(model);
      java.time.Instant now = java.time.Instant.now();
      List<String> ids = new ArrayList<>();
      List<float[]> vectors = new ArrayList<>();
      byShopper.forEach((userId, events) -> {
        float[] vector = foldIn.fold(events, now).vector();
        if (vector.length == model.factors()) {
          ids.add(userId);
          vectors.add(vector);
        }
      });
      float[] data = new float[ids.size() * model.factors()];
      for (int r = 0; r < ids.size(); r++) {
        System.arraycopy(vectors.get(r), 0, data, r * model.factors(), model.factors());
      }
      return new Loaded(new IdIndex(ids), new FactorMatrix(data, ids.size(), model.factors()));
    }

    private static java.time.Instant instant(String text) {
      return text.chars().allMatch(Character::isDigit) ? java.time.Instant.ofEpochMilli(Long.parseLong(text))
          : java.time.Instant.parse(text);
    }

    @Override
    public String describe() {
      return file.toString();
    }
  }
}
