package dev.aisle.api.serving;

import dev.aisle.serving.ScoredItem;
import dev.aisle.serving.Source;
import java.util.List;

/**
 * {@code GET /recommendations}: {@code
 * {"userId","modelVersion","source":"realtime|personalized|segment|popular","items":[{"itemId","score"}]}}.
 * {@code modelVersion} is null only when no model has ever been loaded.
 */
public record RecommendationsResponse(
    String userId, String modelVersion, Source source, List<ScoredItem> items) {}
