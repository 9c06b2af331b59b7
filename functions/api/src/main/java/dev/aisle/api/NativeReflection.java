package dev.aisle.api;

import dev.aisle.api.error.ErrorBody;
import dev.aisle.api.ingest.EventIngest;
import dev.aisle.api.ingest.Upserted;
import dev.aisle.api.serving.RecommendationsResponse;
import dev.aisle.api.serving.SimilarResponse;
import dev.aisle.catalog.Item;
import dev.aisle.catalog.UserProfile;
import dev.aisle.event.Event;
import dev.aisle.event.EventType;
import dev.aisle.model.ModelManifest;
import dev.aisle.model.PopularLists;
import dev.aisle.model.RankedItem;
import dev.aisle.segment.ListedItem;
import dev.aisle.segment.SegmentIndex;
import dev.aisle.segment.SegmentList;
import dev.aisle.serving.ScoredItem;
import dev.aisle.serving.Source;
import dev.aisle.state.UserState;
import dev.aisle.validation.Violation;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The types Jackson reads or writes by reflection in the native build ({@code -Dnative}): the
 * responses, the events published to Kafka, and the model and CDN files read from S3. The JVM build
 * does not need this; the native image keeps only what is registered.
 */
@RegisterForReflection(
    targets = {
      HealthFunction.Health.class,
      ErrorBody.class,
      Violation.class,
      EventIngest.Accepted.class,
      Upserted.class,
      RecommendationsResponse.class,
      SimilarResponse.class,
      ScoredItem.class,
      Source.class,
      Event.class,
      EventType.class,
      Item.class,
      UserProfile.class,
      UserState.RecentEvent.class,
      ModelManifest.class,
      ModelManifest.FileEntry.class,
      PopularLists.class,
      RankedItem.class,
      SegmentIndex.class,
      SegmentIndex.Rule.class,
      SegmentIndex.Segment.class,
      SegmentList.class,
      ListedItem.class
    })
final class NativeReflection {

  private NativeReflection() {}
}
