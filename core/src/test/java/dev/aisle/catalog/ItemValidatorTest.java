package dev.aisle.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.json.Json;
import dev.aisle.validation.Validated;
import dev.aisle.validation.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

class ItemValidatorTest {

  @Test
  void readsItemsWithDefaults() throws Exception {
    Validated<Item> result =
        ItemValidator.validate(
            Json.mapper()
                .readTree(
                    """
        {"items":[
          {"itemId":"i1","title":"Tent","category":"outdoor","price":199.5,"tags":["camping","sale"],"available":false},
          {"itemId":"i2"}
        ]}"""));

    assertThat(result.violations()).isEmpty();
    assertThat(result.values())
        .containsExactly(
            new Item("i1", "Tent", "outdoor", 199.5, List.of("camping", "sale"), false),
            new Item("i2", null, null, null, List.of(), true));
  }

  @Test
  void reportsEveryProblem() throws Exception {
    Validated<Item> result =
        ItemValidator.validate(
            Json.mapper()
                .readTree(
                    """
        {"items":[
          {"itemId":"ok"},
          {"title":"no id","price":-1,"tags":"sale","available":"yes","brand":"x"},
          {"itemId":"i3","tags":["ok", 3, "%s"]}
        ]}"""
                        .formatted("t".repeat(65))));

    assertThat(result.values()).isEmpty();
    assertThat(result.violations())
        .extracting(Violation::index, Violation::field)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "brand"),
            org.assertj.core.groups.Tuple.tuple(1, "itemId"),
            org.assertj.core.groups.Tuple.tuple(1, "price"),
            org.assertj.core.groups.Tuple.tuple(1, "tags"),
            org.assertj.core.groups.Tuple.tuple(1, "available"),
            org.assertj.core.groups.Tuple.tuple(2, "tags[1]"),
            org.assertj.core.groups.Tuple.tuple(2, "tags[2]"));
  }

  @Test
  void rejectsAWrongEnvelope() throws Exception {
    assertThat(ItemValidator.validate(Json.mapper().readTree("{\"events\":[]}")).violations())
        .extracting(Violation::field)
        .containsExactly("events", "items");
  }
}
