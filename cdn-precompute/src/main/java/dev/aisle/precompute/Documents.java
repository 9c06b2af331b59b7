package dev.aisle.precompute;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.aisle.segment.ListedItem;
import java.util.List;

/**
 * The JSON documents of the CDN layout besides {@link dev.aisle.segment.SegmentIndex} and {@link
 * dev.aisle.segment.SegmentList}. None carries a timestamp: an unchanged model and catalog give
 * byte-identical objects, which is how unchanged uploads are skipped.
 */
public final class Documents {

  private Documents() {}

  /**
   * {@code v1/popular.json}: the most popular available items overall (time-decayed), and where the
   * per-category lists are.
   */
  public record Popular(
      String modelVersion, List<ListedItem> items, List<CategoryLink> categories) {}

  /** A category with its list's path relative to {@code v1/}, e.g. {@code popular/shoes.json}. */
  public record CategoryLink(String category, String path, int items) {}

  /** {@code v1/popular/<category>.json}. */
  public record PopularInCategory(String modelVersion, String category, List<ListedItem> items) {}

  /**
   * {@code v1/similar/<itemId>.json}: the shape of {@code GET /similar}, with the item's own title,
   * category and price (so a page can render any item id it got from the api from this one file)
   * and its neighbours enriched for display.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Similar(
      String modelVersion,
      String itemId,
      String title,
      String category,
      Double price,
      List<ListedItem> items) {}
}
