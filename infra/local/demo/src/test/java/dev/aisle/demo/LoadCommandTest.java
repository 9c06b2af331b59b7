package dev.aisle.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.event.EventType;
import dev.aisle.trainer.data.Interaction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadCommandTest {

  private static final List<Interaction> ROWS =
      List.of(
          new Interaction("u1", "i1", EventType.VIEW, 1_000L, Double.NaN),
          new Interaction("u1", "i1", EventType.VIEW, 1_000L, Double.NaN),
          new Interaction("u1", "i2", EventType.PURCHASE, 2_000L, 3),
          new Interaction("u2", "i1", EventType.VIEW, 1_000L, Double.NaN));

  @Test
  void eventIdsDependOnlyOnTheRowsSoASecondSendIsAllDuplicates() {
    List<Map<String, Object>> first = LoadCommand.eventsWithIds(ROWS);
    List<Map<String, Object>> second = LoadCommand.eventsWithIds(ROWS);

    assertThat(first)
        .extracting(e -> e.get("eventId"))
        .containsExactlyElementsOf(second.stream().map(e -> e.get("eventId")).toList());
  }

  @Test
  void repeatedRowsStayDistinctEvents() {
    List<Map<String, Object>> events = LoadCommand.eventsWithIds(ROWS);

    assertThat(events).extracting(e -> e.get("eventId")).doesNotHaveDuplicates();
  }

  @Test
  void eventsCarryTheApiFields() {
    Map<String, Object> purchase = LoadCommand.eventsWithIds(ROWS).get(2);

    assertThat(purchase)
        .containsEntry("userId", "u1")
        .containsEntry("itemId", "i2")
        .containsEntry("type", "purchase")
        .containsEntry("value", 3.0)
        .containsEntry("timestamp", "1970-01-01T00:00:02Z");
    assertThat(LoadCommand.eventsWithIds(ROWS).get(0)).doesNotContainKey("value");
  }
}
