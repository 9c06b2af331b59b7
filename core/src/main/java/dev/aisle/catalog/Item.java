package dev.aisle.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A catalog entry. Unavailable items are never recommended. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Item(
    String itemId,
    String title,
    String category,
    Double price,
    List<String> tags,
    boolean available) {

  public Item {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }
}
