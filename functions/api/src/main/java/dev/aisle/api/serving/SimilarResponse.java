package dev.aisle.api.serving;

import dev.aisle.serving.ScoredItem;
import java.util.List;

/** {@code GET /similar}: {@code {"itemId","modelVersion","items":[{"itemId","score"}]}}. */
public record SimilarResponse(String itemId, String modelVersion, List<ScoredItem> items) {}
