package dev.aisle.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aisle.validation.BatchBody;
import dev.aisle.validation.JsonFields;
import dev.aisle.validation.Validated;
import dev.aisle.validation.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of {@code POST /items} ({@code {"items":[...]}}, 1–500 items): {@code itemId} required,
 * 1–128 characters; {@code title} up to 512; {@code category} up to 128; {@code price} a number
 * from 0 to 10^12; {@code tags} up to 32 strings of up to 64 characters; {@code available} true or
 * false (default true). Other fields are rejected.
 */
public final class ItemValidator {

  public static final int MAX_ITEMS = 500;
  public static final int MAX_ID_LENGTH = dev.aisle.validation.Ids.MAX_LENGTH;
  public static final int MAX_TITLE_LENGTH = 512;
  public static final int MAX_CATEGORY_LENGTH = 128;
  public static final double MAX_PRICE = 1e12;
  public static final int MAX_TAGS = 32;
  public static final int MAX_TAG_LENGTH = 64;

  private static final List<String> FIELDS =
      List.of("itemId", "title", "category", "price", "tags", "available");

  private ItemValidator() {}

  public static Validated<Item> validate(JsonNode body) {
    List<Violation> violations = new ArrayList<>();
    JsonNode elements = BatchBody.elements(body, "items", MAX_ITEMS, violations);
    List<Item> items = new ArrayList<>();
    for (int i = 0; elements != null && i < elements.size(); i++) {
      JsonFields f = JsonFields.of(elements.get(i), i, violations);
      f.rejectUnknown(FIELDS);
      String itemId = f.requiredText("itemId", MAX_ID_LENGTH);
      String title = f.optionalText("title", MAX_TITLE_LENGTH);
      String category = f.optionalText("category", MAX_CATEGORY_LENGTH);
      Double price = f.optionalNumber("price", 0, MAX_PRICE);
      List<String> tags = f.optionalTextList("tags", MAX_TAGS, MAX_TAG_LENGTH);
      Boolean available = f.optionalBoolean("available");
      if (f.valid()) {
        items.add(new Item(itemId, title, category, price, tags, available == null || available));
      }
    }
    return Validated.of(items, violations);
  }
}
