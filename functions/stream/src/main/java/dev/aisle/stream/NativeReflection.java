package dev.aisle.stream;

import dev.aisle.event.Event;
import dev.aisle.event.EventType;
import dev.aisle.model.ModelManifest;
import dev.aisle.state.UserState;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The types Jackson reads or writes by reflection in the native build ({@code -Dnative}): the MSK
 * event and the answer to it, the events inside (the dead-letter topic gets the raw record), and
 * the model manifest read from S3.
 */
@RegisterForReflection(
    targets = {
      KafkaEvent.class,
      KafkaRecord.class,
      BatchResponse.class,
      BatchResponse.ItemFailure.class,
      BatchResponse.ItemIdentifier.class,
      Event.class,
      EventType.class,
      UserState.RecentEvent.class,
      ModelManifest.class,
      ModelManifest.FileEntry.class
    })
final class NativeReflection {

  private NativeReflection() {}
}
