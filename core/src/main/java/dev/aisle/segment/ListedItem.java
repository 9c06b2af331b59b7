package dev.aisle.segment;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One entry of a CDN list (segment, popular, similar): the item's id and score as the api returns
 * them, plus what a storefront needs to render it without another call. Title, category and price
 * are absent when the catalog does not know them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ListedItem(
    String itemId, double score, String title, String category, Double price) {}
