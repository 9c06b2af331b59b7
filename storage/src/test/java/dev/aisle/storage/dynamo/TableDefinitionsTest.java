package dev.aisle.storage.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

class TableDefinitionsTest {

  @Test
  void acceptShardsAreTwoDigitsStableAndSpreadOneShoppersEvents() {
    assertThat(TableDefinitions.acceptShard("u1", "e1"))
        .isEqualTo(TableDefinitions.acceptShard("u1", "e1"))
        .matches("[0-9]{2}");
    Map<String, Integer> perShard = new HashMap<>();
    for (int e = 0; e < 16_000; e++) {
      perShard.merge(
          TableDefinitions.acceptShard("one-busy-shopper", "event-" + e), 1, Integer::sum);
    }
    assertThat(perShard).hasSize(TableDefinitions.ACCEPT_SHARDS);
    assertThat(perShard.keySet())
        .allMatch(s -> Integer.parseInt(s) < TableDefinitions.ACCEPT_SHARDS);
    assertThat(perShard.values()).allMatch(n -> n > 800 && n < 1200);
  }

  @Test
  void theEventsTableHasTheAcceptTimeIndexWithWhatTrainingReads() {
    CreateTableRequest events = TableDefinitions.events("events");
    GlobalSecondaryIndex index =
        events.globalSecondaryIndexes().stream()
            .filter(i -> i.indexName().equals(TableDefinitions.EVENTS_BY_ACCEPT_TIME_INDEX))
            .findFirst()
            .orElseThrow();
    assertThat(index.keySchema())
        .extracting(k -> k.attributeName())
        .containsExactly(TableDefinitions.ACCEPT_SHARD, TableDefinitions.ACCEPTED_AT);
    assertThat(index.projection().projectionType()).isEqualTo(ProjectionType.INCLUDE);
    assertThat(index.projection().nonKeyAttributes())
        .containsExactlyInAnyOrder("itemId", "type", "ts", "value");
  }
}
